/// Closed polygons on one image plane, in continuous in-plane index coordinates: `x` along i (columns),
/// `y` along j (rows), pixel centres at integers. Polygon `p` has vertices `starts[p] ..< starts[p + 1]`
/// of `x`/`y`; the closing edge (last → first vertex) is implied.
struct PlanePolygons {
    var x: [Double] = []
    var y: [Double] = []
    var starts: [Int] = [0]

    var isEmpty: Bool { starts.count < 2 }

    mutating func append(x xs: [Double], y ys: [Double]) {
        x.append(contentsOf: xs)
        y.append(contentsOf: ys)
        starts.append(x.count)
    }
}

/// Even–odd scanline filling of polygons sampled at points of a regular grid (plastimatch
/// `rasterize_slice.cxx`, dcmrtstruct2nii/skimage `polygon2mask`; notes/dicom.md §3 footnote 7).
///
/// Sample points of a `columns × rows` pixel plane with `factor` samples per axis lie at
/// `(u + ½)/factor − ½` (u = 0 ..< columns·factor), so factor 1 samples pixel centres. A sample is inside
/// when a ray from it toward +x crosses the polygon edges an odd number of times, with the half-open
/// rules: an edge spans rows with `min(y₀, y₁) ≤ y < max(y₀, y₁)` (its upper vertex excluded, horizontal
/// edges never), and a sample at `x` is inside between sorted crossings `c₂ₘ ≤ x < c₂ₘ₊₁`. Crossings of
/// all polygons are pooled, so overlapping polygons combine by XOR: holes and islands come out right.
/// Vertices are never rounded.
enum PolygonScanline {
    /// The continuous coordinate of sample `n` along an axis.
    @inline(__always)
    static func sample(_ n: Int, factor: Int) -> Double {
        factor == 1 ? Double(n) : (Double(n) + 0.5) / Double(factor) - 0.5
    }

    /// The first sample index whose coordinate is ≥ `value` (in `0 ... limit`).
    @inline(__always)
    static func firstSample(atOrAbove value: Double, factor: Int, limit: Int) -> Int {
        guard value.isFinite else { return value < 0 ? 0 : limit }
        let guess = factor == 1 ? value.rounded(.up) : ((value + 0.5) * Double(factor) - 0.5).rounded(.up)
        guard guess > -1, guess < Double(limit) + 1 else { return guess <= -1 ? 0 : limit }
        var n = min(max(Int(guess), 0), limit)
        // Correct the guess against the exact sample coordinates (rounding of the transformed bound).
        while n > 0 && sample(n - 1, factor: factor) >= value { n -= 1 }
        while n < limit && sample(n, factor: factor) < value { n += 1 }
        return n
    }

    /// Calls `span(row, from, to)` for every run `from ..< to` of inside samples on sample row `row`
    /// (0 ..< rows·factor), columns clamped to `0 ..< columns·factor`.
    static func forEachSpan(_ polygons: PlanePolygons, columns: Int, rows: Int, factor: Int,
                            _ span: (_ row: Int, _ from: Int, _ to: Int) -> Void) {
        let sampleRows = rows * factor, sampleColumns = columns * factor
        guard !polygons.isEmpty, sampleRows > 0, sampleColumns > 0 else { return }
        // Pass 1: count crossings per sample row; pass 2: store them (counting sort by row).
        var offsets = [Int](repeating: 0, count: sampleRows + 1)
        var edgeRows: [(lo: Int, hi: Int)] = []
        polygons.x.withUnsafeBufferPointer { xs in
            polygons.y.withUnsafeBufferPointer { ys in
                let p = polygons.starts
                var total = 0
                for q in 0..<(p.count - 1) where p[q + 1] - p[q] >= 2 {
                    for a in p[q]..<p[q + 1] {
                        let b = a + 1 == p[q + 1] ? p[q] : a + 1
                        let y0 = ys[a], y1 = ys[b]
                        guard y0 != y1 else { edgeRows.append((0, 0)); continue }
                        let lo = firstSample(atOrAbove: min(y0, y1), factor: factor, limit: sampleRows)
                        let hi = firstSample(atOrAbove: max(y0, y1), factor: factor, limit: sampleRows)
                        edgeRows.append((lo, hi))
                        for r in lo..<hi { offsets[r + 1] &+= 1 }
                        total &+= hi - lo
                    }
                }
                guard total > 0 else { return }
                for r in 0..<sampleRows { offsets[r + 1] &+= offsets[r] }
                var fill = offsets
                var crossings = [Double](repeating: 0, count: total)
                crossings.withUnsafeMutableBufferPointer { c in
                    var e = 0
                    for q in 0..<(p.count - 1) where p[q + 1] - p[q] >= 2 {
                        for a in p[q]..<p[q + 1] {
                            let (lo, hi) = edgeRows[e]
                            e &+= 1
                            guard lo < hi else { continue }
                            let b = a + 1 == p[q + 1] ? p[q] : a + 1
                            // Interpolate from the lower endpoint, so a shared vertex gives the same x.
                            let (xl, yl, xh, yh) = ys[a] < ys[b] ? (xs[a], ys[a], xs[b], ys[b]) : (xs[b], ys[b], xs[a], ys[a])
                            let slope = (xh - xl) / (yh - yl)
                            for r in lo..<hi {
                                c[fill[r]] = xl + (sample(r, factor: factor) - yl) * slope
                                fill[r] &+= 1
                            }
                        }
                    }
                    for r in 0..<sampleRows where offsets[r + 1] > offsets[r] {
                        let start = offsets[r], end = offsets[r + 1]
                        insertionSort(c, start, end)
                        var k = start
                        while k + 1 < end {
                            let from = firstSample(atOrAbove: c[k], factor: factor, limit: sampleColumns)
                            let to = firstSample(atOrAbove: c[k + 1], factor: factor, limit: sampleColumns)
                            if from < to { span(r, from, to) }
                            k &+= 2
                        }
                    }
                }
            }
        }
    }

    /// Sorts `c[start ..< end]` ascending (few crossings per row: insertion sort; many: the library sort).
    @inline(__always)
    static func insertionSort(_ c: UnsafeMutableBufferPointer<Double>, _ start: Int, _ end: Int) {
        if end - start > 32 {
            c[start..<end].sort()
            return
        }
        var a = start + 1
        while a < end {
            let v = c[a]
            var b = a - 1
            while b >= start && c[b] > v {
                c[b + 1] = c[b]
                b -= 1
            }
            c[b + 1] = v
            a += 1
        }
    }

    /// Pixel-centre mask: sets `out[i + columns·j]` to 1 inside (XOR of all polygons), leaves others.
    static func fill(_ polygons: PlanePolygons, columns: Int, rows: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
        precondition(out.count >= columns * rows)
        forEachSpan(polygons, columns: columns, rows: rows, factor: 1) { j, from, to in
            let base = j &* columns
            for i in from..<to { out[base &+ i] = 1 }
        }
    }

    /// Fraction of each pixel inside, by `factor × factor` samples per pixel: writes `out[i + columns·j]`
    /// (0 … 1) for every pixel with a sample inside, leaves others.
    static func fraction(_ polygons: PlanePolygons, columns: Int, rows: Int, factor: Int,
                         into out: UnsafeMutableBufferPointer<Float>) {
        precondition(factor >= 1 && out.count >= columns * rows)
        var counts = [Int32](repeating: 0, count: columns * rows)
        counts.withUnsafeMutableBufferPointer { n in
            forEachSpan(polygons, columns: columns, rows: rows, factor: factor) { r, from, to in
                let base = (r / factor) &* columns
                var i = from / factor
                while i * factor < to {
                    let covered = min(to, (i + 1) * factor) - max(from, i * factor)
                    n[base &+ i] &+= Int32(covered)
                    i &+= 1
                }
            }
            let scale = 1 / Float(factor * factor)
            for p in 0..<n.count where n[p] != 0 { out[p] = Float(n[p]) * scale }
        }
    }
}
