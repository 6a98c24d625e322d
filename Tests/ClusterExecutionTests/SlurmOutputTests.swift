import ClusterExecution
import Testing

@Suite("Slurm: job states, squeue/sacct lines, array ranges")
struct SlurmOutputTests {
    @Test("array tasks, plain jobs and unexpanded pending ranges are parsed; job steps and noise are skipped")
    func parsesQueueLines() {
        let entries = SlurmQueueEntry.parse("""
            12_0|COMPLETED
            12_[2-4,7%2]|PENDING
            13|RUNNING
            13.batch|RUNNING
            14|CANCELLED by 0
            garbage
            """)
        #expect(entries.map(\.taskIndex) == [0, 2, 3, 4, 7, nil, nil])
        #expect(entries.map(\.jobID) == ["12", "12", "12", "12", "12", "13", "14"])
        #expect(entries[0].state == .completed)
        #expect(entries[6].state.rawValue == "CANCELLED")
    }

    @Test("states: pending and running are active, terminal ones are not")
    func classifiesStates() {
        #expect(SlurmJobState.pending.isPending && SlurmJobState.pending.isActive)
        #expect(!SlurmJobState.running.isPending && SlurmJobState.running.isActive)
        #expect(SlurmJobState(rawValue: "COMPLETING").isActive)
        for terminal in ["COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "CANCELLED"] {
            #expect(!SlurmJobState(rawValue: terminal).isActive, "\(terminal)")
        }
    }

    @Test("array ranges: compressed into runs and expanded back", arguments: [
        ([0, 1, 2, 5, 7, 8], "0-2,5,7-8"), ([3], "3"), ([4, 2, 3, 3], "2-4"),
    ])
    func arrayRanges(indices: [Int], notation: String) {
        #expect(ArrayRange.compress(indices) == notation)
        #expect(ArrayRange.expand(notation) == Array(Set(indices)).sorted())
    }

    @Test("resources: Slurm's notations pass, typos fail before anything is submitted")
    func validatesResources() throws {
        try SlurmResources(partition: "debug", cpusPerTask: 2, memory: "2G", time: "1:00:00", arrayLimit: 4).validate()
        try SlurmResources(memory: "1500", time: "1-00:00").validate()
        for bad in [SlurmResources(cpusPerTask: 0), SlurmResources(memory: "2 GB"), SlurmResources(time: "1h"),
                    SlurmResources(partition: "a;rm -rf /"), SlurmResources(arrayLimit: 0)] {
            #expect(throws: ClusterExecutionError.self) { try bad.validate() }
        }
    }
}
