import RadStationCLI

RadStationCommand.main()
