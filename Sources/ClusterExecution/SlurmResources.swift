/// What one Slurm job (or each array task) asks for: the `#SBATCH` resource lines of the scripts RadStation
/// writes. `nil` leaves a value to the cluster's defaults.
public struct SlurmResources: Sendable, Equatable, Codable {
    /// Partition (`--partition`).
    public var partition: String?
    /// CPUs per task (`--cpus-per-task`, ≥ 1): the study's own parallel loops run on them.
    public var cpusPerTask: Int
    /// Memory per task, in Slurm's notation (`--mem`: `4G`, `1500M`; a bare number is MiB).
    public var memory: String?
    /// Wall-clock limit per task, in Slurm's notation (`--time`: `30`, `1:00:00`, `1-00:00:00`).
    public var time: String?
    /// At most this many array tasks at once (`--array=…%K`); `nil`: no limit beyond the cluster's.
    public var arrayLimit: Int?

    /// Resources with these values.
    public init(partition: String? = nil, cpusPerTask: Int = 1, memory: String? = nil, time: String? = nil, arrayLimit: Int? = nil) {
        self.partition = partition
        self.cpusPerTask = cpusPerTask
        self.memory = memory
        self.time = time
        self.arrayLimit = arrayLimit
    }

    /// Checks every value against Slurm's syntax, so a typo fails before anything is submitted.
    /// - Throws: ``ClusterExecutionError/invalidResource(reason:)``.
    public func validate() throws {
        guard cpusPerTask >= 1 else { throw ClusterExecutionError.invalidResource(reason: "--cpus-per-task must be at least 1") }
        if let arrayLimit, arrayLimit < 1 { throw ClusterExecutionError.invalidResource(reason: "--array-limit must be at least 1") }
        if let partition, partition.isEmpty || !partition.allSatisfy({ $0.isLetter || $0.isNumber || "_-.,".contains($0) }) {
            throw ClusterExecutionError.invalidResource(reason: "--partition must be a partition name (letters, digits, _ - . ,)")
        }
        if let memory, memory.range(of: "^[0-9]+[KMGT]?$", options: .regularExpression) == nil {
            throw ClusterExecutionError.invalidResource(reason: "--mem must be a number with an optional K, M, G or T suffix (e.g. 4G)")
        }
        if let time, time.range(of: "^([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}$", options: .regularExpression) == nil {
            throw ClusterExecutionError.invalidResource(reason: "--time must be minutes, MM:SS, HH:MM:SS or D-HH[:MM[:SS]]")
        }
    }

    /// The `#SBATCH` lines for these resources (without the array range).
    var directives: [String] {
        var lines = ["--cpus-per-task=\(cpusPerTask)"]
        if let partition { lines.append("--partition=\(partition)") }
        if let memory { lines.append("--mem=\(memory)") }
        if let time { lines.append("--time=\(time)") }
        return lines.map { "#SBATCH " + $0 }
    }
}
