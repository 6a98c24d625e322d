/// Voxel types the resampler reads (converted to `Double`, ITK's `RealType` for all of them).
protocol InterpolatableVoxel: BitwiseCopyable & Sendable {
    var doubleValue: Double { get }
}

extension Float: InterpolatableVoxel { @inline(__always) var doubleValue: Double { Double(self) } }
extension Double: InterpolatableVoxel { @inline(__always) var doubleValue: Double { self } }
extension Int16: InterpolatableVoxel { @inline(__always) var doubleValue: Double { Double(self) } }
extension UInt8: InterpolatableVoxel { @inline(__always) var doubleValue: Double { Double(self) } }

/// Source grid sizes and strides, read by the kernels.
struct SourceShape {
    let nx: Int, ny: Int, nz: Int
    let sliceStride: Int
    /// Sizes as `Double`, for the inside test.
    let extent: (Double, Double, Double)

    init(_ size: Size3) {
        nx = size.i
        ny = size.j
        nz = size.k
        sliceStride = size.i * size.j
        extent = (Double(size.i), Double(size.j), Double(size.k))
    }
}

/// ITK `Math::RoundHalfIntegerUp` as compiled with SSE2 on x86-64: `rint(2x + 0.5) >> 1`
/// (equal to `⌊x + 0.5⌋` except for ties created by rounding `x + 0.5`).
@inline(__always)
func roundHalfIntegerUp(_ x: Double) -> Int {
    Int((x + x + 0.5).rounded(.toNearestOrEven)) >> 1
}

/// ITK `NearestNeighborInterpolateImageFunction`; `c` must be inside the buffer.
@inline(__always)
func nearestValue<V: InterpolatableVoxel>(_ src: UnsafeBufferPointer<V>, _ s: SourceShape,
                                           _ c: (Double, Double, Double)) -> V {
    let i = min(max(roundHalfIntegerUp(c.0), 0), s.nx - 1)
    let j = min(max(roundHalfIntegerUp(c.1), 0), s.ny - 1)
    let k = min(max(roundHalfIntegerUp(c.2), 0), s.nz - 1)
    return src[i &+ s.nx &* j &+ s.sliceStride &* k]
}

/// One axis of ITK's linear interpolation: base index `⌊x⌋` clamped to ≥ 0, distance `x − base`
/// (treated as 0 when ≤ 0), upper neighbour clamped to the last voxel (then it equals the base, which is
/// how ITK's branches skip that axis).
@inline(__always)
func linearAxis(_ x: Double, _ n: Int) -> (Int, Int, Double) {
    var base = Int(x.rounded(.down))
    if base < 0 { base = 0 }
    var d = x - Double(base)
    if d <= 0 { d = 0 }
    var upper = base &+ 1
    if upper > n &- 1 || d == 0 { upper = base }
    return (base, upper, d)
}

/// ITK `LinearInterpolateImageFunction` (3-D optimised branch): lerps along x, then y, then z, each as
/// `a + (b − a)·d`; `c` must be inside the buffer.
@inline(__always)
func linearValue<V: InterpolatableVoxel>(_ src: UnsafeBufferPointer<V>, _ s: SourceShape,
                                          _ c: (Double, Double, Double)) -> Double {
    let (x0, x1, dx) = linearAxis(c.0, s.nx)
    let (y0, y1, dy) = linearAxis(c.1, s.ny)
    let (z0, z1, dz) = linearAxis(c.2, s.nz)
    let r00 = s.nx &* y0 &+ s.sliceStride &* z0, r10 = s.nx &* y1 &+ s.sliceStride &* z0
    let r01 = s.nx &* y0 &+ s.sliceStride &* z1, r11 = s.nx &* y1 &+ s.sliceStride &* z1
    let v000 = src[r00 &+ x0].doubleValue
    if dx == 0 && dy == 0 && dz == 0 { return v000 }
    let c00 = v000 + (src[r00 &+ x1].doubleValue - v000) * dx
    let v010 = src[r10 &+ x0].doubleValue
    let c10 = v010 + (src[r10 &+ x1].doubleValue - v010) * dx
    let c0 = c00 + (c10 - c00) * dy
    if dz == 0 { return c0 }
    let v001 = src[r01 &+ x0].doubleValue
    let c01 = v001 + (src[r01 &+ x1].doubleValue - v001) * dx
    let v011 = src[r11 &+ x0].doubleValue
    let c11 = v011 + (src[r11 &+ x1].doubleValue - v011) * dx
    let c1 = c01 + (c11 - c01) * dy
    return c0 + (c1 - c0) * dz
}
