import Foundation
import VolumeModule

/// Analytic phantoms for the morphology tests, built from voxel centres in physical space.
enum Phantoms {
    /// 0.5 mm isotropic grid, `n`³ voxels, origin so that the grid centre is at (0, 0, 0).
    static func isotropic(_ n: Int, spacing: Double = 0.5) -> VolumeGeometry {
        let half = Double(n - 1) / 2 * spacing
        return VolumeGeometry(size: Size3(n, n, n), spacing: Vector3(spacing, spacing, spacing), origin: Vector3(-half, -half, -half))
    }

    /// A 0.7 × 0.7 × 2.5 mm CT-like grid of `n × n × slices`, centred at (0, 0, 0).
    static func ctLike(_ n: Int, slices: Int) -> VolumeGeometry {
        let s = Vector3(0.7, 0.7, 2.5)
        return VolumeGeometry(size: Size3(n, n, slices), spacing: s,
                              origin: Vector3(-Double(n - 1) / 2 * s.x, -Double(n - 1) / 2 * s.y, -Double(slices - 1) / 2 * s.z))
    }

    /// Voxels whose centre satisfies `inside(point)` (LPS mm).
    static func mask(_ g: VolumeGeometry, value: UInt8 = 1, _ inside: (Vector3) -> Bool) -> Mask {
        var m = Mask(geometry: g, repeating: 0)
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i where inside(g.physicalPoint(i: i, j: j, k: k)) {
            m[i, j, k] = value
        } } }
        return m
    }

    /// A ball of `radius` mm around `centre`.
    static func sphere(_ g: VolumeGeometry, radius: Double, centre: Vector3 = .zero) -> Mask {
        mask(g) { ($0 - centre).length <= radius }
    }

    /// Volume in mm³ of the non-zero voxels.
    static func volume(_ m: Mask) -> Double { Double(m.voxels.filter { $0 != 0 }.count) * m.geometry.voxelVolume }

    /// Radius (mm) of the ball with the mask's volume.
    static func equivalentRadius(_ m: Mask) -> Double { cbrt(3 * volume(m) / (4 * .pi)) }
}
