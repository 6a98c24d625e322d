import ArgumentParser
import CohortStatistics
import Foundation

/// `radstation icc`: inter-reader ICC(2,1) and ICC(3,1) per feature of two readers' feature tables.
struct ICC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "icc",
        abstract: "Inter-reader ICC(2,1) and ICC(3,1) with 95 % intervals per feature (the values of pingouin 0.7).",
        discussion: """
            Both tables are in the 'features --batch' format; or, with --cohort, the reader-1 and reader-2 rows of a \
            cohort table (studies with two readers' SEG/RTSTRUCT outlines of the lesion; readers are numbered by their \
            ContentCreatorName/SeriesDescription order, never named). Cases are matched by the ID column when both tables \
            have one (cases in both, in the first table's order), else by row order (equal row counts required). \
            Features are the columns named <image type>_<class>_<feature> present in both; a case missing a value \
            is left out for that feature. Output columns: feature, icc2_1, icc2_1_low, icc2_1_high, icc3_1, \
            icc3_1_low, icc3_1_high, n, [reproducible,] note. An undefined value (a constant feature, fewer than 3 \
            cases) is an empty cell with the reason in 'note'. --min-icc adds the column 'reproducible' (yes when \
            ICC(2,1) >= the minimum, no below, empty without a value); every feature stays in the file.
            """)

    @Argument(help: "First reader's feature table (CSV).")
    var readerA: String?

    @Argument(help: "Second reader's feature table (CSV).")
    var readerB: String?

    @Option(help: "A cohort table (<out>/cohort/features.csv) whose studies hold two readers' segmentations: compares its reader-1 and reader-2 rows, matched by patient, study, series, phase and ROI.")
    var cohort: String?

    @Option(help: "With --cohort: the ROI kind compared (tumour, ring, ...).")
    var roi: String = "tumour"

    @Option(name: .long, help: "Output CSV.")
    var out: String

    @Option(name: .customLong("min-icc"), help: "Mark features whose ICC(2,1) is at least this as reproducible.")
    var minICC: Double?

    func validate() throws {
        guard (cohort != nil) != (readerA != nil && readerB != nil), (readerA == nil) == (readerB == nil) else {
            throw ValidationError("give two reader tables, or --cohort <cohort/features.csv>")
        }
        if let minICC, !(minICC >= -1 && minICC <= 1) { throw ValidationError("--min-icc must lie in [-1, 1]") }
    }

    func run() throws {
        let a: CohortTable, b: CohortTable
        if let cohort {
            (a, b) = try CohortFiles.table(cohort).readerTables("reader-1", "reader-2", roi: roi)
        } else {
            (a, b) = (try CohortFiles.table(readerA!), try CohortFiles.table(readerB!))
        }
        let pairing = try ReaderPairing(a, b)
        let table = try ICCTable(pairing: pairing, a, b)
        try CohortFiles.write(table.csv(minimumICC: minICC), to: out)

        let matched = pairing.matching == .byID
            ? "\(pairing.rows.count) case(s) matched by ID (\(pairing.unmatchedFirst) only in \(a.name), "
                + "\(pairing.unmatchedSecond) only in \(b.name))"
            : "\(pairing.rows.count) case(s) matched by row order"
        print(matched)
        if !pairing.featuresOnlyInFirst.isEmpty || !pairing.featuresOnlyInSecond.isEmpty {
            print("warning: \(pairing.featuresOnlyInFirst.count) feature(s) only in \(a.name), "
                  + "\(pairing.featuresOnlyInSecond.count) only in \(b.name); left out")
        }
        let undefined = table.entries.filter { $0.icc.agreement == nil }.count
        var summary = "\(table.entries.count) feature(s) written to \(out); \(undefined) without ICC(2,1)"
        if let minICC {
            let passing = table.entries.filter { ($0.icc.agreement?.value ?? -.infinity) >= minICC }.count
            summary += "; \(passing) with ICC(2,1) >= \(minICC)"
        }
        print(summary)
    }
}
