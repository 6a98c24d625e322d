/// ITK `BSplineInterpolateImageFunction::EvaluateAtContinuousIndex` for order 3.
///
/// Support: `⌊Float(x)⌋ − 1 … ⌊Float(x)⌋ + 2` per axis (ITK casts the index to `float` before `floor`);
/// weights with `w = x − ⌊Float(x)⌋`; indices outside `[0, N − 1]` mirrored once (`−e`, `2(N − 1) − e`),
/// all 0 on axes of length 1; the 64 terms summed with x fastest, each weight `(wx·wy)·wz`.
@inline(__always)
func bSplineValue(_ coefficients: UnsafeBufferPointer<Double>, _ s: SourceShape,
                  _ c: (Double, Double, Double)) -> Double {
    var wx = (0.0, 0.0, 0.0, 0.0), wy = wx, wz = wx
    var ix = (0, 0, 0, 0), iy = ix, iz = ix
    bSplineAxis(c.0, s.nx, &ix, &wx)
    bSplineAxis(c.1, s.ny, &iy, &wy)
    bSplineAxis(c.2, s.nz, &iz, &wz)
    let rowY = (s.nx &* iy.0, s.nx &* iy.1, s.nx &* iy.2, s.nx &* iy.3)
    var sum = 0.0
    @inline(__always) func plane(_ zOffset: Int, _ wzc: Double) {
        @inline(__always) func line(_ offset: Int, _ wyb: Double) {
            let p = coefficients.baseAddress! + offset
            sum += ((wx.0 * wyb) * wzc) * p[ix.0]
            sum += ((wx.1 * wyb) * wzc) * p[ix.1]
            sum += ((wx.2 * wyb) * wzc) * p[ix.2]
            sum += ((wx.3 * wyb) * wzc) * p[ix.3]
        }
        line(zOffset &+ rowY.0, wy.0)
        line(zOffset &+ rowY.1, wy.1)
        line(zOffset &+ rowY.2, wy.2)
        line(zOffset &+ rowY.3, wy.3)
    }
    plane(s.sliceStride &* iz.0, wz.0)
    plane(s.sliceStride &* iz.1, wz.1)
    plane(s.sliceStride &* iz.2, wz.2)
    plane(s.sliceStride &* iz.3, wz.3)
    return sum
}

/// Support indices (mirrored) and cubic weights along one axis (ITK `DetermineRegionOfSupport`,
/// `SetInterpolationWeights` case 3, `ApplyMirrorBoundaryConditions`).
@inline(__always)
func bSplineAxis(_ x: Double, _ n: Int, _ index: inout (Int, Int, Int, Int), _ weight: inout (Double, Double, Double, Double)) {
    let f = Int(Float(x).rounded(.down))
    let w = x - Double(f)
    let w3 = (1.0 / 6.0) * w * w * w
    let w0 = (1.0 / 6.0) + 0.5 * w * (w - 1.0) - w3
    let w2 = w + w0 - 2.0 * w3
    let w1 = 1.0 - w0 - w2 - w3
    weight = (w0, w1, w2, w3)
    if n == 1 {
        index = (0, 0, 0, 0)
        return
    }
    let last = n - 1
    @inline(__always) func mirror(_ e: Int) -> Int {
        var e = e
        if e < 0 { e = -e }
        if e >= last { e = last - (e - last) }
        // ITK reflects once; for n = 2 that can leave the grid (undefined in ITK): clamp.
        return min(max(e, 0), last)
    }
    index = (mirror(f - 1), mirror(f), mirror(f + 1), mirror(f + 2))
}
