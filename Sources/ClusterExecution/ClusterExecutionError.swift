/// Errors of cluster execution. Messages name the command or file that failed and why; never a tag value, a
/// UID or an input path (input paths may carry patient names).
public enum ClusterExecutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A Slurm command (`sbatch`, `squeue`, …) is not installed or not on `PATH`.
    case commandNotFound(String)
    /// A Slurm command exited with a non-zero status; `message` is the start of its standard error.
    case commandFailed(command: String, status: Int32, message: String)
    /// A Slurm command's output could not be understood.
    case unexpectedOutput(command: String, output: String)
    /// A submission's files (study list, record, scripts) cannot be read or written.
    case submission(reason: String)
    /// A resource option is not a value Slurm accepts.
    case invalidResource(reason: String)

    public var description: String {
        switch self {
        case .commandNotFound(let command):
            return "\(command) was not found on PATH: is Slurm installed (tools/slurm/local-cluster.sh start for a one-node test cluster)?"
        case .commandFailed(let command, let status, let message):
            return "\(command) failed with exit status \(status): \(message)"
        case .unexpectedOutput(let command, let output):
            return "\(command) printed something unexpected: \(output.prefix(200))"
        case .submission(let reason):
            return "the cluster submission failed: \(reason)"
        case .invalidResource(let reason):
            return "invalid Slurm resource request: \(reason)"
        }
    }
}
