import ArgumentParser
import CohortStatistics
import Foundation

/// `radstation select`: reproducible, non-redundant features from an ICC table and a feature table.
struct Select: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep features with ICC >= --min-icc that are not redundant (|Spearman rho| > --max-spearman).",
        discussion: """
            Candidates are the features of the ICC table (from 'radstation icc') whose ICC(2,1) (or ICC(3,1) with \
            --model 3,1) is at least --min-icc and that are columns of the table. They are visited by descending \
            ICC, ties by name; a candidate whose |Spearman rho| (average ranks, pairwise-complete rows of the table) \
            with an already kept feature exceeds --max-spearman is dropped, naming the kept feature with the largest \
            |rho|. Prints the kept list and every dropped feature with its reason; --out writes them as CSV \
            (feature, decision, icc, correlated_with, spearman_rho).
            """)

    @Option(name: .customLong("icc"), help: "ICC table written by 'radstation icc'.")
    var iccTable: String

    @Option(name: .customLong("min-icc"), help: "Lowest ICC kept (inclusive).")
    var minICC: Double = 0.75

    @Option(help: "Highest |Spearman rho| tolerated with a kept feature.")
    var maxSpearman: Double = 0.9

    @Option(help: "ICC model: 2,1 (absolute agreement) or 3,1 (consistency).")
    var model: String = "2,1"

    @Argument(help: "Feature table whose rows give the correlations (e.g. the cohort table or a reader's).")
    var table: String

    @Option(name: .long, help: "CSV of every feature's decision.")
    var out: String?

    func validate() throws {
        guard ICCTable.Model(rawValue: model) != nil else { throw ValidationError("--model must be 2,1 or 3,1") }
        guard maxSpearman >= 0 && maxSpearman <= 1 else { throw ValidationError("--max-spearman must lie in [0, 1]") }
        guard minICC >= -1 && minICC <= 1 else { throw ValidationError("--min-icc must lie in [-1, 1]") }
    }

    func run() throws {
        let icc = try ICCTable(csv: try CohortFiles.text(iccTable), name: URL(fileURLWithPath: iccTable).lastPathComponent)
        let data = try CohortFiles.table(table)
        let filter = RedundancyFilter(minimumICC: minICC, maximumSpearman: maxSpearman)
        let result = try filter.select(icc.candidates(model: ICCTable.Model(rawValue: model) ?? .agreement), table: data)
        if let out { try CohortFiles.write(result.csv, to: out) }

        print("kept \(result.kept.count) of \(icc.entries.count) feature(s) (ICC(\(model)) >= \(minICC), "
              + "|rho| <= \(maxSpearman)):")
        for feature in result.kept { print("  \(feature)") }
        guard !result.dropped.isEmpty else { return }
        print("dropped \(result.dropped.count):")
        let rows = result.dropped.map { feature, decision -> [String] in
            switch decision {
            case .kept: [feature, "kept"]
            case .noICC: [feature, "no ICC"]
            case .lowICC(let value): [feature, "ICC \(value) < \(minICC)"]
            case .notInTable: [feature, "not a column of \(data.name)"]
            case .correlated(let with, let rho): [feature, "rho \(rho) with \(with)"]
            }
        }
        print(TextTable.render([["feature", "reason"]] + rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    }
}
