import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct EuclideanDistanceTransformTests {
    static let anisotropic = VolumeGeometry(size: Size3(9, 7, 6), spacing: Vector3(0.7, 0.7, 2.5), origin: Vector3(3, -2, 40))
    static let oddGrid = VolumeGeometry(size: Size3(11, 5, 8), spacing: Vector3(0.5, 1.3, 0.9), origin: .zero)

    @Test(arguments: [(0.02, UInt64(1)), (0.1, 2), (0.4, 3), (0.9, 4)])
    func matchesBruteForceOnRandomAnisotropicMasks(fraction: Double, seed: UInt64) {
        for geometry in [Self.anisotropic, Self.oddGrid] {
            let mask = BruteForce.randomMask(geometry, fraction: fraction, seed: seed)
            let fast = EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask).voxels
            let slow = BruteForce.squaredDistances(mask)
            #expect(maxDifference(fast, slow) <= 1e-9)
        }
    }

    @Test func perSliceMatchesBruteForceWithinSlices() {
        let mask = BruteForce.randomMask(Self.anisotropic, fraction: 0.05, seed: 9)
        let fast = EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask, dimensionality: .slices).voxels
        let slow = BruteForce.squaredDistances(mask, planar: true)
        #expect(maxDifference(fast, slow) <= 1e-9)
        // Per-slice and 3D differ on this mask (so the per-slice test is not vacuous).
        #expect(maxDifference(fast, BruteForce.squaredDistances(mask)) > 1)
    }

    @Test func isBitExactOnUnitSpacing() {
        let g = VolumeGeometry(size: Size3(10, 9, 7), spacing: Vector3(1, 1, 1), origin: .zero)
        let mask = BruteForce.randomMask(g, fraction: 0.03, seed: 11)
        #expect(EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask).voxels == BruteForce.squaredDistances(mask))
    }

    @Test func emptyMaskIsInfiniteEverywhere() {
        let mask = Mask(geometry: Self.anisotropic, repeating: 0)
        #expect(EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask).voxels.allSatisfy { $0 == .infinity })
    }

    @Test func comparatorDetectsAOneVoxelError() {
        let mask = BruteForce.randomMask(Self.anisotropic, fraction: 0.1, seed: 5)
        var fast = EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask).voxels
        let slow = BruteForce.squaredDistances(mask)
        let n = fast.firstIndex { $0 > 0 } ?? 0
        fast[n] += 0.49  // a wrong neighbour along i would change d² by at least 0.49 mm²
        #expect(maxDifference(fast, slow) > 1e-9)
    }
}

func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var worst = 0.0
    for (x, y) in zip(a, b) {
        if x == y { continue }  // also equal infinities
        worst = max(worst, abs(x - y))
    }
    return worst
}
