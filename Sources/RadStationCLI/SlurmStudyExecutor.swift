import ClusterExecution
import Foundation
import Ingest
import Pipeline

/// Plugs Slurm into the watcher (`watch --executor slurm`): each study version becomes one `sbatch` job running
/// `radstation process-study` on the watcher's snapshot, its result beside it in the job folder. The job script
/// holds a lock and exits at once when its result exists, so a job Slurm requeues, or one submitted twice
/// across a watcher crash, never does its work twice.
struct SlurmStudyExecutor: RemoteStudyExecutor {
    let configuration: ProcessConfiguration
    let resources: SlurmResources
    let executable: String
    let keyFile: String
    let limits: AttemptLimits
    var slurm = SlurmCommands()

    func submit(_ job: StudyJob, name: String) throws -> String {
        let folder = URL(fileURLWithPath: job.inputFolder).deletingLastPathComponent()
        let configurationFile = folder.appendingPathComponent("configuration.json")
        try JSONEncoder().encode(configuration).write(to: configurationFile, options: .atomic)
        let q = BatchScript.quote
        var command = [q(executable), "process-study", "--input", q(job.inputFolder), "--study-key", job.studyKey,
                       "--into", q(job.outputFolder), "--key-file", q(keyFile), "--configuration-json", q(configurationFile.path),
                       "--result", q(result(of: job))]
        if let bytes = limits.addressSpaceBytes { command += ["--address-space-bytes", "\(bytes)"] }
        let script = BatchScript.single(name: name, log: folder.appendingPathComponent("slurm.out"),
                                        lock: folder.appendingPathComponent("job.lock"), resources: resources,
                                        commands: ["if [ -e \(q(result(of: job))) ]; then exit 0; fi",
                                                   "rm -rf \(q(job.outputFolder)) && mkdir \(q(job.outputFolder))",
                                                   command.joined(separator: " ")])
        let scriptFile = folder.appendingPathComponent("job.sh")
        try Data(script.utf8).write(to: scriptFile, options: .atomic)
        return try slurm.submit(script: scriptFile)
    }

    func find(named name: String) throws -> String? {
        try slurm.queue(named: name).first?.jobID
    }

    func states(of jobs: [RemoteJob]) throws -> [RemoteJobState] {
        let queue = try slurm.queue(jobs: jobs.compactMap(\.jobID))
        let byID = Dictionary(queue.map { ($0.jobID, $0.state) }, uniquingKeysWith: { a, _ in a })
        return jobs.map { remote in
            let state = remote.jobID.flatMap { byID[$0] }
            if let state, state.isActive { return .waiting }
            // Asked after Slurm saw the job end: the result, written last by the job, is complete if present.
            if let result = StudyAttemptResult.read(result(of: remote.job)) {
                switch result.status {
                case .done: return .finished(warnings: result.warnings)
                case .failed: return .failed(reason: result.error ?? "the attempt failed", countsAsAttempt: true)
                case .diskFull: return .failed(reason: result.error ?? "the output disk is full", countsAsAttempt: false)
                }
            }
            guard remote.jobID != nil else { return .missing }
            return .failed(reason: "the Slurm job ended \(state.map { "\($0)" } ?? "(forgotten by Slurm)") without a result", countsAsAttempt: true)
        }
    }

    func result(of job: StudyJob) -> String {
        URL(fileURLWithPath: job.inputFolder).deletingLastPathComponent().appendingPathComponent("result.json").path
    }
}
