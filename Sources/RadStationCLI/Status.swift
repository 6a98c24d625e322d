import ArgumentParser
import Foundation
import Ingest

/// `radstation status <out>`: what the watcher of an output folder has done.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the studies of a watched output folder: pending, processing, done, quarantined, with reasons.")

    @Argument(help: "The output folder given to `radstation watch --out`.")
    var out: String

    func run() throws {
        let path = out + "/.radstation/state.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no watcher state in this folder (expected .radstation/state.sqlite)")
        }
        let status = try StateStore(path: path).status()
        let studyStates = StateStore.StudyState.allCases.map { "\($0.rawValue) \(status.studies[$0] ?? 0)" }
        let fileStates = StateStore.FileState.allCases.map { "\($0.rawValue) \(status.files[$0] ?? 0)" }
        print("studies: " + studyStates.joined(separator: ", "))
        print("files:   " + fileStates.joined(separator: ", "))
        if !status.rows.isEmpty {
            // The Slurm job column only for a watcher with `--executor slurm` that has jobs in flight.
            let jobs = status.rows.contains { $0.job != nil }
            let rows = status.rows.map { [$0.key, $0.state.rawValue, "\($0.version)", "\($0.attempts)"] + (jobs ? [$0.job ?? ""] : [])
                + [$0.reason ?? ""] }
            print(TextTable.render([["study", "state", "version", "attempts"] + (jobs ? ["job"] : []) + ["reason"]] + rows))
        }
        for file in status.quarantinedFiles { print("quarantined file #\(file.id): \(file.reason)") }
    }
}
