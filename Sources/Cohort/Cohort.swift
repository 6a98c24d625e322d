import Foundation
import Pipeline

/// The cohort of one output folder: every published study's features in one wide table, its column
/// dictionary and the QA dashboard, under `<out>/cohort/`:
///
/// ```text
/// cohort/features.csv           one row per (patient, study, timepoint, series, phase, ROI, reader); pseudonymous keys only
/// cohort/features.columns.json  per feature column: image type, class, feature, IBSI tag and deviation
/// cohort/index.html             the QA dashboard (CohortDashboard)
/// ```
///
/// Rebuilt from the published study folders only (never from inputs), in a private folder, synced and renamed
/// into place (``Publication``), under an exclusive lock, so concurrent rebuilds (`process --jobs`, `watch`) never
/// interleave and a reader sees the old cohort or the new one.
public enum Cohort {
    /// What a rebuild produced.
    public struct Summary: Sendable, Equatable {
        /// Published studies found.
        public var studies: Int
        /// Rows of `features.csv`.
        public var rows: Int
        /// Feature columns.
        public var features: Int
        /// Feature files listed by a study but missing (study key and file; no patient data).
        public var problems: [String]
    }

    /// The cohort folder's name inside the output folder.
    public static let folderName = "cohort"

    /// Rebuilds `<output>/cohort/`.
    /// - Throws: ``PipelineError/output(_:)`` when the folder cannot be written or published.
    @discardableResult
    public static func rebuild(output: URL) throws -> Summary {
        let state = output.appendingPathComponent(".radstation")
        return try ExclusiveFileLock.withLock(at: state.appendingPathComponent("cohort.lock"), what: "cohort") {
            try rebuildLocked(output: output, state: state)
        }
    }

    private static func rebuildLocked(output: URL, state: URL) throws -> Summary {
        let studies = CohortStudy.all(in: output)
        let table = CohortTableBuilder.build(studies)
        let temporary = state.appendingPathComponent("tmp-cohort-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            try Data(table.csv.utf8).write(to: temporary.appendingPathComponent("features.csv"))
            try CohortColumn.dictionary(table.features, keyColumns: CohortTableBuilder.keyColumns)
                .write(to: temporary.appendingPathComponent("features.columns.json"))
            try Data(CohortDashboard.html(studies, output: output, rows: table.rows, features: table.features.count,
                                                 readerAgreement: CohortReaderAgreement.summary(csv: table.csv, readers: table.readers)).utf8)
                .write(to: temporary.appendingPathComponent("index.html"))
        } catch {
            throw PipelineError.output("cannot write the cohort table (\(error.localizedDescription))")
        }
        try Publication.publish(temporary, as: output.appendingPathComponent(folderName), scratch: state)
        return Summary(studies: studies.count, rows: table.rows, features: table.features.count, problems: table.problems)
    }
}
