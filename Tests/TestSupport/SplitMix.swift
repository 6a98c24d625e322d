/// Deterministic random numbers for tests (SplitMix64: Steele, Lea & Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014), so random cases are the same on every run and platform, and equal to
/// Python reference scripts that implement the same generator.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `range` (53 random bits).
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + Double(next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
    }

    /// An integer in `low...high`: `low + (next() >> 11) % (high − low + 1)` (the reference scripts' `uniform`).
    public mutating func uniform(_ low: Int, _ high: Int) -> Int {
        low + Int((next() >> 11) % UInt64(high - low + 1))
    }
}
