/// Rescaling one decoded plane into the output volume: HU = stored × RescaleSlope + RescaleIntercept
/// (DICOM PS3.3 C.11.1.1.2), Pixel Padding Value voxels set to the fill value (C.7.5.1.1.2), and counts of
/// padding voxels and voxels below −1024 HU for the report.
extension VolumeLoader {
    /// Counts returned by a converter: padding voxels and CT voxels below −1024 HU.
    typealias PlaneCounts = (padding: Int, belowAir: Int)

    /// Rescales one plane of stored values into the output: (stored, out, slope, intercept, padding range)
    /// → counts, or `nil` when a value does not fit the output type.
    typealias PlaneConverter<T> = (UnsafeBufferPointer<Int32>, UnsafeMutablePointer<T>, Double, Double, ClosedRange<Int64>?)
        -> PlaneCounts?

    /// The same from raw 16-bit words of natively stored pixel data (no int32 copy in between).
    typealias WordConverter<T> = (UnsafeBufferPointer<UInt16>, WordLayout, UnsafeMutablePointer<T>, Double, Double,
                                  ClosedRange<Int64>?) -> PlaneCounts?

    /// Where the stored value sits in a 16-bit word (PS3.5 §8.1.1): bits HighBit − BitsStored + 1 …
    /// HighBit, sign-extended when PixelRepresentation is 1.
    struct WordLayout {
        /// Shift that puts HighBit at bit 31.
        let left: UInt32
        /// Shift that brings the value back down to bit 0.
        let right: UInt32
        /// All ones for two's complement values, zero for unsigned.
        let signMask: Int32

        init(_ format: PixelFormat) {
            left = UInt32(31 - format.highBit)
            right = UInt32(32 - format.bitsStored)
            signMask = format.pixelRepresentation == 1 ? -1 : 0
        }

        /// The stored value of one word, branch-free (arithmetic or logical shift chosen by mask).
        @inline(__always) func stored(_ word: UInt16) -> Int32 {
            // Masking shifts (&<<, &>>): both amounts are below 32, and without Swift's over-shift checks the
            // loop vectorises.
            let x = UInt32(word) &<< left
            return ((Int32(bitPattern: x) &>> right) & signMask) | (Int32(bitPattern: x &>> right) & ~signMask)
        }
    }

    /// Integral slope and intercept into `Int16`, in integer arithmetic.
    ///
    /// The rescale is monotonic, so the plane's stored minimum and maximum decide whether every value fits
    /// and whether any can be padding; the common plane (no padding value present, small slope and
    /// intercept) then takes a branch-free loop the compiler vectorises. Otherwise voxel by voxel.
    static func int16Converter(fill: Int16) -> PlaneConverter<Int16> {
        { source, out, slope, intercept, pad in
            let range = storedRange(count: source.count) { source[$0] }
            switch int16Plan(range, slope: slope, intercept: intercept, pad: pad) {
            case .empty: return (0, 0)
            case .overflow: return nil
            case .fast(let m, let b): return (0, rescaleInt16(count: source.count, out: out, m: m, b: b) { source[$0] })
            case .general: break
            }
            let m = Int64(slope), b = Int64(intercept)
            var padding = 0, below = 0
            for i in source.indices {
                let s = Int64(source[i])
                if let pad, pad.contains(s) {
                    out[i] = fill
                    padding += 1
                    continue
                }
                let v = s &* m &+ b
                guard v >= -32768 && v <= 32767 else { return nil }
                if v < -1024 { below += 1 }
                out[i] = Int16(truncatingIfNeeded: v)
            }
            return (padding, below)
        }
    }

    /// ``int16Converter(fill:)`` reading raw words: one fused pass (``fusedInt16(_:_:_:slope:intercept:)``)
    /// when no padding value is declared, else range then rescale; the rare planes (padding present, large
    /// rescale) go through stored values first.
    static func int16WordConverter(fill: Int16) -> WordConverter<Int16> {
        let general = int16Converter(fill: fill)
        return { words, layout, out, slope, intercept, pad in
            if pad == nil, let fused = fusedInt16(words, layout, out, slope: slope, intercept: intercept) {
                return fused.map { (0, $0) }
            }
            let range = storedRange(count: words.count) { layout.stored(words[$0]) }
            switch int16Plan(range, slope: slope, intercept: intercept, pad: pad) {
            case .empty: return (0, 0)
            case .overflow: return nil
            case .fast(let m, let b): return (0, rescaleInt16(count: words.count, out: out, m: m, b: b) { layout.stored(words[$0]) })
            case .general:
                let stored = words.map { layout.stored($0) }
                return stored.withUnsafeBufferPointer { general($0, out, slope, intercept, pad) }
            }
        }
    }

    /// Any slope and intercept into `Float`, computed in double.
    static func floatConverter(fill: Float) -> PlaneConverter<Float> {
        { source, out, slope, intercept, pad in
            var padding = 0, below = 0
            for i in source.indices {
                let s = source[i]
                if let pad, pad.contains(Int64(s)) {
                    out[i] = fill
                    padding += 1
                    continue
                }
                let v = Double(s) * slope + intercept
                if v < -1024 { below += 1 }
                out[i] = Float(v)
            }
            return (padding, below)
        }
    }

    /// How a plane can be rescaled into `Int16`.
    private enum Int16Plan {
        case empty
        /// Some value leaves the Int16 range.
        case overflow
        /// No padding value present and a small slope and intercept: Int32 arithmetic cannot overflow.
        case fast(m: Int32, b: Int32)
        /// Voxel by voxel.
        case general
    }

    private static func int16Plan(_ range: ClosedRange<Int32>?, slope: Double, intercept: Double,
                                  pad: ClosedRange<Int64>?) -> Int16Plan {
        guard let range else { return .empty }
        let m = Int64(slope), b = Int64(intercept)
        let padPresent = pad.map { $0.lowerBound <= Int64(range.upperBound) && $0.upperBound >= Int64(range.lowerBound) } ?? false
        guard !padPresent && abs(m) <= 1 << 15 && abs(b) <= 1 << 15 else { return .general }
        // Monotonic: every value lies between the images of the two ends.
        let ends = [Int64(range.lowerBound) &* m &+ b, Int64(range.upperBound) &* m &+ b]
        guard ends.allSatisfy({ $0 >= -32768 && $0 <= 32767 }) else { return .overflow }
        return .fast(m: Int32(m), b: Int32(b))
    }

    /// Smallest and largest of `count` stored values (`nil` for none).
    @inline(__always)
    private static func storedRange(count: Int, _ value: (Int) -> Int32) -> ClosedRange<Int32>? {
        guard count > 0 else { return nil }
        var low = Int32.max, high = Int32.min
        for i in 0..<count {
            let s = value(i)
            low = min(low, s)
            high = max(high, s)
        }
        return low...high
    }

    /// The branch-free rescale loop; returns the count below −1024 HU. Int32 counts keep the vector lanes
    /// 32 bits wide (a plane has far fewer than 2³¹ voxels); slope 1, the usual CT case, needs no multiply.
    @inline(__always)
    private static func rescaleInt16(count: Int, out: UnsafeMutablePointer<Int16>, m: Int32, b: Int32,
                                     _ value: (Int) -> Int32) -> Int {
        var below: Int32 = 0
        if m == 1 {
            for i in 0..<count {
                let v = value(i) &+ b
                below &+= v < -1024 ? 1 : 0
                out[i] = Int16(truncatingIfNeeded: v)
            }
        } else {
            for i in 0..<count {
                let v = value(i) &* m &+ b
                below &+= v < -1024 ? 1 : 0
                out[i] = Int16(truncatingIfNeeded: v)
            }
        }
        return Int(below)
    }
}
