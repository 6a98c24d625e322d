import VolumeModule

/// Undecimated (stationary) separable wavelet transform with periodic extension, one level, as PyWavelets
/// `swtn(data, wavelet, level=1, start_level=0)` computes it (C routine `downsampling_convolution_periodization`
/// with step 1: `out[n] = Σₘ h[m]·x[(n + F/2 − m) mod N]`, summed in the same order, in the same precision).
///
/// Every transformed axis needs an even length (PyWavelets refuses odd lengths; PyRadiomics pads, see
/// ``PyRadiomicsWavelet``).
enum StationaryWavelet {
    /// One 1-D level: `output[o] = Σ_m filter[m] · input[(o + F/2 − m) mod N]`, terms in PyWavelets' order.
    @inline(__always)
    static func convolve<T: BinaryFloatingPoint>(_ input: UnsafeBufferPointer<T>, _ filter: UnsafeBufferPointer<T>,
                                                 into output: UnsafeMutableBufferPointer<T>) {
        let n = input.count, f = filter.count, half = f / 2
        for o in 0..<n {
            let i = o &+ half
            var sum: T = 0
            if i >= f - 1 && i < n {
                // Interior: no wrap, ascending m.
                for m in 0..<f { sum += filter[m] * input[i &- m] }
            } else if i < n {
                for m in 0..<f { sum += filter[m] * input[wrapped(i - m, n)] }
            } else {
                // Past the end: PyWavelets adds the wrapped terms m = i−N … 0 first, then m = i−N+1 … F−1.
                var m = i - n
                while m >= 0 { sum += filter[m] * input[wrapped(i - m, n)]; m -= 1 }
                m = i - n + 1
                while m < f { sum += filter[m] * input[wrapped(i - m, n)]; m += 1 }
            }
            output[o] = sum
        }
    }

    @inline(__always) private static func wrapped(_ index: Int, _ n: Int) -> Int {
        let r = index % n
        return r < 0 ? r + n : r
    }

    /// One level of the n-D transform over `axes` (in that order, as `swtn`'s `axes`), returning the sub-bands
    /// keyed by one letter per axis in `axes` order (`a` approximation / low-pass, `d` detail / high-pass), in
    /// PyWavelets' order (`aaa`, `aad`, `ada`, …). With a `prefix` (letters for the leading axes), only the sub-bands
    /// whose key starts with it: the passes along those axes compute just the one output needed (same values).
    /// - Precondition: every transformed dimension is even.
    static func decompose<T: BinaryFloatingPoint & Sendable>(_ data: consuming [T], size: Size3, axes: [Int],
                                                            bank: WaveletFilterBank,
                                                            prefix: String = "") -> [(String, [T])] {
        let (low, high) = bank.filters(as: T.self)
        let letters = Array(prefix)
        // Each pass's input is released once the next coefficients replace it.
        var coefficients: [(String, [T])] = [("", consume data)]
        for (n, axis) in axes.enumerated() {
            let lines = AxisLines(size: size, axis: axis)
            precondition(lines.length % 2 == 0, "stationary wavelet needs even lengths")
            let wantsA = n >= letters.count || letters[n] == "a", wantsD = n >= letters.count || letters[n] == "d"
            var next: [(String, [T])] = []
            for (key, x) in coefficients {
                var a = wantsA ? [T](repeating: 0, count: x.count) : []
                var d = wantsD ? [T](repeating: 0, count: x.count) : []
                x.withUnsafeBufferPointer { input in
                    a.withUnsafeMutableBufferPointer { a in
                        d.withUnsafeMutableBufferPointer { d in
                            filterLines(lines, input: input, low: low, high: high, approximation: a, detail: d)
                        }
                    }
                }
                if wantsA { next.append((key + "a", a)) }
                if wantsD { next.append((key + "d", d)) }
            }
            coefficients = next
        }
        return coefficients
    }

    private static func filterLines<T: BinaryFloatingPoint & Sendable>(
        _ lines: AxisLines, input: UnsafeBufferPointer<T>, low: [T], high: [T],
        approximation: UnsafeMutableBufferPointer<T>, detail: UnsafeMutableBufferPointer<T>
    ) {
        if let input = input as? UnsafeBufferPointer<Double>, let low = low as? [Double], let high = high as? [Double],
           let approximation = approximation as? UnsafeMutableBufferPointer<Double>,
           let detail = detail as? UnsafeMutableBufferPointer<Double> {
            filterLanes(lines, input: input, low: low, high: high, approximation: approximation, detail: detail)
        } else if let input = input as? UnsafeBufferPointer<Float>, let low = low as? [Float],
                  let high = high as? [Float], let approximation = approximation as? UnsafeMutableBufferPointer<Float>,
                  let detail = detail as? UnsafeMutableBufferPointer<Float> {
            filterLanes(lines, input: input, low: low, high: high, approximation: approximation, detail: detail)
        } else {
            preconditionFailure("wavelet precision is Float or Double")
        }
    }
}
