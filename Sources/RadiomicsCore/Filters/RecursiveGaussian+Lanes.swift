/// Filtering, four lines at once: a causal plus an anti-causal pass, each started as if the border value extended to
/// infinity (ITK's zero-flux boundary), on interleaved lines, one line per SIMD lane.
///
/// The recursion is latency-bound (each output waits for the previous four), so four independent lines in the lanes
/// of one vector run at nearly the cost of one. Every lane performs exactly ITK's scalar operations in ITK's order
/// (no fused multiply-add, no reassociation), so each lane's result is bit-identical to ITK's `FilterDataArray`.
extension RecursiveGaussian {
    /// Four interleaved samples: lane `l` is line `l`.
    typealias Lanes = SIMD4<Double>

    /// Filters four lines stored interleaved (`data[n]` = sample `n` of the four lines).
    /// - Precondition: `data.count ≥ 4`, all three buffers of equal length.
    func filter(lanes data: UnsafeBufferPointer<Lanes>, into outs: UnsafeMutableBufferPointer<Lanes>,
                scratch: UnsafeMutableBufferPointer<Lanes>) {
        let ln = data.count
        precondition(ln >= 4 && outs.count == ln && scratch.count == ln, "recursive Gaussian needs ≥ 4 samples")
        let n0 = Lanes(repeating: self.n0), n1 = Lanes(repeating: self.n1)
        let n2 = Lanes(repeating: self.n2), n3 = Lanes(repeating: self.n3)
        let d1 = Lanes(repeating: self.d1), d2 = Lanes(repeating: self.d2)
        let d3 = Lanes(repeating: self.d3), d4 = Lanes(repeating: self.d4)
        let m1 = Lanes(repeating: self.m1), m2 = Lanes(repeating: self.m2)
        let m3 = Lanes(repeating: self.m3), m4 = Lanes(repeating: self.m4)
        let bn1 = Lanes(repeating: self.bn1), bn2 = Lanes(repeating: self.bn2)
        let bn3 = Lanes(repeating: self.bn3), bn4 = Lanes(repeating: self.bn4)
        let bm1 = Lanes(repeating: self.bm1), bm2 = Lanes(repeating: self.bm2)
        let bm3 = Lanes(repeating: self.bm3), bm4 = Lanes(repeating: self.bm4)
        // Causal pass into outs (same expressions as the scalar filter).
        let v1 = data[0]
        outs[0] = Self.dot(v1, v1, v1, v1, n0, n1, n2, n3)
        outs[1] = Self.dot(data[1], v1, v1, v1, n0, n1, n2, n3)
        outs[2] = Self.dot(data[2], data[1], v1, v1, n0, n1, n2, n3)
        outs[3] = Self.dot(data[3], data[2], data[1], v1, n0, n1, n2, n3)
        outs[0] -= Self.dot(v1, v1, v1, v1, bn1, bn2, bn3, bn4)
        outs[1] -= Self.dot(outs[0], v1, v1, v1, d1, bn2, bn3, bn4)
        outs[2] -= Self.dot(outs[1], outs[0], v1, v1, d1, d2, bn3, bn4)
        outs[3] -= Self.dot(outs[2], outs[1], outs[0], v1, d1, d2, d3, bn4)
        var y1 = outs[3], y2 = outs[2], y3 = outs[1], y4 = outs[0]
        var x1 = data[3], x2 = data[2], x3 = data[1]
        var i = 4
        while i < ln {
            let x0 = data[i]
            var y = Self.dot(x0, x1, x2, x3, n0, n1, n2, n3)
            y -= Self.dot(y1, y2, y3, y4, d1, d2, d3, d4)
            outs[i] = y
            (x3, x2, x1) = (x2, x1, x0)
            (y4, y3, y2, y1) = (y3, y2, y1, y)
            i &+= 1
        }
        // Anti-causal pass into scratch.
        let v2 = data[ln - 1]
        scratch[ln - 1] = Self.dot(v2, v2, v2, v2, m1, m2, m3, m4)
        scratch[ln - 2] = Self.dot(data[ln - 1], v2, v2, v2, m1, m2, m3, m4)
        scratch[ln - 3] = Self.dot(data[ln - 2], data[ln - 1], v2, v2, m1, m2, m3, m4)
        scratch[ln - 4] = Self.dot(data[ln - 3], data[ln - 2], data[ln - 1], v2, m1, m2, m3, m4)
        scratch[ln - 1] -= Self.dot(v2, v2, v2, v2, bm1, bm2, bm3, bm4)
        scratch[ln - 2] -= Self.dot(scratch[ln - 1], v2, v2, v2, d1, bm2, bm3, bm4)
        scratch[ln - 3] -= Self.dot(scratch[ln - 2], scratch[ln - 1], v2, v2, d1, d2, bm3, bm4)
        scratch[ln - 4] -= Self.dot(scratch[ln - 3], scratch[ln - 2], scratch[ln - 1], v2, d1, d2, d3, bm4)
        // Scalar loop at i: inputs data[i…i+3], recursion scratch[i…i+3], output scratch[i-1].
        y1 = scratch[ln - 4]; y2 = scratch[ln - 3]; y3 = scratch[ln - 2]; y4 = scratch[ln - 1]
        x1 = data[ln - 3]; x2 = data[ln - 2]; x3 = data[ln - 1]
        i = ln - 4
        while i > 0 {
            let x0 = data[i]
            var y = Self.dot(x0, x1, x2, x3, m1, m2, m3, m4)
            y -= Self.dot(y1, y2, y3, y4, d1, d2, d3, d4)
            scratch[i &- 1] = y
            (x3, x2, x1) = (x2, x1, x0)
            (y4, y3, y2, y1) = (y3, y2, y1, y)
            i &-= 1
        }
        for n in 0..<ln { outs[n] += scratch[n] }
    }

    /// `a·wa + b·wb + c·wc + d·wd`, summed left to right as the scalar expression is (no fused multiply-add).
    @inline(__always)
    private static func dot(_ a: Lanes, _ b: Lanes, _ c: Lanes, _ d: Lanes,
                            _ wa: Lanes, _ wb: Lanes, _ wc: Lanes, _ wd: Lanes) -> Lanes {
        let ab: Lanes = a * wa + b * wb
        let abc: Lanes = ab + c * wc
        return abc + d * wd
    }
}
