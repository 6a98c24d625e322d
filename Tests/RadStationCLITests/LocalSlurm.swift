import Foundation
import TestSupport

/// The one-node Slurm of `tools/slurm/local-cluster.sh` for one test: started when it is not running, and
/// stopped again afterwards only by the test that started it.
struct LocalSlurm {
    static let script = TestPaths.repositoryRoot.appendingPathComponent("tools/slurm/local-cluster.sh")
    let startedHere: Bool

    /// A running cluster, or `nil` after printing why Slurm cannot start here.
    static func start() -> LocalSlurm? {
        if run(["status"]).status == 0 { return LocalSlurm(startedHere: false) }
        let (status, output) = run(["start"])
        guard status == 0 else {
            print("skipped: Slurm could not start (tools/slurm/local-cluster.sh start exited \(status)): \(output.suffix(400))")
            return nil
        }
        return LocalSlurm(startedHere: true)
    }

    /// Stops the cluster if this test started it.
    func stop() {
        if startedHere { _ = Self.run(["stop"]) }
    }

    /// Runs the script, or a command (`squeue …`) when `command` is given; returns its exit status and output.
    @discardableResult
    static func run(_ arguments: [String], command: String? = nil) -> (status: Int32, output: String) {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = command.map { ["-c", $0] } ?? ([script.path] + arguments)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("radstation-slurm-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        guard let handle = try? FileHandle(forWritingTo: log) else { return (-1, "cannot write a log") }
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch { return (-1, "\(error)") }
        // Bounded: the installation (apt-get) may take minutes; a hang must fail the test, not stall the suite.
        let status = RadStationBinary.wait(process, timeout: 600)
        try? handle.close()
        return (status ?? -1, ((try? String(contentsOf: log, encoding: .utf8)) ?? "") + (status == nil ? " (timed out and killed)" : ""))
    }

    /// The ids of the jobs Slurm knows under `name` (any state; finished ones for `MinJobAge`, 600 s here).
    static func jobs(named name: String) -> [String] {
        run([], command: "squeue -h --states=all -o %i -n \(name)").output.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// A pipeline configuration for tiny studies in `root`: no features (they have no tumour mask) and no QA
    /// pictures (the Slurm tests time the plumbing, not the pipeline).
    static func cheapConfiguration(in root: URL) throws -> URL {
        let config = root.appendingPathComponent("pipeline.yaml")
        try "features: false\nqa: false\n".write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    /// Writes `count` tiny CT studies (`tools/fixtures/make_ingest_fixtures.py`: study-1…study-N, sentinel
    /// patient tags `INGEST^SENTINEL<n>`), or returns false after printing why.
    static func makeStudies(_ count: Int, in folder: URL) -> Bool {
        let maker = TestPaths.repositoryRoot.appendingPathComponent("tools/fixtures/make_ingest_fixtures.py").path
        let (status, output) = run([], command: "python3 '\(maker)' --count \(count) --out '\(folder.path)'")
        if status != 0 { print("skipped: the study fixtures could not be written: \(output.suffix(300))") }
        return status == 0
    }
}
