import ArgumentParser
import Cohort
import Foundation

/// `radstation cohort <out>`: the cohort table, its column dictionary and the QA dashboard of an output folder.
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Assemble the cohort table (cohort/features.csv), its column dictionary and the QA dashboard of an output folder.",
        discussion: """
            Reads the published study folders of <out> (manifest.json, features/extractions.json and the feature files) \
            and writes <out>/cohort/features.csv (wide: one row per patient, study, timepoint, series, phase, ROI and \
            reader; one column per feature, PyRadiomics names; pseudonymous keys only), features.columns.json and \
            index.html, atomically. `process` and `watch` rebuild it after every publication; this command rebuilds it \
            on demand.
            """)

    @Argument(help: "The output folder of process or watch.")
    var out: String

    func run() throws {
        let summary = try Cohort.rebuild(output: URL(fileURLWithPath: out))
        print("\(summary.studies) stud\(summary.studies == 1 ? "y" : "ies"), \(summary.rows) row(s) × \(summary.features) feature(s) → \(out)/cohort/features.csv")
        for problem in summary.problems { print("warning: \(problem)") }
        if !summary.problems.isEmpty { throw RadStationCommand.partialSuccess }
    }
}
