import Yang2020App

Yang2020Command.main()
