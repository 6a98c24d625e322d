import ArgumentParser
import CohortStatistics
import Foundation
import Yams

/// `radstation score`: Rad-scores and risk groups of a feature table under a signature.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rad-score = intercept + sum of coefficient x (x - mean)/std per row, and high/low risk groups.",
        discussion: """
            The signature (YAML): 'intercept' (optional, default 0), 'features' mapping each feature to \
            {coefficient, mean, std} (mean and std optional, together; without them the raw value is used) and \
            'cutoff' (optional; default the median of the scored rows). A score >= the cutoff is 'high'. A \
            signature feature missing from the table is an error; a row missing a value gets empty radscore and \
            risk. scores.csv: the row keys (ID when the table has it, else its key columns), radscore, risk.
            """)

    @Option(help: "Signature file (YAML).")
    var signature: String

    @Argument(help: "Feature table (CSV).")
    var table: String

    @Option(name: .long, help: "Output CSV.")
    var out: String

    func run() throws {
        let text = try CohortFiles.text(signature)
        let parsed: Signature
        do { parsed = try YAMLDecoder().decode(Signature.self, from: text) } catch {
            // Yams wraps what Signature's decoder throws in DecodingError.dataCorrupted; pass our reason through.
            if case DecodingError.dataCorrupted(let context) = error,
               let reason = context.underlyingError as? CohortStatisticsError { throw reason }
            if let reason = error as? CohortStatisticsError { throw reason }
            throw ValidationError("\(URL(fileURLWithPath: signature).lastPathComponent) is not a signature: \(error)")
        }
        let scores = try RadScore(table: try CohortFiles.table(table), signature: parsed)
        try CohortFiles.write(scores.csv, to: out)
        let scored = scores.rows.filter { $0.score != nil }
        let high = scored.filter { $0.risk == .high }.count
        let cutoff = scores.cutoff.map { "\($0) (\(scores.cutoffIsMedian ? "median" : "signature"))" } ?? "none"
        print("\(scored.count) of \(scores.rows.count) row(s) scored; cutoff \(cutoff); high \(high), low \(scored.count - high)")
        if scored.count < scores.rows.count {
            print("warning: \(scores.rows.count - scored.count) row(s) miss a signature feature's value; no score")
        }
    }
}
