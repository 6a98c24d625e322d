import VolumeModule

/// The one-axis pass of ``StationaryWavelet``, four lines at once: line `l` in SIMD lane `l`. Every lane performs
/// exactly the scalar convolution's operations in its order (no fused multiply-add), so results are bit-identical
/// to PyWavelets'; four independent sums per instruction instead of one.
extension StationaryWavelet {
    /// ``convolve(_:_:into:)`` on four interleaved lines (`input[n]` = sample `n` of the four lines).
    @inline(__always)
    static func convolve<T: BinaryFloatingPoint & SIMDScalar>(
        lanes input: UnsafeBufferPointer<SIMD4<T>>, _ filter: UnsafeBufferPointer<T>,
        into output: UnsafeMutableBufferPointer<SIMD4<T>>
    ) {
        let n = input.count, f = filter.count, half = f / 2
        for o in 0..<n {
            let i = o &+ half
            var sum = SIMD4<T>(repeating: 0)
            if i >= f - 1 && i < n {
                for m in 0..<f { sum += SIMD4<T>(repeating: filter[m]) * input[i &- m] }
            } else if i < n {
                for m in 0..<f { sum += SIMD4<T>(repeating: filter[m]) * input[wrappedIndex(i - m, n)] }
            } else {
                var m = i - n
                while m >= 0 { sum += SIMD4<T>(repeating: filter[m]) * input[wrappedIndex(i - m, n)]; m -= 1 }
                m = i - n + 1
                while m < f { sum += SIMD4<T>(repeating: filter[m]) * input[wrappedIndex(i - m, n)]; m += 1 }
            }
            output[o] = sum
        }
    }

    /// Low- and high-pass filtering of every line along `lines.axis`, four lines per vector, chunks of lines on all
    /// cores; an empty output buffer is not computed.
    static func filterLanes<T: BinaryFloatingPoint & SIMDScalar & Sendable>(
        _ lines: AxisLines, input: UnsafeBufferPointer<T>, low: [T], high: [T],
        approximation: UnsafeMutableBufferPointer<T>, detail: UnsafeMutableBufferPointer<T>
    ) {
        let length = lines.length, stride = lines.stride
        let shared = UncheckedSendable((input, approximation, detail, low, high))
        lines.forEachChunk { firstLine, lineCount in
            let (input, approximation, detail, low, high) = shared.value
            let buffer = UnsafeMutableBufferPointer<SIMD4<T>>.allocate(capacity: 3 * length)
            defer { buffer.deallocate() }
            let line = UnsafeMutableBufferPointer(rebasing: buffer[0..<length])
            let outA = UnsafeMutableBufferPointer(rebasing: buffer[length..<(2 * length)])
            let outD = UnsafeMutableBufferPointer(rebasing: buffer[(2 * length)...])
            low.withUnsafeBufferPointer { low in
                high.withUnsafeBufferPointer { high in
                    lines.forEachGroup(from: firstLine, count: lineCount) { group in
                        let starts = group.starts, s0 = starts[0]
                        if group.adjacent {
                            for t in 0..<length {
                                line[t] = UnsafeRawPointer(input.baseAddress! + (s0 &+ t &* stride))
                                    .loadUnaligned(as: SIMD4<T>.self)
                            }
                        } else {
                            for t in 0..<length {
                                let o = t &* stride
                                line[t] = SIMD4<T>(input[s0 &+ o], input[starts[1] &+ o],
                                                   input[starts[2] &+ o], input[starts[3] &+ o])
                            }
                        }
                        for (output, filter, result) in [(approximation, low, outA), (detail, high, outD)]
                        where !output.isEmpty {
                            convolve(lanes: UnsafeBufferPointer(line), filter, into: result)
                            if group.adjacent {
                                for t in 0..<length {
                                    UnsafeMutableRawPointer(output.baseAddress! + (s0 &+ t &* stride))
                                        .storeBytes(of: result[t], as: SIMD4<T>.self)
                                }
                            } else {
                                for lane in 0..<group.used {
                                    let s = starts[lane]
                                    for t in 0..<length { output[s &+ t &* stride] = result[t][lane] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `index mod n` in `0..<n`.
    @inline(__always) static func wrappedIndex(_ index: Int, _ n: Int) -> Int {
        let r = index % n
        return r < 0 ? r + n : r
    }
}
