import Dispatch

/// Cubic B-spline coefficients of a volume, computed exactly as ITK's `BSplineDecompositionImageFilter`
/// (order 3) does over the **whole** volume: per axis x, y, z, every line is multiplied by the gain
/// `(1 − z)(1 − 1/z)` (= 6) and run through a causal and an anti-causal recursion with pole `z = √3 − 2`;
/// mirror-boundary initialisation (Unser 1999, Box 2) with the accelerated causal start over a horizon of
/// `⌈ln 10⁻¹⁰ / ln |z|⌉ = 18` samples when the line is longer; lines of length 1 are left unchanged.
/// Coefficients are `Double` (SimpleITK's coefficient type).
///
/// Only the coefficients inside `columns × rows` (x and y index ranges, all slices) are kept: every x line
/// is filtered in full, then only the kept x positions are filtered along y (full columns), and only the kept
/// (x, y) positions along z (full lines), so the kept values are exactly those of the whole-volume filter while
/// a small region of interest needs little memory. Lines along y and z are filtered many at a time (one lane
/// per x position); each lane performs the same operations in the same order as ITK's scalar loop.
struct BSplineCoefficients: @unchecked Sendable {
    static let pole = 3.0.squareRoot() - 2.0
    /// ITK's causal-initialisation horizon `⌈ln(10⁻¹⁰) / ln|z|⌉` = ⌈17.48⌉ (tolerance 10⁻¹⁰), written as a
    /// constant so the module needs no libm.
    static let horizon = 18

    /// First kept x and y index.
    let lowX: Int, lowY: Int
    /// Kept counts along x and y (z is complete).
    let countX: Int, countY: Int
    /// `countX × countY × nz` coefficients, x fastest.
    let values: [Double]

    init<V: InterpolatableVoxel>(_ volume: Volume<V>, columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
        let size = volume.geometry.size
        let nx = size.i, ny = size.j, nz = size.k
        precondition(columns.lowerBound >= 0 && columns.upperBound < nx && rows.lowerBound >= 0 && rows.upperBound < ny,
                     "coefficient region outside the volume")
        lowX = columns.lowerBound
        lowY = rows.lowerBound
        countX = columns.count
        countY = rows.count
        let rx = countX, ry = countY, lowX = self.lowX, lowY = self.lowY
        // Stage 1: every x line filtered in full, kept columns stored (rx × ny × nz); then y, in place.
        var stage = [Double](unsafeUninitializedCapacity: rx * ny * nz) { buffer, count in
            let target = UncheckedSendable(buffer.baseAddress!)
            volume.voxels.withUnsafeBufferPointer { src in
                let source = UncheckedSendable(src)
                DispatchQueue.concurrentPerform(iterations: nz) { k in
                    let line = UnsafeMutablePointer<Double>.allocate(capacity: nx)
                    defer { line.deallocate() }
                    for j in 0..<ny {
                        let from = source.value.baseAddress! + nx * (j + ny * k)
                        for i in 0..<nx { line[i] = from[i].doubleValue }
                        if nx > 1 { Self.filter(line, count: nx, stride: 1, lanes: 1) }
                        (target.value + rx * (j + ny * k)).update(from: line + lowX, count: rx)
                    }
                    if ny > 1 { Self.filter(target.value + rx * ny * k, count: ny, stride: rx, lanes: rx) }
                }
            }
            count = rx * ny * nz
        }
        // Stage 2: kept rows (rx × ry × nz; no copy when all rows are kept), then z, in place.
        var kept: [Double]
        if ry == ny {
            kept = stage
        } else {
            kept = [Double](unsafeUninitializedCapacity: rx * ry * nz) { buffer, count in
                stage.withUnsafeBufferPointer { from in
                    for k in 0..<nz {
                        (buffer.baseAddress! + rx * ry * k).update(from: from.baseAddress! + rx * (lowY + ny * k),
                                                                   count: rx * ry)
                    }
                }
                count = rx * ry * nz
            }
        }
        stage = []
        if nz > 1 {
            kept.withUnsafeMutableBufferPointer { buffer in
                let shared = UncheckedSendable(buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: ry) { j in
                    Self.filter(shared.value + rx * j, count: nz, stride: rx * ry, lanes: rx)
                }
            }
        }
        values = kept
    }

    /// ITK `DataToCoefficients1D` on `lanes` interleaved lines: element `n` of lane `l` is at
    /// `base[n·stride + l]`.
    static func filter(_ base: UnsafeMutablePointer<Double>, count n: Int, stride: Int, lanes: Int) {
        let z = pole
        var gain = 1.0
        gain = gain * (1.0 - z) * (1.0 - 1.0 / z)
        for e in 0..<n {
            let row = base + e * stride
            for l in 0..<lanes { row[l] *= gain }
        }
        // Causal initialisation (mirror boundaries).
        let horizon = Self.horizon
        if horizon < n {
            var zn = z
            // sum = c[0]; sum += zn·c[e]; zn *= z, for e in 1..<horizon — zn is the same for all lanes.
            var powers = [Double](repeating: 0, count: horizon)
            for e in 1..<horizon { powers[e] = zn; zn *= z }
            for l in 0..<lanes {
                var sum = base[l]
                for e in 1..<horizon { sum += powers[e] * base[e * stride + l] }
                base[l] = sum
            }
        } else {
            let iz = 1.0 / z
            for l in 0..<lanes {
                var zn = z
                var z2n = power(z, n - 1)
                var sum = base[l] + z2n * base[(n - 1) * stride + l]
                z2n *= z2n * iz
                if n >= 3 {
                    for e in 1...(n - 2) {
                        sum += (zn + z2n) * base[e * stride + l]
                        zn *= z
                        z2n *= iz
                    }
                }
                base[l] = sum / (1.0 - zn * zn)
            }
        }
        // Causal recursion.
        for e in 1..<n {
            let row = base + e * stride, previous = row - stride
            for l in 0..<lanes { row[l] += z * previous[l] }
        }
        // Anti-causal initialisation and recursion.
        let last = base + (n - 1) * stride, beforeLast = last - stride
        let factor = z / (z * z - 1.0)
        for l in 0..<lanes { last[l] = factor * (z * beforeLast[l] + last[l]) }
        var e = n - 2
        while e >= 0 {
            let row = base + e * stride, next = row + stride
            for l in 0..<lanes { row[l] = z * (next[l] - row[l]) }
            e -= 1
        }
    }

    /// `zᵉ` by repeated multiplication (ITK calls `std::pow`; the two may differ in the last bit of a term
    /// that is below 10⁻⁵ of the sum for the short lines — ≤ 18 samples — where it is used).
    static func power(_ z: Double, _ e: Int) -> Double {
        var result = 1.0
        for _ in 0..<e { result *= z }
        return result
    }
}
