import VolumeModule

/// Laplacian of Gaussian of a 3-D image, as SimpleITK's `LaplacianRecursiveGaussianImageFilter` with
/// `NormalizeAcrossScale` on (what PyRadiomics 3.1.0 `imageoperations.getLoGImage` runs).
///
/// For each axis d (x, y, z): the recursive second derivative of a Gaussian along d, then recursive Gaussian
/// smoothing along the two other axes in increasing order, every pass stored as `Float` (ITK's internal image
/// type); the three results are accumulated in `Float` as `sum + pass / spacing_d²`. σ is in mm (σ/spacing per
/// axis), the response is multiplied by σ². The filter sees only the grid it is given: borders are handled
/// as ITK does (the edge value continued to infinity), so the crop the caller passes matters (PyRadiomics passes
/// the ROI bounding box + `padDistance`).
///
/// Reference: ITK `itkLaplacianRecursiveGaussianImageFilter.hxx`; see ``RecursiveGaussian``.
public enum LaplacianOfGaussian {
    /// PyRadiomics' applicability check: no LoG at all if any dimension has fewer than 4 voxels.
    public static func imageIsLargeEnough(_ size: Size3) -> Bool { min(size.i, size.j, size.k) >= 4 }

    /// PyRadiomics' per-σ check: every dimension must have at least `ceil(σ/spacing) + 1` voxels.
    public static func sigma(_ sigma: Double, fits size: Size3, spacing: Vector3) -> Bool {
        let counts = [size.i, size.j, size.k], spacings = [spacing.x, spacing.y, spacing.z]
        return sigma > 0 && zip(counts, spacings).allSatisfy { Double($0) >= (sigma / $1).rounded(.up) + 1 }
    }

    /// The LoG response.
    /// - Parameters:
    ///   - values: voxel intensities in ITK order (`i` fastest), read as `Double` as ITK does for integer and
    ///     `float` inputs.
    ///   - size: grid size; every dimension ≥ 4.
    ///   - spacing: voxel spacing in mm along x, y, z (> 0).
    ///   - sigma: Gaussian σ in mm (> 0).
    /// - Returns: the σ²-normalised Laplacian, `Float` (SimpleITK's output type), ITK order.
    public static func apply<Input: BinaryFloatingPoint>(to values: [Input], size: Size3, spacing: Vector3,
                                                         sigma: Double) -> [Float] {
        precondition(values.count == size.count && imageIsLargeEnough(size) && sigma > 0, "invalid LoG input")
        let spacings = [spacing.x, spacing.y, spacing.z]
        var cumulative = [Float](repeating: 0, count: size.count)
        // Pass results are ITK float images: stored as Float, read back as Double (ITK's arithmetic).
        // One pass image, filtered in place: a pass gathers each line before it writes it back, and lines are
        // disjoint, so the smoothing passes need no second buffer (peak memory).
        var first = [Float](unsafeUninitializedCapacity: size.count) { _, n in n = size.count }
        for axis in 0..<3 {
            let derivative = RecursiveGaussian(sigma: sigma, spacing: spacings[axis], order: .second,
                                               normalizeAcrossScale: true)
            values.withUnsafeBufferPointer { input in
                first.withUnsafeMutableBufferPointer { output in
                    run(derivative, along: axis, size: size, input: input, output: output)
                }
            }
            for other in (0..<3) where other != axis {
                let smoothing = RecursiveGaussian(sigma: sigma, spacing: spacings[other], order: .zero,
                                                  normalizeAcrossScale: true)
                first.withUnsafeMutableBufferPointer { buffer in
                    run(smoothing, along: other, size: size, input: UnsafeBufferPointer(buffer), output: buffer)
                }
            }
            let scale = 1.0 / (spacings[axis] * spacings[axis])
            cumulative.withUnsafeMutableBufferPointer { sum in
                first.withUnsafeBufferPointer { term in
                    for n in 0..<sum.count { sum[n] = Float(Double(sum[n]) + Double(term[n]) * scale) }
                }
            }
        }
        return cumulative
    }

    /// One recursive pass along `axis`, four lines per vector (see ``RecursiveGaussian/filter(lanes:into:scratch:)``)
    /// and chunks of lines on all cores; each result rounded to `Float` (ITK's pass output type).
    private static func run<Input: BinaryFloatingPoint>(
        _ filter: RecursiveGaussian, along axis: Int, size: Size3,
        input: UnsafeBufferPointer<Input>, output: UnsafeMutableBufferPointer<Float>
    ) {
        let lines = AxisLines(size: size, axis: axis)
        let length = lines.length, stride = lines.stride
        let shared = UncheckedSendable((input, output))
        lines.forEachChunk { firstLine, lineCount in
            let (input, output) = shared.value
            let floatInput = input as? UnsafeBufferPointer<Float>
            typealias Lanes = RecursiveGaussian.Lanes
            let buffer = UnsafeMutableBufferPointer<Lanes>.allocate(capacity: 3 * length)
            defer { buffer.deallocate() }
            let data = UnsafeMutableBufferPointer(rebasing: buffer[0..<length])
            let outs = UnsafeMutableBufferPointer(rebasing: buffer[length..<(2 * length)])
            let scratch = UnsafeMutableBufferPointer(rebasing: buffer[(2 * length)...])
            lines.forEachGroup(from: firstLine, count: lineCount) { group in
                let starts = group.starts, s0 = starts[0]
                if group.adjacent, let floats = floatInput {
                    for n in 0..<length {
                        let vector = UnsafeRawPointer(floats.baseAddress! + (s0 &+ n &* stride))
                            .loadUnaligned(as: SIMD4<Float>.self)
                        data[n] = Lanes(vector)
                    }
                } else {
                    for n in 0..<length {
                        let o = n &* stride
                        data[n] = Lanes(Double(input[s0 &+ o]), Double(input[starts[1] &+ o]),
                                        Double(input[starts[2] &+ o]), Double(input[starts[3] &+ o]))
                    }
                }
                filter.filter(lanes: UnsafeBufferPointer(data), into: outs, scratch: scratch)
                if group.adjacent {
                    for n in 0..<length {
                        UnsafeMutableRawPointer(output.baseAddress! + (s0 &+ n &* stride))
                            .storeBytes(of: SIMD4<Float>(outs[n]), as: SIMD4<Float>.self)
                    }
                } else {
                    for lane in 0..<group.used {
                        let s = starts[lane]
                        for n in 0..<length { output[s &+ n &* stride] = Float(outs[n][lane]) }
                    }
                }
            }
        }
    }
}
