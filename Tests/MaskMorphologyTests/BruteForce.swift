import TestSupport
import VolumeModule

/// Independent references computed the slow, obvious way (all pairs), for small masks only.
enum BruteForce {
    /// Squared distance (mm²) from every voxel centre to the nearest voxel where `isFeature` holds.
    static func squaredDistances(_ mask: Mask, planar: Bool = false, isFeature: (UInt8) -> Bool = { $0 != 0 }) -> [Double] {
        let n = mask.size, s = mask.geometry.spacing
        var features: [(Int, Int, Int)] = []
        for k in 0..<n.k { for j in 0..<n.j { for i in 0..<n.i where isFeature(mask[i, j, k]) { features.append((i, j, k)) } } }
        var result = [Double](repeating: .infinity, count: n.count)
        for k in 0..<n.k { for j in 0..<n.j { for i in 0..<n.i {
            var best = Double.infinity
            for (fi, fj, fk) in features where !planar || fk == k {
                let di = Double(i - fi), dj = Double(j - fj), dk = Double(k - fk)
                let d = (s.x * s.x * di * di + s.y * s.y * dj * dj) + s.z * s.z * dk * dk
                best = min(best, d)
            }
            result[n.offset(i, j, k)] = best
        } } }
        return result
    }

    /// Dilation by a Euclidean ball of `radius` mm: every voxel within `radius` of a non-zero voxel.
    static func dilated(_ mask: Mask, radius: Double, planar: Bool = false) -> Mask {
        let d = squaredDistances(mask, planar: planar)
        return Mask(geometry: mask.geometry, voxels: d.map { $0 <= radius * radius + 1e-9 ? 1 : 0 })
    }

    /// Erosion by a Euclidean ball: non-zero voxels farther than `radius` from every zero voxel in the grid.
    static func eroded(_ mask: Mask, radius: Double, planar: Bool = false) -> Mask {
        let d = squaredDistances(mask, planar: planar, isFeature: { $0 == 0 })
        return Mask(geometry: mask.geometry, voxels: zip(mask.voxels, d).map { $0 != 0 && $1 > radius * radius + 1e-9 ? 1 : 0 })
    }

    /// A random mask with roughly `fraction` non-zero voxels (deterministic for a seed).
    static func randomMask(_ geometry: VolumeGeometry, fraction: Double, seed: UInt64) -> Mask {
        var rng = SplitMix(state: seed)
        var m = Mask(geometry: geometry, repeating: 0)
        for n in 0..<m.voxels.count where Double(rng.next() % 10_000) / 10_000 < fraction { m.voxels[n] = 1 }
        return m
    }
}
