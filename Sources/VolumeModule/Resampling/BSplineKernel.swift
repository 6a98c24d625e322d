/// ITK `BSplineInterpolateImageFunction::EvaluateAtContinuousIndex` for order 3, on coefficients from
/// ``BSplineCoefficients``.
///
/// Support: `⌊Float(x)⌋ − 1 … ⌊Float(x)⌋ + 2` per axis (ITK casts the index to `float` before `floor`);
/// weights with `w = x − ⌊Float(x)⌋`; indices outside `[0, N − 1]` mirrored once (`−e`, `2(N − 1) − e`),
/// all 0 on axes of length 1; the 64 terms summed with x fastest, each weight `(wx·wy)·wz`.
///
/// Coefficients live in a sub-region (``BSplineCoefficients``): support indices are computed and mirrored on
/// the full grid, then shifted by the region's first x and y index.
struct BSplineKernel: Kernel {
    let coefficients: UnsafeBufferPointer<Double>
    let s: SourceShape
    let lowX: Int, lowY: Int, countX: Int, countY: Int

    @inline(__always) func value(_ c: (Double, Double, Double)) -> Double {
        let r = row(y: c.1, z: c.2)
        return r.value(r.column(x: c.0, nx: s.nx))
    }

    struct Row: RowKernel {
        let base: UnsafePointer<Double>
        let rows: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)
        let wy: (Double, Double, Double, Double)
        let wz: (Double, Double, Double, Double)

        struct Column {
            var ix = (0, 0, 0, 0)
            var wx = (0.0, 0.0, 0.0, 0.0)
        }

        let lowX: Int

        @inline(__always) func column(x: Double, nx: Int) -> Column {
            var c = Column()
            bSplineAxis(x, nx, &c.ix, &c.wx)
            c.ix = (c.ix.0 &- lowX, c.ix.1 &- lowX, c.ix.2 &- lowX, c.ix.3 &- lowX)
            return c
        }

        @inline(__always) func value(_ column: Column) -> Double {
            let ix = column.ix, wx = column.wx
            var sum = 0.0
            @inline(__always) func line(_ offset: Int, _ wyb: Double, _ wzc: Double) {
                let p = base + offset
                sum += ((wx.0 * wyb) * wzc) * p[ix.0]
                sum += ((wx.1 * wyb) * wzc) * p[ix.1]
                sum += ((wx.2 * wyb) * wzc) * p[ix.2]
                sum += ((wx.3 * wyb) * wzc) * p[ix.3]
            }
            line(rows.0, wy.0, wz.0); line(rows.1, wy.1, wz.0); line(rows.2, wy.2, wz.0); line(rows.3, wy.3, wz.0)
            line(rows.4, wy.0, wz.1); line(rows.5, wy.1, wz.1); line(rows.6, wy.2, wz.1); line(rows.7, wy.3, wz.1)
            line(rows.8, wy.0, wz.2); line(rows.9, wy.1, wz.2); line(rows.10, wy.2, wz.2); line(rows.11, wy.3, wz.2)
            line(rows.12, wy.0, wz.3); line(rows.13, wy.1, wz.3); line(rows.14, wy.2, wz.3); line(rows.15, wy.3, wz.3)
            return sum
        }
    }

    @inline(__always) func row(y: Double, z: Double) -> Row {
        var iy = (0, 0, 0, 0), iz = iy
        var wy = (0.0, 0.0, 0.0, 0.0), wz = wy
        bSplineAxis(y, s.ny, &iy, &wy)
        bSplineAxis(z, s.nz, &iz, &wz)
        let nx = countX, st = countX &* countY
        let y0 = nx &* (iy.0 &- lowY), y1 = nx &* (iy.1 &- lowY), y2 = nx &* (iy.2 &- lowY), y3 = nx &* (iy.3 &- lowY)
        let z0 = st &* iz.0, z1 = st &* iz.1, z2 = st &* iz.2, z3 = st &* iz.3
        return Row(base: coefficients.baseAddress!,
                   rows: (z0 &+ y0, z0 &+ y1, z0 &+ y2, z0 &+ y3, z1 &+ y0, z1 &+ y1, z1 &+ y2, z1 &+ y3,
                          z2 &+ y0, z2 &+ y1, z2 &+ y2, z2 &+ y3, z3 &+ y0, z3 &+ y1, z3 &+ y2, z3 &+ y3),
                   wy: wy, wz: wz, lowX: lowX)
    }
}

/// Support indices (mirrored) and cubic weights along one axis (ITK `DetermineRegionOfSupport`,
/// `SetInterpolationWeights` case 3, `ApplyMirrorBoundaryConditions`).
@inline(__always)
func bSplineAxis(_ x: Double, _ n: Int, _ index: inout (Int, Int, Int, Int), _ weight: inout (Double, Double, Double, Double)) {
    let xf = Float(x)
    let t = Int(xf)
    let f = xf < Float(t) ? t &- 1 : t  // ⌊Float(x)⌋
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
    let last = n &- 1
    @inline(__always) func mirror(_ e: Int) -> Int {
        var e = e
        if e < 0 { e = -e }
        if e >= last { e = last &- (e &- last) }
        // ITK reflects once; for n = 2 that can leave the grid (undefined in ITK): clamp.
        return min(max(e, 0), last)
    }
    index = (mirror(f &- 1), mirror(f), mirror(f &+ 1), mirror(f &+ 2))
}
