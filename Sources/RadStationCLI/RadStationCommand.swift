import ArgumentParser

/// `radstation`: the command-line entry point. Commands only parse arguments, call the libraries and
/// format results.
///
/// Exit codes: 0 success; 3 partial success (some files or volumes failed, the rest were converted);
/// 1 failure (nothing usable); 64 usage error (argument parser).
public struct RadStationCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "radstation",
        abstract: "DICOM-native imaging workstation backend for HCC/TACE radiomics.",
        subcommands: [Inspect.self, Convert.self, Align.self, Process.self, Watch.self, Status.self, Features.self, Masks.self,
                      Render.self, CohortCommand.self, Export.self, CourseCommand.self, ICC.self, Select.self, Score.self, Slurm.self, ProcessStudy.self, IdentifyFiles.self])

    public init() {}

    /// Exit code for a run where some inputs failed and the rest succeeded.
    public static let partialSuccess = ExitCode(3)
}
