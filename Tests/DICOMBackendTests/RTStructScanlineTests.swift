import TestSupport
import Testing
import VolumeModule
@testable import DICOMBackend

/// The scanline filler against a brute-force point-in-polygon test at every sample point (PNPOLY,
/// W. R. Franklin: even–odd, `(yᵢ > y) != (yⱼ > y)` and `x < crossing`), on random self-intersecting
/// polygons with vertices on and off sample positions.
@Suite struct RTStructScanlineTests {
    static func pnpoly(_ xs: [Double], _ ys: [Double], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        var b = xs.count - 1
        for a in 0..<xs.count {
            if (ys[a] > y) != (ys[b] > y) {
                // Interpolated from the lower endpoint (as the filler does), so that a crossing exactly at a
                // vertex is that vertex's x in both, not one ulp apart.
                let (l, h) = ys[a] < ys[b] ? (a, b) : (b, a)
                if x < xs[l] + (y - ys[l]) * (xs[h] - xs[l]) / (ys[h] - ys[l]) { inside.toggle() }
            }
            b = a
        }
        return inside
    }

    /// Random polygons; half of the vertices snapped to sample positions (quarter pixels cover both
    /// centres and the 4× sample grid's neighbourhood), some beyond the plane.
    static func randomPolygons(seed: UInt64, columns: Int, rows: Int) -> PlanePolygons {
        var rng = SplitMix(state: seed)
        var polygons = PlanePolygons()
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            let n = 3 + Int(rng.next() % 9)
            var xs: [Double] = [], ys: [Double] = []
            for _ in 0..<n {
                var x = rng.uniform(-3...(Double(columns) + 2)), y = rng.uniform(-3...(Double(rows) + 2))
                if rng.next() % 2 == 0 { x = (x * 2).rounded() / 2; y = y.rounded() }
                xs.append(x)
                ys.append(y)
            }
            polygons.append(x: xs, y: ys)
        }
        return polygons
    }

    static func bruteForce(_ p: PlanePolygons, columns: Int, rows: Int, factor: Int) -> [Int32] {
        var counts = [Int32](repeating: 0, count: columns * rows)
        for r in 0..<(rows * factor) {
            for u in 0..<(columns * factor) {
                let x = PolygonScanline.sample(u, factor: factor), y = PolygonScanline.sample(r, factor: factor)
                var inside = false
                for q in 0..<(p.starts.count - 1) {
                    let range = p.starts[q]..<p.starts[q + 1]
                    if pnpoly(Array(p.x[range]), Array(p.y[range]), x, y) { inside.toggle() }
                }
                if inside { counts[(r / factor) * columns + u / factor] += 1 }
            }
        }
        return counts
    }

    @Test(arguments: 0..<40)
    func binaryFillEqualsBruteForce(_ seed: Int) {
        let (columns, rows) = (17, 13)
        let polygons = Self.randomPolygons(seed: UInt64(seed), columns: columns, rows: rows)
        var mask = [UInt8](repeating: 0, count: columns * rows)
        mask.withUnsafeMutableBufferPointer { PolygonScanline.fill(polygons, columns: columns, rows: rows, into: $0) }
        let expected = Self.bruteForce(polygons, columns: columns, rows: rows, factor: 1).map { UInt8($0) }
        #expect(mask == expected, "seed \(seed)")
    }

    @Test(arguments: [(1, 2), (7, 3), (11, 4)])
    func fractionEqualsBruteForceSampleCounts(_ seed: Int, _ factor: Int) {
        let (columns, rows) = (15, 11)
        let polygons = Self.randomPolygons(seed: UInt64(1000 + seed), columns: columns, rows: rows)
        var fraction = [Float](repeating: 0, count: columns * rows)
        fraction.withUnsafeMutableBufferPointer {
            PolygonScanline.fraction(polygons, columns: columns, rows: rows, factor: factor, into: $0)
        }
        let counts = Self.bruteForce(polygons, columns: columns, rows: rows, factor: factor)
        #expect(fraction == counts.map { Float($0) / Float(factor * factor) }, "seed \(seed)")
    }

    @Test func bruteForceReferenceIsNotTrivial() {
        // The reference must disagree with a wrong rule: closed-interval edges (centres on the right edge
        // included) change a square with vertices on pixel centres.
        var p = PlanePolygons()
        p.append(x: [2, 6, 6, 2], y: [1, 1, 4, 4])
        let counts = Self.bruteForce(p, columns: 8, rows: 6, factor: 1)
        #expect(counts.reduce(0, +) == 4 * 3)  // half-open: 2…5 × 1…3, not 5 × 4
        var mask = [UInt8](repeating: 0, count: 48)
        mask.withUnsafeMutableBufferPointer { PolygonScanline.fill(p, columns: 8, rows: 6, into: $0) }
        #expect(mask.reduce(0) { $0 + Int($1) } == 12)
        // Reversed orientation and a repeated closing vertex change nothing.
        var q = PlanePolygons()
        q.append(x: [2, 2, 6, 6, 2], y: [1, 4, 4, 1, 1])
        var mask2 = [UInt8](repeating: 0, count: 48)
        mask2.withUnsafeMutableBufferPointer { PolygonScanline.fill(q, columns: 8, rows: 6, into: $0) }
        #expect(mask2 == mask)
    }
}
