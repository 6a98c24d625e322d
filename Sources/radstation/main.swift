import RadStationCLI

await RadStationCommand.main()
