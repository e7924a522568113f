import CANNApp

CANNCommand.main()
