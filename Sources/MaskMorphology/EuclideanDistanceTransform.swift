import Dispatch
import VolumeModule

/// Exact Euclidean distance transform on anisotropic grids.
///
/// Separable lower envelope of parabolas (Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled
/// Functions", Theory of Computing 8, 2012), one 1D pass per axis with weight `spacing²`, so the result is
/// the exact squared distance in mm² between voxel **centres** (not an approximation such as a chamfer
/// metric), for any voxel shape. The same exact transform underlies ITK's `SignedMaurerDistanceMap`
/// (Maurer, Qi & Raghavan, IEEE PAMI 25(2), 2003), which computes the same values by a different separable
/// recursion. Lines of each pass run in parallel (`DispatchQueue.concurrentPerform`).
///
/// Distances use spacing only, so the grid's direction must be orthonormal (callers check).
public enum EuclideanDistanceTransform {
    /// Squared distance (mm²) from every voxel centre to the nearest centre of a non-zero voxel of `mask`.
    ///
    /// - Parameters:
    ///   - mask: feature voxels are the non-zero ones.
    ///   - dimensionality: `.slices` measures within each `k` plane only.
    /// - Returns: a volume on the same grid; `+∞` where no feature voxel exists (in the grid, or in the
    ///   slice for `.slices`). Voxels outside the grid are never features.
    public static func squaredDistances(toNonZeroOf mask: Mask, dimensionality: Dimensionality = .volume) -> Volume<Double> {
        let values = mask.voxels.withUnsafeBufferPointer { buffer in
            squaredDistances(size: mask.size, spacing: mask.geometry.spacing, planar: dimensionality == .slices) {
                buffer[$0] != 0
            }
        }
        return Volume(geometry: mask.geometry, voxels: values)
    }

    /// Squared distances (mm²) on a grid of `size` and `spacing` to the voxels where `isFeature(offset)`.
    /// `isFeature` is called once per voxel, in offset order, on the calling thread.
    static func squaredDistances(size: Size3, spacing: Vector3, planar: Bool, isFeature: (Int) -> Bool) -> [Double] {
        let count = size.count
        var d = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for n in 0..<count { buffer[n] = isFeature(n) ? 0 : .infinity }
            initialized = count
        }
        d.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            transformAxis(base, size: size, axis: 0, weight: spacing.x * spacing.x)
            transformAxis(base, size: size, axis: 1, weight: spacing.y * spacing.y)
            if !planar { transformAxis(base, size: size, axis: 2, weight: spacing.z * spacing.z) }
        }
        return d
    }

    /// Lines gathered together along j and k: adjacent `i`, so every cache line read is used whole.
    private static let tileWidth = 16

    /// One separable pass along `axis` (0 = i, 1 = j, 2 = k), in place, lines in parallel. Along j and k,
    /// lines are processed in tiles of ``tileWidth`` adjacent `i` (gathered transposed, so the strided
    /// reads use whole cache lines).
    private static func transformAxis(_ d: UnsafeMutablePointer<Double>, size: Size3, axis: Int, weight: Double) {
        let nx = size.i, ny = size.j, nz = size.k
        let n: Int, stride: Int, otherCount: Int, otherStride: Int, width: Int
        switch axis {
        case 0: (n, stride, otherCount, otherStride, width) = (nx, 1, ny * nz, nx, 1)
        case 1: (n, stride, otherCount, otherStride, width) = (ny, nx, nz, nx * ny, tileWidth)
        default: (n, stride, otherCount, otherStride, width) = (nz, nx * ny, ny, nx, tileWidth)
        }
        // A group is `width` adjacent lines (along i) at one position of the other axis.
        let groupsPerRow = axis == 0 ? 1 : (nx + width - 1) / width
        let groupCount = groupsPerRow * otherCount
        guard n > 1, groupCount > 0 else { return }
        // Enough chunks to balance any core count; each chunk owns its scratch lines.
        let chunkCount = min(groupCount, 64)
        let shared = UncheckedSendable(d)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let d = shared.value
            let first = chunk * groupCount / chunkCount, last = (chunk + 1) * groupCount / chunkCount
            let f = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
            let out = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let v = UnsafeMutablePointer<Int>.allocate(capacity: n)
            let z = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
            defer { f.deallocate(); out.deallocate(); v.deallocate(); z.deallocate() }
            for group in first..<last {
                let other = group / groupsPerRow, i0 = (group % groupsPerRow) * width
                let lines = axis == 0 ? 1 : min(width, nx - i0)
                let start = other &* otherStride &+ i0
                // Gather transposed: f[b·n + q] = d[start + q·stride + b].
                for q in 0..<n {
                    let row = start &+ q &* stride
                    for b in 0..<lines { f[b &* n &+ q] = d[row &+ b] }
                }
                for b in 0..<lines {
                    let line = f + b &* n
                    var any = false
                    for q in 0..<n where line[q] != .infinity { any = true; break }
                    guard any else { continue }
                    lowerEnvelope(line, out, v, z, n, weight)
                    for q in 0..<n { d[start &+ q &* stride &+ b] = out[q] }
                }
            }
        }
    }

    /// `out[q] = min_p (weight·(q − p)² + f[p])` over the finite `f[p]`; at least one must be finite.
    @inline(__always)
    private static func lowerEnvelope(_ f: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                                      _ v: UnsafeMutablePointer<Int>, _ z: UnsafeMutablePointer<Double>,
                                      _ n: Int, _ weight: Double) {
        var k = -1
        for q in 0..<n {
            let fq = f[q]
            if fq == .infinity { continue }
            if k < 0 {
                k = 0
                v[0] = q
                z[0] = -.infinity
                z[1] = .infinity
                continue
            }
            let dq = Double(q)
            let hq = fq + weight * dq * dq
            // Intersection of the parabolas rooted at q and v[k]; pop the envelope while it lies left of
            // z[k]. z[0] = −∞ and s is finite, so at least one parabola stays.
            func intersection(_ p: Int) -> Double {
                let dp = Double(p)
                return (hq - (f[p] + weight * dp * dp)) / (2 * weight * (dq - dp))
            }
            var s = intersection(v[k])
            while s <= z[k] {
                k -= 1
                s = intersection(v[k])
            }
            k += 1
            v[k] = q
            z[k] = s
            z[k + 1] = .infinity
        }
        var j = 0
        for q in 0..<n {
            let dq = Double(q)
            while z[j + 1] < dq { j += 1 }
            let p = v[j]
            let delta = dq - Double(p)
            out[q] = weight * delta * delta + f[p]
        }
    }
}
