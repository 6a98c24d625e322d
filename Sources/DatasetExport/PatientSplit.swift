/// Train / validation / test assignment by patient: every lesion of a patient lands in the same split.
///
/// Patients (pseudonymous keys) are sorted, shuffled by a Fisher–Yates pass driven by SplitMix64 from `seed`,
/// and cut at `round(n × train)` and `round(n × (train + validation))`; the rest is the test split. The same
/// keys, fractions and seed give the same assignment on every machine.
public struct PatientSplit: Sendable, Equatable {
    /// Split name of each patient key.
    public var assignment: [String: String]

    /// Assigns `patients` by `fractions` (train, validation, test; each ≥ 0, sum 1 within 1e-6).
    public init(patients: Set<String>, fractions: [Double], seed: UInt64) {
        precondition(fractions.count == 3, "three fractions: train, validation, test")
        var order = patients.sorted()
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        if order.count > 1 {
            for n in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(n, Int(next() % UInt64(n + 1))) }
        }
        let trainEnd = Int((Double(order.count) * fractions[0]).rounded())
        let validationEnd = min(order.count, Int((Double(order.count) * (fractions[0] + fractions[1])).rounded()))
        var assignment: [String: String] = [:]
        for (n, key) in order.enumerated() { assignment[key] = n < trainEnd ? "train" : n < validationEnd ? "val" : "test" }
        self.assignment = assignment
    }
}
