import ArgumentParser

/// `radstation`: the command-line entry point. Commands only parse arguments, call the libraries and
/// format results.
public struct RadStationCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "radstation",
        abstract: "DICOM-native imaging workstation backend for HCC/TACE radiomics.",
        subcommands: [])

    public init() {}
}
