import Foundation
import Ingest

/// Crash points for the `kill -9` subprocess tests (notes/ingest.md §4, cases 22–23).
///
/// Inert unless **both** environment variables are set, so it cannot fire by accident:
/// - `RADSTATION_FAULT=<point>:<action>` with a ``FaultPoint`` raw value (`afterClaim`, `duringProcessing`,
///   `afterProcessing`, `beforePublish`, `afterPublish`, `duringCommit`) and an action, `pause` (write the
///   marker, then block until a signal kills the process) or `kill` (write the marker, then `SIGKILL` itself);
/// - `RADSTATION_FAULT_MARKER=<absolute path>`: the file written when the point is reached (it holds the
///   pseudonymous study key), which the test waits for before it sends `SIGKILL`.
///
/// Actions: `pause`, `kill`, or `crash` (write the marker, then trap like a poison study: SIGILL/SIGTRAP).
/// `RADSTATION_FAULT_STUDY=<studyKey>` restricts the hook to one study (the others run normally).
///
/// An unknown point or action disables the hook. Nothing is logged (the test reads the marker).
struct FaultInjection: Sendable {
    enum Action: String, Sendable { case pause, kill, crash }

    let point: FaultPoint
    let action: Action
    let marker: String
    var onlyStudy: String? = nil

    /// The hook described by the environment, or `nil` (the normal case).
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> FaultInjection? {
        guard let spec = environment["RADSTATION_FAULT"], let marker = environment["RADSTATION_FAULT_MARKER"],
              marker.hasPrefix("/") else { return nil }
        let parts = spec.split(separator: ":").map(String.init)
        guard parts.count == 2, let point = FaultPoint(rawValue: parts[0]), let action = Action(rawValue: parts[1]) else { return nil }
        let only = environment["RADSTATION_FAULT_STUDY"].flatMap { $0.isEmpty ? nil : $0 }
        return FaultInjection(point: point, action: action, marker: marker, onlyStudy: only)
    }

    /// Stops the process dead at the configured point; returns at every other point.
    func reach(_ reached: FaultPoint, studyKey: String) {
        guard reached == point, onlyStudy.map({ $0 == studyKey }) ?? true else { return }
        _ = FileManager.default.createFile(atPath: marker, contents: Data(studyKey.utf8))
        switch action {
        case .kill:
            kill(getpid(), SIGKILL)
        case .crash:
            fatalError("RADSTATION_FAULT crash point reached")
        case .pause:
            break
        }
        while true { sleep(3600) }
    }
}
