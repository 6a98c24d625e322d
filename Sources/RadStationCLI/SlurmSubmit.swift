import ArgumentParser
import ClusterExecution
import DICOMBackend
import Foundation
import Pipeline

/// `radstation slurm submit <folders…> --out <shared dir>`: one `sbatch --array` task per study and a merge job.
struct SlurmSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit every study of the folders as one Slurm array job (one task per study) and a merge job.",
        discussion: """
            Scans the folders (headers only), writes the study list (study keys and their files, mode 0600) under \
            <out>/.radstation/slurm/<submission>/, and submits one array job whose task N runs `process` on study N \
            with --cpus-per-task CPUs, and a merge job (afterany) that retries the failed tasks once and then \
            rebuilds the patient courses and the cohort table. Studies already published with the same inputs and \
            configuration are skipped. <out> must be on a file system every node sees (see README). Job names, \
            scripts and logs carry study keys only.
            """)

    @Argument(help: "Folders with the DICOM files of one or more studies.")
    var folders: [String]

    @Option(name: .long, help: "Output folder on the shared file system.")
    var out: String

    @Option(name: .long, help: "Pipeline configuration (YAML), as for `process`.")
    var config: String?

    @Option(help: "At most this many tasks at once (sbatch --array=…%K).")
    var arrayLimit: Int?

    @OptionGroup var slurm: SlurmOptions

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one input folder") }
        _ = try slurm.resources(arrayLimit: arrayLimit)
    }

    func run() throws {
        guard SlurmCommands().isInstalled else { throw ClusterExecutionError.commandNotFound("sbatch") }
        let configuration = try config.map { try ProcessConfiguration.read(URL(fileURLWithPath: $0)) } ?? ProcessConfiguration()
        try configuration.validate()
        let output = URL(fileURLWithPath: out).standardizedFileURL
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // The key is created here, once, so tasks on many nodes never race to create it.
        let names = try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(Conversion.keyFile))
        var studies = try StudyProcessing.studies(in: folders.map { URL(fileURLWithPath: $0).standardizedFileURL }, names: names)
        guard !studies.isEmpty else { throw PipelineError.noInput("no DICOM study found in the input folders") }
        try PatientCourse.plan(&studies, stateFolder: output.appendingPathComponent(".radstation"), configuration: configuration, names: names)
        var submission = Submission(resources: try slurm.resources(arrayLimit: arrayLimit))
        let executable = slurm.executable
        submission.executable = executable
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let configurationJSON = try encoder.encode(configuration)
        let inFlight = Self.inFlight(in: output, configuration: configurationJSON)
        var list = StudyList(studies: [])
        var running = 0
        for study in studies {
            let inputsHash = StudyManifest.inputsHash(study.hashedInputs)
            if StudyProcessing.publishedManifest(of: study, output: output, configuration: configuration) != nil {
                submission.skipped.append(study.key)
            } else if inFlight[study.key] == inputsHash {
                running += 1
            } else {
                list.studies.append(StudyList.Study(key: study.key, inputsHash: inputsHash, files: study.assembly.instances.map(\.path).sorted()))
            }
        }
        guard !list.studies.isEmpty else {
            print("nothing to submit: of \(studies.count) studies, \(submission.skipped.count) are already published with the same inputs "
                  + "and configuration and \(running) are pending or running in an earlier submission")
            return
        }
        let folder = Submission.Folder(output: output, id: submission.id)
        try folder.create()
        try list.write(to: folder.studyList)
        try configurationJSON.write(to: folder.configuration, options: .atomic)
        try folder.write(submission)
        try SubmissionRound.submit(&submission, folder: folder, attempt: 1, indices: Array(list.studies.indices),
                                   executable: executable, slurm: SlurmCommands())
        let round = submission.rounds[0]
        print("submitted \(list.studies.count) studies as array job \(round.arrayJob) (merge job \(round.mergeJob)); "
              + "\(submission.skipped.count) already published" + (running > 0 ? ", \(running) pending or running in an earlier submission" : "")
              + "; submission \(submission.id)")
        print("status: radstation slurm status \(output.path)")
    }

    /// Studies (key → inputs hash) whose task is pending or running in an earlier submission that is not merged
    /// yet and used the same configuration: submitting them again would only do their work twice.
    static func inFlight(in output: URL, configuration: Data) -> [String: String] {
        var studies: [String: String] = [:]
        let slurm = SlurmCommands()
        for folder in Submission.Folder.all(output: output) {
            // Only a submission Slurm still runs (an array or merge job active): a cancelled or forgotten one blocks nothing.
            guard let record = try? folder.read(), record.merged == nil, (try? Data(contentsOf: folder.configuration)) == configuration,
                  let queue = try? slurm.queue(jobs: record.rounds.flatMap { [$0.arrayJob, $0.mergeJob] }),
                  queue.contains(where: \.state.isActive),
                  let list = try? StudyList.read(folder.studyList),
                  let status = try? SubmissionStatus.read(folder, slurm: slurm, published: { _ in false }) else { continue }
            for task in status.tasks where task.state == .pending || task.state == .running {
                studies[task.studyKey] = list.studies[task.index].inputsHash
            }
        }
        return studies
    }
}
