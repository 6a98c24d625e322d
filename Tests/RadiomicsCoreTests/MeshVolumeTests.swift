import Foundation
import Testing
import VolumeModule
@testable import RadiomicsCore

/// ``MeshVolume`` against analytic shapes.
@Suite struct MeshVolumeTests {
    static func sphere(radius: Double, spacing: Vector3) -> Mask {
        let n = (0..<3).map { Int((2 * radius + 4) / [spacing.x, spacing.y, spacing.z][$0]) + 1 }
        let geometry = VolumeGeometry(size: Size3(n[0], n[1], n[2]), spacing: spacing, origin: .zero)
        let centre = Vector3(Double(n[0] - 1) * spacing.x / 2, Double(n[1] - 1) * spacing.y / 2, Double(n[2] - 1) * spacing.z / 2)
        var mask = Mask(geometry: geometry, repeating: 0)
        for k in 0..<n[2] { for j in 0..<n[1] { for i in 0..<n[0] {
            let p = Vector3(Double(i) * spacing.x, Double(j) * spacing.y, Double(k) * spacing.z) - centre
            if p.length <= radius { mask[i, j, k] = 1 }
        } } }
        return mask
    }

    @Test("a sphere's mesh volume is 4/3·π·R³ within 1 % (0.5 mm isotropic) and 3 % (0.7×0.7×2.5 mm)",
          arguments: [(Vector3(0.5, 0.5, 0.5), 0.01), (Vector3(0.7, 0.7, 2.5), 0.03)])
    func sphere(_ spacing: Vector3, _ tolerance: Double) {
        let radius = 10.0
        let mask = Self.sphere(radius: radius, spacing: spacing)
        let truth = 4.0 / 3.0 * Double.pi * pow(radius, 3)
        let mesh = MeshVolume.cubicMillimetres(of: mask)
        #expect(abs(mesh - truth) / truth < tolerance, "\(mesh) vs \(truth)")
        #expect(abs(MeshVolume.millilitres(of: mask) - mesh / 1000) < 1e-12)
        // The comparator can fail: a 5 % larger radius is far outside the tolerance.
        let bigger = 4.0 / 3.0 * Double.pi * pow(radius * 1.05, 3)
        #expect(abs(mesh - bigger) / bigger > tolerance)
    }

    @Test("a single voxel is the octahedron through its face centres: sx·sy·sz / 6; empty masks have volume 0")
    func singleVoxel() {
        let geometry = VolumeGeometry(size: Size3(3, 4, 2), spacing: Vector3(0.7, 0.9, 2.5), origin: .zero)
        var mask = Mask(geometry: geometry, repeating: 0)
        #expect(MeshVolume.cubicMillimetres(of: mask) == 0)
        mask[2, 3, 1] = 1  // on the border: the padding must make it closed
        #expect(abs(MeshVolume.cubicMillimetres(of: mask) - 0.7 * 0.9 * 2.5 / 6) < 1e-12)
    }
}
