import Dispatch

/// The resampling engine shared by all public entry points (specialised per voxel type in this module):
/// `Float` output cast with `pixelType`, default value where the point is outside the source.
func resampleVolume<V: InterpolatableVoxel>(_ source: Volume<V>, onto target: VolumeGeometry,
                                            through transform: AffineTransform3D = .identity,
                                            interpolation: Interpolation, defaultValue: Float,
                                            pixelType: ResampledPixelType,
                                            partOf whole: (grid: VolumeGeometry, lower: Index3)? = nil) throws -> Volume<Float> {
    let voxels: [Float]
    if let range = pixelType.integerRange {
        voxels = try resampleVoxels(source, onto: target, through: transform, interpolation: interpolation,
                                    outside: defaultValue, convert: IntegerCast(low: range.lowerBound, high: range.upperBound),
                                    partOf: whole)
    } else {
        voxels = try resampleVoxels(source, onto: target, through: transform, interpolation: interpolation,
                                    outside: defaultValue, convert: FloatCast(), partOf: whole)
    }
    return Volume(geometry: target, voxels: voxels)
}

/// Converts an interpolated `Double` to an output voxel.
protocol VoxelConversion {
    associatedtype Output: BitwiseCopyable
    func callAsFunction(_ value: Double) -> Output
}

/// Nearest `Float`.
struct FloatCast: VoxelConversion {
    @inline(__always) func callAsFunction(_ value: Double) -> Float { Float(value) }
}

/// ITK `CastPixelWithBoundsChecking` to an integer type: clamp, then truncate toward zero (NaN → 0).
struct IntegerCast: VoxelConversion {
    let low: Double, high: Double
    @inline(__always) func callAsFunction(_ value: Double) -> Float {
        if value.isNaN { return 0 }
        if value < low { return Float(low) }
        if value > high { return Float(high) }
        return Float(Double(Int(value)))  // cvttsd2si truncates toward zero; the range is checked above
    }
}

/// ITK `CastPixelWithBoundsChecking` to `Int16`: clamp, then truncate toward zero (NaN → 0).
struct Int16Cast: VoxelConversion {
    @inline(__always) func callAsFunction(_ value: Double) -> Int16 {
        if value.isNaN { return 0 }
        if value < -32768 { return .min }
        if value > 32767 { return .max }
        return Int16(truncatingIfNeeded: Int(value))  // truncates toward zero; the range is checked above
    }
}

/// Any closure (mask thresholds, rounding); used where speed matters less.
struct ClosureConversion<Output: BitwiseCopyable>: VoxelConversion {
    let body: (Double) -> Output
    @inline(__always) func callAsFunction(_ value: Double) -> Output { body(value) }
}

/// Interpolates `source` at every voxel centre of `target` (ITK `ResampleImageFilter` linear-transform path)
/// and stores `convert(value)`, or `outside` for points outside the source buffer. `transform` maps target
/// LPS points to source LPS points (identity: through patient coordinates).
func resampleVoxels<V: InterpolatableVoxel, Out: BitwiseCopyable>(
    _ source: Volume<V>, onto target: VolumeGeometry, through transform: AffineTransform3D = .identity,
    interpolation: Interpolation, outside: Out, convert: @escaping (Double) -> Out
) throws -> [Out] {
    try resampleVoxels(source, onto: target, through: transform, interpolation: interpolation, outside: outside,
                       convert: ClosureConversion(body: convert))
}

/// `partOf`: `source` is the box starting at `lower` of a volume on `grid`; indices are computed on that grid and
/// shifted exactly (``GridMapping/offset``), so linear and B-spline values equal the whole volume's wherever the
/// box holds every voxel they read.
func resampleVoxels<V: InterpolatableVoxel, C: VoxelConversion>(
    _ source: Volume<V>, onto target: VolumeGeometry, through transform: AffineTransform3D = .identity,
    interpolation: Interpolation, outside: C.Output, convert: C, partOf whole: (grid: VolumeGeometry, lower: Index3)? = nil
) throws -> [C.Output] {
    let mapping = try GridMapping(source: whole?.grid ?? source.geometry, target: target, transform: transform,
                                  offset: whole?.lower ?? Index3(0, 0, 0))
    let shape = SourceShape(source.geometry.size)
    let count = target.size.count
    guard count > 0, source.geometry.size.count > 0 else {
        return [C.Output](repeating: outside, count: count)
    }
    var coefficients = BSplineCoefficients?.none
    if interpolation == .bSpline {
        let (columns, rows) = bSplineSupport(mapping, target.size, shape)
        coefficients = BSplineCoefficients(source, columns: columns, rows: rows)
    }
    // Every output voxel is written exactly once by `fill` (value or `outside`), so no prior initialisation.
    return [C.Output](unsafeUninitializedCapacity: count) { out, initialized in
        source.voxels.withUnsafeBufferPointer { src in
            switch interpolation {
            case .nearest:
                fill(out, mapping, target.size, shape, NearestKernel(src: src, s: shape), convert, outside)
            case .linear:
                fill(out, mapping, target.size, shape, LinearKernel(src: src, s: shape), convert, outside)
            case .bSpline:
                let c = coefficients!
                c.values.withUnsafeBufferPointer { coef in
                    let kernel = BSplineKernel(coefficients: coef, s: shape, lowX: c.lowX, lowY: c.lowY,
                                               countX: c.countX, countY: c.countY)
                    fill(out, mapping, target.size, shape, kernel, convert, outside)
                }
            }
        }
        initialized = count
    }
}

/// Source x and y index ranges that B-spline evaluation at `target`'s voxels can touch: the box of the
/// continuous indices of the target's 8 corner voxels (the map is affine), widened by 3 voxels for the
/// support (−1…+2), the `Float` floor and rounding, and clamped to the grid (mirrored indices fall inside it).
func bSplineSupport(_ mapping: GridMapping, _ n: Size3, _ shape: SourceShape) -> (ClosedRange<Int>, ClosedRange<Int>) {
    var low = (Double.infinity, Double.infinity), high = (-Double.infinity, -Double.infinity)
    for corner in 0..<8 {
        let c = mapping.local(mapping.sourceIndex(corner & 1 == 0 ? 0 : n.i - 1, corner & 2 == 0 ? 0 : n.j - 1,
                                                  corner & 4 == 0 ? 0 : n.k - 1))
        low = (min(low.0, c.0), min(low.1, c.1))
        high = (max(high.0, c.0), max(high.1, c.1))
    }
    func range(_ lo: Double, _ hi: Double, _ count: Int) -> ClosedRange<Int> {
        guard lo.isFinite, hi.isFinite, hi >= -1e9, lo <= 1e9 else { return 0...(count - 1) }
        let a = min(max(Int(lo.rounded(.down)) - 3, 0), count - 1)
        let b = max(min(Int(hi.rounded(.down)) + 3, count - 1), a)
        return a...b
    }
    return (range(low.0, high.0, shape.nx), range(low.1, high.1, shape.ny))
}

/// The output loop, parallel over target slices. Rows whose source y and z indices are constant (the
/// end-minus-start difference is exactly 0, so ITK's `start + α·0` is the start value) do the y/z work once,
/// and reuse the per-column x work while consecutive rows start and end at the same x (axis-aligned grids).
func fill<K: Kernel, C: VoxelConversion>(_ out: UnsafeMutableBufferPointer<C.Output>, _ mapping: GridMapping,
                                                  _ n: Size3, _ shape: SourceShape, _ kernel: K, _ convert: C,
                                                  _ outside: C.Output) {
    let shared = UncheckedSendable((out.baseAddress!, kernel, convert, outside))
    DispatchQueue.concurrentPerform(iterations: n.k) { k in
        let (out, kernel, convert, outside) = shared.value
        var columns: [K.Row.Column] = []
        var inside: [Bool] = []
        var cachedX = (Double.nan, Double.nan)
        for j in 0..<n.j {
            let row = mapping.row(j, k)
            let base = out + n.i * (j + n.j * k)
            if row.start.1 == row.end.1 && row.start.2 == row.end.2 {
                let y = row.start.1 - mapping.offset.1, z = row.start.2 - mapping.offset.2
                guard y >= -0.5 && y < shape.extent.1 - 0.5 && z >= -0.5 && z < shape.extent.2 - 0.5 else {
                    for i in 0..<n.i { base[i] = outside }
                    continue
                }
                let fixed = kernel.row(y: y, z: z)
                if !(row.start.0 == cachedX.0 && row.end.0 == cachedX.1) {
                    cachedX = (row.start.0, row.end.0)
                    let x0 = row.start.0, dx = row.end.0 - row.start.0, width = Double(n.i)
                    let high = shape.extent.0 - 0.5
                    columns.removeAll(keepingCapacity: true)
                    inside.removeAll(keepingCapacity: true)
                    for i in 0..<n.i {
                        let x = (x0 + (Double(i) / width) * dx) - mapping.offset.0
                        let isIn = x >= -0.5 && x < high
                        inside.append(isIn)
                        columns.append(fixed.column(x: isIn ? x : 0, nx: shape.nx))
                    }
                }
                columns.withUnsafeBufferPointer { columns in
                    inside.withUnsafeBufferPointer { inside in
                        for i in 0..<n.i {
                            base[i] = inside[i] ? convert(fixed.value(columns[i])) : outside
                        }
                    }
                }
            } else {
                for i in 0..<n.i {
                    let c = mapping.local(rowIndex(row, i, width: n.i))
                    base[i] = isInside(c, shape.extent) ? convert(kernel.value(c)) : outside
                }
            }
        }
    }
}
