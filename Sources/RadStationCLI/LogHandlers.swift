import ArgumentParser
import Foundation
import Logging

/// Log line format on stderr (`--log-format`).
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `level: message key=value …` (keys sorted).
    case text
    /// One JSON object per line: `level`, `message`, and every metadata key (sorted).
    case json
}

/// The CLI's loggers (swift-log). Handlers are built per command — never through `LoggingSystem.bootstrap`,
/// which may run once per process, so commands stay runnable many times in one test process.
///
/// Patient-data rule (notes/ingest.md §5): callers log study keys, counts, sizes, durations, stage names
/// and reasons built from tag *names*; the handlers print the message and metadata verbatim and add
/// nothing (no source path, no function name, no timestamp-based identifiers).
enum RadStationLog {
    /// A logger writing `format` lines at `level` and above to `stream` (stderr by default).
    static func logger(_ label: String, format: LogFormat, level: Logger.Level,
                       stream: LineStream = .standardError) -> Logger {
        var logger = Logger(label: label) { _ in
            switch format {
            case .text: return LineLogHandler(stream: stream, render: LineLogHandler.text)
            case .json: return LineLogHandler(stream: stream, render: LineLogHandler.json)
            }
        }
        logger.logLevel = level
        return logger
    }
}

/// Where log lines go: one `write(2)` per line, serialised, so lines from parallel jobs never interleave.
final class LineStream: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    init(_ handle: FileHandle) { self.handle = handle }
    /// Standard error (resolved at write time, so tests may redirect fd 2).
    static let standardError = LineStream(FileHandle.standardError)
    func write(_ line: String) { lock.withLock { handle.write(Data((line + "\n").utf8)) } }
}

/// A swift-log handler rendering each event as one line (text or JSON).
struct LineLogHandler: LogHandler {
    let stream: LineStream
    let render: @Sendable (Logger.Level, String, [String: String]) -> String
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (k, v) in metadata { fields[k] = "\(v)" }
        for (k, v) in metadataProvider?.get() ?? [:] { fields[k] = "\(v)" }
        for (k, v) in event.metadata ?? [:] { fields[k] = "\(v)" }
        stream.write(render(event.level, event.message.description, fields))
    }

    /// swift-log's level names, with `warn`/`err` spelled out as the watcher always did.
    static func name(_ level: Logger.Level) -> String {
        switch level {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info: return "info"
        case .notice: return "notice"
        case .warning: return "warning"
        case .error: return "error"
        case .critical: return "critical"
        }
    }

    /// `level: message key=value…`, keys sorted.
    static let text: @Sendable (Logger.Level, String, [String: String]) -> String = { level, message, fields in
        var line = "\(name(level)): \(message)"
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { line += " \(k)=\(v)" }
        return line
    }

    /// `{"level":…,"message":…,<metadata>}` with sorted keys.
    static let json: @Sendable (Logger.Level, String, [String: String]) -> String = { level, message, fields in
        var object = fields
        object["level"] = name(level)
        object["message"] = message
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
