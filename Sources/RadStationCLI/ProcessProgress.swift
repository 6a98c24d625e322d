import Foundation
import Logging
import Pipeline

/// Progress of `radstation process`: on a terminal, one line per stage start — elapsed time, studies
/// finished / found, study key, stage, percent of the study's stages, and how long the previous stage
/// took; otherwise structured log events ("stage finished" with its seconds, "study finished"). Study
/// keys and stage names only: no patient data.
final class ProcessProgress: @unchecked Sendable {
    enum Mode {
        case terminal(LineStream)
        case log(Logger)
    }

    private let mode: Mode
    private let lock = NSLock()
    private let start = Date()
    private var found = 0
    private var finished = 0
    /// Current stage of each study in flight and when it started.
    private var current: [String: (stage: String, since: Date)] = [:]

    init(mode: Mode) { self.mode = mode }

    /// Percent of a study's stages done when `stage` starts.
    static func percent(at stage: String) -> Int {
        guard let index = StudyProcessing.stageNames.firstIndex(of: stage) else { return 100 }
        return index * 100 / StudyProcessing.stageNames.count
    }

    func handle(_ event: StudyProcessing.ProgressEvent) {
        lock.withLock {
            let now = Date()
            guard let key = event.studyKey else {
                switch event.kind {
                case .found(let studies):
                    found = studies
                    if case .log(let logger) = mode { logger.info("studies found", metadata: ["studies": "\(found)"]) }
                case .rejected(let files, let reasons):
                    switch mode {
                    case .terminal(let stream):
                        stream.write("\(files) file(s) rejected (in no study's manifest; see .radstation/process-report.json): \(reasons.prefix(3).joined(separator: "; "))")
                    case .log(let logger):
                        logger.warning("files rejected", metadata: ["files": "\(files)", "reasons": "\(reasons.prefix(5).joined(separator: "; "))"])
                    }
                default:
                    break
                }
                return
            }
            let previous = current[key].map { (stage: $0.stage, seconds: now.timeIntervalSince($0.since)) }
            switch event.kind {
            case .found, .rejected:
                return
            case .stage(let stage):
                current[key] = (stage, now)
                switch mode {
                case .terminal(let stream):
                    var line = String(format: "%7.1f s  %d/%d  ", now.timeIntervalSince(start), finished, found)
                        + "\(key)  \(Self.pad(stage)) " + String(format: "%3d%%", Self.percent(at: stage))
                    if let previous { line += "   (\(previous.stage) " + String(format: "%.2f s)", previous.seconds) }
                    stream.write(line)
                case .log(let logger):
                    if let previous { Self.logStage(logger, key, previous.stage, previous.seconds) }
                }
            case .finished(let unchanged):
                current[key] = nil
                finished += 1
                switch mode {
                case .terminal(let stream):
                    var line = String(format: "%7.1f s  %d/%d  ", now.timeIntervalSince(start), finished, found)
                        + "\(key)  \(Self.pad(unchanged ? "unchanged" : "published")) 100%"
                    if let previous { line += "   (\(previous.stage) " + String(format: "%.2f s)", previous.seconds) }
                    stream.write(line)
                case .log(let logger):
                    if let previous { Self.logStage(logger, key, previous.stage, previous.seconds) }
                    logger.info("study finished", metadata: ["study": "\(key)", "state": "\(unchanged ? "unchanged" : "published")",
                                                             "finished": "\(finished)", "studies": "\(found)"])
                }
            }
        }
    }

    /// Left-aligns a stage name in 13 columns.
    static func pad(_ text: String) -> String { text.count >= 13 ? text : text + String(repeating: " ", count: 13 - text.count) }

    private static func logStage(_ logger: Logger, _ key: String, _ stage: String, _ seconds: Double) {
        logger.info("stage finished", metadata: ["study": "\(key)", "stage": "\(stage)", "seconds": "\(String(format: "%.2f", seconds))"])
    }
}
