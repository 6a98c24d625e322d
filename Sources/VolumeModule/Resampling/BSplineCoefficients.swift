import Dispatch

/// Cubic B-spline coefficients of a whole volume, computed exactly as ITK's
/// `BSplineDecompositionImageFilter` (order 3) does: per axis x, y, z, every line is multiplied by the
/// gain `(1 − z)(1 − 1/z)` (= 6) and run through a causal and an anti-causal recursion with pole
/// `z = √3 − 2`; mirror-boundary initialisation (Unser 1999, Box 2) with the accelerated causal start
/// over a horizon of `⌈ln 10⁻¹⁰ / ln |z|⌉ = 18` samples when the line is longer; lines of length 1 are
/// left unchanged. Coefficients are `Double` (SimpleITK's coefficient type).
///
/// Lines along y and z are filtered many at a time (one lane per x position); each lane performs the same
/// operations in the same order as ITK's scalar loop, so the results are identical.
struct BSplineCoefficients: @unchecked Sendable {
    static let pole = 3.0.squareRoot() - 2.0
    /// ITK's causal-initialisation horizon `⌈ln(10⁻¹⁰) / ln|z|⌉` = ⌈17.48⌉ (tolerance 10⁻¹⁰), written as a
    /// constant so the module needs no libm.
    static let horizon = 18

    let shape: SourceShape
    let values: [Double]

    init<V: InterpolatableVoxel>(_ volume: Volume<V>) {
        let size = volume.geometry.size
        shape = SourceShape(size)
        var c = [Double](unsafeUninitializedCapacity: size.count) { buffer, count in
            volume.voxels.withUnsafeBufferPointer { src in
                for n in 0..<src.count { buffer[n] = src[n].doubleValue }
            }
            count = size.count
        }
        let nx = size.i, ny = size.j, nz = size.k
        c.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer.baseAddress!)
            // x: one lane, contiguous lines; parallel over slices.
            if nx > 1 {
                DispatchQueue.concurrentPerform(iterations: nz) { k in
                    for j in 0..<ny {
                        Self.filter(shared.value + (j + ny * k) * nx, count: nx, stride: 1, lanes: 1)
                    }
                }
            }
            // y: nx lanes, element stride nx; parallel over slices.
            if ny > 1 {
                DispatchQueue.concurrentPerform(iterations: nz) { k in
                    Self.filter(shared.value + k * nx * ny, count: ny, stride: nx, lanes: nx)
                }
            }
            // z: nx lanes per row j, element stride nx·ny; parallel over rows.
            if nz > 1 {
                DispatchQueue.concurrentPerform(iterations: ny) { j in
                    Self.filter(shared.value + j * nx, count: nz, stride: nx * ny, lanes: nx)
                }
            }
        }
        values = c
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
