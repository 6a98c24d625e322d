/// One line of the watcher's log. Messages carry study keys, counts, durations and reasons, never a
/// tag value, UID or export-folder path.
public struct IngestEvent: Sendable, Equatable {
    /// Severity.
    public enum Level: String, Sendable { case debug, info, warning, error }
    public var level: Level
    /// What happened (e.g. "published", "quarantined").
    public var message: String
    /// Study key when the event concerns a study.
    public var studyKey: String?
    /// Extra key/value facts (numbers, versions, reasons).
    public var fields: [String: String]

    public init(_ level: Level, _ message: String, studyKey: String? = nil, fields: [String: String] = [:]) {
        self.level = level
        self.message = message
        self.studyKey = studyKey
        self.fields = fields
    }
}
