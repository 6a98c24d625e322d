/// One-pass rescale of raw 16-bit words into `Int16` for planes without a declared padding value: the stored
/// range, the rescaled values and the count below −1024 HU come out of a single loop, and the range decides
/// afterwards whether the values were exact (HU = stored × RescaleSlope + RescaleIntercept, DICOM PS3.3
/// C.11.1.1.2). The rescale is monotonic, so when both ends of the stored range land inside `Int16`, so does
/// every value, no wrapping arithmetic overflowed, and the count is right; otherwise the plane does not fit.
extension VolumeLoader {
    /// Result of a fused pass: the count below −1024, or `nil` when some value does not fit `Int16`.
    typealias FusedResult = Int?

    /// Rescales `words` into `out` with integral `slope` and `intercept` in one pass when the plane has no
    /// padding value and the rescale is small (|slope|, |intercept| ≤ 2¹⁵); `.some(nil)` means "does not fit
    /// Int16", `nil` means "not applicable, use the two-pass converter".
    static func fusedInt16(_ words: UnsafeBufferPointer<UInt16>, _ layout: WordLayout, _ out: UnsafeMutablePointer<Int16>,
                           slope: Double, intercept: Double) -> FusedResult? {
        guard slope.magnitude <= 32768, intercept.magnitude <= 32768 else { return nil }
        let m = Int32(slope), b = Int32(intercept)
        guard !words.isEmpty else { return .some(0) }
        // Full 16-bit stored values with slope 1 (the usual CT): 16-bit lanes throughout.
        if m == 1, let b16 = Int16(exactly: b), layout.left == 16, layout.right == 16 {
            return layout.signMask == -1
                ? slopeOne16(words, out, b: b16) { Int16(bitPattern: $0) }
                : slopeOne16(words, out, b: b16) { $0 }
        }
        var low = Int32.max, high = Int32.min, below: Int32 = 0
        if m == 1 {
            for i in 0..<words.count {
                let s = layout.stored(words[i])
                low = min(low, s)
                high = max(high, s)
                let v = s &+ b
                below &+= v < -1024 ? 1 : 0
                out[i] = Int16(truncatingIfNeeded: v)
            }
        } else {
            for i in 0..<words.count {
                let s = layout.stored(words[i])
                low = min(low, s)
                high = max(high, s)
                let v = s &* m &+ b
                below &+= v < -1024 ? 1 : 0
                out[i] = Int16(truncatingIfNeeded: v)
            }
        }
        return fits(low: Int64(low), high: Int64(high), m: Int64(m), b: Int64(b)) ? Int(below) : .some(nil)
    }

    /// Whether both ends of the stored range rescale into `Int16`.
    @inline(__always)
    private static func fits(low: Int64, high: Int64, m: Int64, b: Int64) -> Bool {
        let a = low * m + b, c = high * m + b
        return min(a, c) >= -32768 && max(a, c) <= 32767
    }

    /// Slope 1 over full 16-bit words read as `S` (`Int16` for two's complement, `UInt16` unsigned): range,
    /// wrapping 16-bit add of the intercept and the count below −1024, in chunks whose 16-bit counters cannot
    /// overflow.
    @inline(__always)
    private static func slopeOne16<S: FixedWidthInteger>(_ words: UnsafeBufferPointer<UInt16>, _ out: UnsafeMutablePointer<Int16>,
                                                        b: Int16, _ read: (UInt16) -> S) -> FusedResult {
        var low = S.max, high = S.min, below = 0
        let add = UInt16(bitPattern: b)
        var start = 0
        while start < words.count {
            let end = min(words.count, start + 32768)
            var count: UInt16 = 0
            for i in start..<end {
                let w = words[i]
                let s = read(w)
                low = min(low, s)
                high = max(high, s)
                let v = Int16(bitPattern: w &+ add)
                count &+= v < -1024 ? 1 : 0
                out[i] = v
            }
            below += Int(count)
            start = end
        }
        return fits(low: Int64(low), high: Int64(high), m: 1, b: Int64(b)) ? below : nil
    }
}
