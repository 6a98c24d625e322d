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

/// `⌊x⌋` without a libm call (x86-64 without SSE4.1 has no rounding instruction); exact for |x| < 2⁶³.
@inline(__always)
func floorInt(_ x: Double) -> Int {
    let t = Int(x)
    return x < Double(t) ? t &- 1 : t
}

/// Round to nearest, ties to even (`rint` in the default rounding mode) for |x| < 2⁵¹: adding and subtracting
/// 1.5·2⁵² leaves the integer that IEEE round-to-nearest-even picks.
@inline(__always)
func roundToEvenInt(_ x: Double) -> Int {
    let magic = 6755399441055744.0
    return Int((x + magic) - magic)
}

/// ITK `Math::RoundHalfIntegerUp` as compiled with SSE2 on x86-64: `rint(2x + 0.5) >> 1`
/// (equal to `⌊x + 0.5⌋` except for ties created by rounding `x + 0.5`).
@inline(__always)
func roundHalfIntegerUp(_ x: Double) -> Int {
    roundToEvenInt(x + x + 0.5) >> 1
}

/// An interpolator over one source volume: the value at a continuous index inside the buffer, and a variant
/// for output rows whose y and z source indices are constant (axis-aligned grids), which does the y/z work once.
protocol Kernel {
    associatedtype Row: RowKernel
    func value(_ c: (Double, Double, Double)) -> Double
    func row(y: Double, z: Double) -> Row
}

/// A kernel with y and z fixed. `Column` holds the x-axis work for one source x index (support indices and
/// weights), which is the same for every row of an axis-aligned grid and so is computed once per row pattern.
protocol RowKernel {
    associatedtype Column
    func column(x: Double, nx: Int) -> Column
    func value(_ column: Column) -> Double
}

/// ITK `NearestNeighborInterpolateImageFunction`.
struct NearestKernel<V: InterpolatableVoxel>: Kernel {
    let src: UnsafeBufferPointer<V>
    let s: SourceShape

    @inline(__always) func index(_ x: Double, _ n: Int) -> Int { min(max(roundHalfIntegerUp(x), 0), n &- 1) }

    @inline(__always) func value(_ c: (Double, Double, Double)) -> Double {
        src[index(c.0, s.nx) &+ s.nx &* index(c.1, s.ny) &+ s.sliceStride &* index(c.2, s.nz)].doubleValue
    }

    struct Row: RowKernel {
        let kernel: NearestKernel
        let offset: Int
        @inline(__always) func column(x: Double, nx: Int) -> Int { min(max(roundHalfIntegerUp(x), 0), nx &- 1) }
        @inline(__always) func value(_ column: Int) -> Double { kernel.src[offset &+ column].doubleValue }
    }

    func row(y: Double, z: Double) -> Row {
        Row(kernel: self, offset: s.nx &* index(y, s.ny) &+ s.sliceStride &* index(z, s.nz))
    }
}

/// One axis of ITK's linear interpolation: base index `⌊x⌋` clamped to ≥ 0, distance `x − base`
/// (treated as 0 when ≤ 0), upper neighbour clamped to the last voxel (then it equals the base, which is
/// how ITK's branches skip that axis).
@inline(__always)
func linearAxis(_ x: Double, _ n: Int) -> (Int, Int, Double) {
    var base = floorInt(x)
    if base < 0 { base = 0 }
    var d = x - Double(base)
    if d <= 0 { d = 0 }
    var upper = base &+ 1
    if upper > n &- 1 || d == 0 { upper = base }
    return (base, upper, d)
}

/// ITK `LinearInterpolateImageFunction` (3-D optimised branch): lerps along x, then y, then z, each as
/// `a + (b − a)·d`. Skipped axes (distance 0 or clamped neighbour) give the same bits as ITK's branches.
struct LinearKernel<V: InterpolatableVoxel>: Kernel {
    let src: UnsafeBufferPointer<V>
    let s: SourceShape

    @inline(__always) func value(_ c: (Double, Double, Double)) -> Double {
        let r = row(y: c.1, z: c.2)
        return r.value(r.column(x: c.0, nx: s.nx))
    }

    struct Row: RowKernel {
        let src: UnsafeBufferPointer<V>
        let r00: Int, r10: Int, r01: Int, r11: Int
        let dy: Double, dz: Double

        @inline(__always) func column(x: Double, nx: Int) -> (Int, Int, Double) { linearAxis(x, nx) }

        @inline(__always) func value(_ column: (Int, Int, Double)) -> Double {
            let (x0, x1, dx) = column
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
    }

    @inline(__always) func row(y: Double, z: Double) -> Row {
        let (y0, y1, dy) = linearAxis(y, s.ny)
        let (z0, z1, dz) = linearAxis(z, s.nz)
        return Row(src: src, r00: s.nx &* y0 &+ s.sliceStride &* z0, r10: s.nx &* y1 &+ s.sliceStride &* z0,
                   r01: s.nx &* y0 &+ s.sliceStride &* z1, r11: s.nx &* y1 &+ s.sliceStride &* z1, dy: dy, dz: dz)
    }
}
