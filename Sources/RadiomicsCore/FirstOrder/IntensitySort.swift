/// Sorting ROI intensities for the first-order percentiles, giving exactly the array `sorted()` gives, faster.
///
/// - Integer values in a modest range (CT HU, MR counts): counting sort, O(N + range).
/// - Values that are all exactly `Float`s (LoG, `float32` images): the same radix sort on 32-bit `Float` keys, two
///   passes.
/// - Otherwise: least-significant-digit radix sort on the order-preserving 64-bit key of each Double (sign bit
///   flipped for positives, all bits for negatives), 16-bit digits; a digit that is the same for every key is
///   skipped.
/// NaN and −0.0 (whose order relative to 0.0 `sorted()` leaves to stability) take the comparison sort.
enum IntensitySort {
    /// `values` in ascending order.
    static func sorted(_ values: [Double]) -> [Double] {
        var values = values
        sort(&values)
        return values
    }

    /// Sorts `values` ascending in place.
    static func sort(_ values: inout [Double]) {
        guard var lo = values.first else { return }
        var hi = lo, integral = true, floatExact = true
        for v in values {
            if v.isNaN || (v == 0 && v.sign == .minus) { values.sort(); return }
            if v < lo { lo = v } else if v > hi { hi = v }
            if integral && v != v.rounded(.towardZero) { integral = false }
            if floatExact && Double(Float(v)) != v { floatExact = false }
        }
        let range = hi - lo
        if integral && range < Double(max(4 * values.count, 1 << 16)) && lo.magnitude < 1e15 {
            countingSort(&values, lo: lo, range: Int(range))
            return
        }
        if floatExact {
            radixSortFloats(&values)
        } else {
            radixSort(&values)
        }
    }

    /// Radix sort of values that are all exactly `Float`s (LoG and `float32` images, `Float` voxels): 32-bit keys,
    /// two 16-bit passes instead of the 64-bit sort's three or four; same order, same values.
    static func radixSortFloats(_ values: inout [Double]) {
        let n = values.count
        guard n > 1 else { return }
        var keys = values.map { v -> UInt32 in
            let bits = Float(v).bitPattern
            return bits & (1 << 31) != 0 ? ~bits : bits | (1 << 31)
        }
        var scratch = [UInt32](repeating: 0, count: n)
        var histograms = [Int](repeating: 0, count: 2 << 16)
        histograms.withUnsafeMutableBufferPointer { h in
            for k in keys {
                h[Int(k & 0xFFFF)] &+= 1
                h[(1 << 16) &+ Int(k >> 16)] &+= 1
            }
        }
        var offsets = [Int](repeating: 0, count: 1 << 16)
        for digit in 0..<2 {
            let base = digit << 16, shift = UInt32(16 * digit)
            if histograms[base + Int((keys[0] >> shift) & 0xFFFF)] == n { continue }  // same digit everywhere
            var sum = 0
            for d in 0..<(1 << 16) { offsets[d] = sum; sum += histograms[base + d] }
            keys.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        for k in source {
                            let d = Int((k >> shift) & 0xFFFF)
                            target[offsets[d]] = k
                            offsets[d] &+= 1
                        }
                    }
                }
            }
            swap(&keys, &scratch)
        }
        values.withUnsafeMutableBufferPointer { values in
            for i in 0..<n {
                let k = keys[i]
                values[i] = Double(Float(bitPattern: k & (1 << 31) != 0 ? k & ~(1 << 31) : ~k))
            }
        }
    }

    static func countingSort(_ values: inout [Double], lo: Double, range: Int) {
        var counts = [Int](repeating: 0, count: range + 1)
        counts.withUnsafeMutableBufferPointer { counts in
            for v in values { counts[Int(v - lo)] &+= 1 }
        }
        values.withUnsafeMutableBufferPointer { values in
            var n = 0
            for (k, c) in counts.enumerated() where c > 0 {
                let v = lo + Double(k)
                for _ in 0..<c { values[n] = v; n &+= 1 }
            }
        }
    }

    /// Order-preserving unsigned key of a (non-NaN) Double.
    @inline(__always) static func key(_ v: Double) -> UInt64 {
        let bits = v.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always) static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    static func radixSorted(_ values: [Double]) -> [Double] {
        var keys = values
        radixSort(&keys)
        return keys
    }

    /// Sorts in place: keys written over the values, one scratch array, values restored at the end.
    static func radixSort(_ values: inout [Double]) {
        let n = values.count
        guard n > 1 else { return }
        var histograms = [Int](repeating: 0, count: 4 << 16)
        var scratch = [UInt64](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { v in
            v.withMemoryRebound(to: UInt64.self) { keys in
                for i in 0..<n { keys[i] = key(Double(bitPattern: keys[i])) }
                histograms.withUnsafeMutableBufferPointer { h in
                    for k in keys {
                        h[Int(k & 0xFFFF)] &+= 1
                        h[(1 << 16) &+ Int((k >> 16) & 0xFFFF)] &+= 1
                        h[(2 << 16) &+ Int((k >> 32) & 0xFFFF)] &+= 1
                        h[(3 << 16) &+ Int(k >> 48)] &+= 1
                    }
                }
                scratch.withUnsafeMutableBufferPointer { scratch in
                    var source = keys, target = scratch
                    var offsets = [Int](repeating: 0, count: 1 << 16)
                    for digit in 0..<4 {
                        let base = digit << 16, shift = UInt64(16 * digit)
                        if histograms[base + Int((source[0] >> shift) & 0xFFFF)] == n { continue }  // same digit everywhere
                        var sum = 0
                        for d in 0..<(1 << 16) { offsets[d] = sum; sum += histograms[base + d] }
                        offsets.withUnsafeMutableBufferPointer { offsets in
                            for k in source {
                                let d = Int((k >> shift) & 0xFFFF)
                                target[offsets[d]] = k
                                offsets[d] &+= 1
                            }
                        }
                        swap(&source, &target)
                    }
                    if source.baseAddress != keys.baseAddress { _ = keys.update(fromContentsOf: source) }
                }
                for i in 0..<n { keys[i] = value(keys[i]).bitPattern }
            }
        }
    }
}
