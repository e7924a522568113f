import DynamicsCommand

DynamicsCommand.main()
