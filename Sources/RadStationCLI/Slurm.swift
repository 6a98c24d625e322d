import ArgumentParser
import ClusterExecution
import Foundation
import Pipeline

/// `radstation slurm …`: a cohort on a Slurm cluster, one array task per study (see README "Running on a cluster").
struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process studies on a Slurm cluster: one array task per study, then a cohort merge job.",
        subcommands: [SlurmSubmit.self, SlurmStatusCommand.self, SlurmTask.self, SlurmMerge.self])
}

/// The resources of each Slurm task, shared by `slurm submit` and `watch --executor slurm`.
struct SlurmOptions: ParsableArguments {
    @Option(help: "Slurm partition (default: the cluster's default partition).")
    var partition: String?

    @Option(help: "CPUs per task: one study's parallel stages run on them.")
    var cpusPerTask: Int = 1

    @Option(help: "Memory per task in Slurm's notation (e.g. 2G; see README for measured sizes).")
    var mem: String?

    @Option(help: "Wall-clock limit per task in Slurm's notation (e.g. 30, 1:00:00).")
    var time: String?

    @Option(help: "The radstation executable as the compute nodes see it (default: this one).")
    var radstation: String?

    /// The resources these options ask for (`arrayLimit` apart, which only `submit` has).
    func resources(arrayLimit: Int? = nil) throws -> SlurmResources {
        let resources = SlurmResources(partition: partition, cpusPerTask: cpusPerTask, memory: mem, time: time, arrayLimit: arrayLimit)
        do { try resources.validate() } catch let error as ClusterExecutionError { throw ValidationError(error.description) }
        return resources
    }

    /// The executable the jobs run.
    var executable: String { radstation ?? StudyAttemptRunner.currentExecutable() }
}

/// Whether a study of a submission's list is published with the inputs the list records (its manifest).
func isPublished(_ study: StudyList.Study, output: URL) -> Bool {
    StudyManifest.read(output.appendingPathComponent(study.key).appendingPathComponent("manifest.json"))?.inputsHash == study.inputsHash
}
