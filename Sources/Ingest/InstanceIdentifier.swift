/// Who a settled file belongs to. Produced by the caller's DICOM reader (the CLI wires the DICOM
/// backend in), so Ingest itself never parses DICOM.
public enum Identification: Sendable, Equatable, Codable {
    /// A DICOM instance. The UIDs are stored only in the state database (never logged, never in paths).
    case instance(studyUID: String, sopInstanceUID: String, studyKey: String)
    /// Not study content by design (DICOMDIR, a non-DICOM note file…): ignored with a reason.
    case ignored(reason: String)
    /// Unreadable (truncated, not DICOM, unsupported): quarantined after the grace period, with a reason
    /// that holds no patient data.
    case unreadable(reason: String)
}

/// Reads just enough of a file to say which study and instance it is.
public protocol InstanceIdentifier: Sendable {
    /// Identifies the file at an absolute path. Must not throw: every outcome is an ``Identification``.
    func identify(path: String) -> Identification

    /// Identifies several files at once (absolute paths), in order. The default calls
    /// ``identify(path:)`` for each; an identifier that reads files in an isolated child process
    /// overrides it to start one child per batch, not one per file.
    func identify(paths: [String]) -> [Identification]
}

extension InstanceIdentifier {
    public func identify(paths: [String]) -> [Identification] { paths.map { identify(path: $0) } }
}

/// One study version handed to the processor: a private snapshot of its input files and an empty
/// folder to fill.
public struct StudyJob: Sendable, Equatable {
    /// Pseudonymous study key (`st-…`), the only study name that appears outside the state database.
    public var studyKey: String
    /// Version number, 1 for the first complete study, +1 for each later change of its inputs.
    public var version: Int
    /// Folder holding a private copy of the study's files (the export folder may change meanwhile).
    public var inputFolder: String
    /// Empty folder for the outputs; published atomically after the processor returns.
    public var outputFolder: String
}

/// Turns one study version into outputs (the CLI plugs in the RadStation pipeline).
public protocol StudyProcessor: Sendable {
    /// Processes a study version, writing only into `job.outputFolder`.
    /// - Returns: warnings to record (no patient data).
    /// - Throws: any error; its description (no patient data) becomes the recorded failure reason.
    func process(_ job: StudyJob) throws -> [String]
}
