import Foundation
import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct ShellBandTests {
    /// Mean thickness of a spherical band, from volumes: outer reach = R(dilated) − R(mask),
    /// inner reach = R(mask) − R(eroded), R = radius of the ball of equal volume.
    @Test(arguments: [(3.0, 3.0), (2.0, 5.0), (0.0, 4.0), (4.0, 0.0)])
    func bandReachEqualsRequestedRadiiWithinHalfAVoxel(inner: Double, outer: Double) throws {
        // Half a voxel = half the mean voxel edge (0.25 mm; 0.65 mm for 0.7×0.7×2.5, where a 2 mm erosion
        // cannot reach a 2.5 mm neighbour slice at all).
        for g in [Phantoms.isotropic(80), Phantoms.ctLike(64, slices: 19)] {
            let halfVoxel = (g.spacing.x + g.spacing.y + g.spacing.z) / 6
            let sphere = Phantoms.sphere(g, radius: 12)
            let band = try ShellBand.make(around: sphere, innerRadius: inner, outerRadius: outer)
            let outerPart = Mask(geometry: g, voxels: zip(band.voxels, sphere.voxels).map { $0 != 0 || $1 != 0 ? 1 : 0 })
            let innerPart = Mask(geometry: g, voxels: zip(band.voxels, sphere.voxels).map { $0 == 0 && $1 != 0 ? 1 : 0 })
            let r = Phantoms.equivalentRadius(sphere)
            let measuredOuter = Phantoms.equivalentRadius(outerPart) - r
            let measuredInner = r - Phantoms.equivalentRadius(innerPart)
            #expect(abs(measuredOuter - outer) <= halfVoxel, "outer \(measuredOuter) vs \(outer) on \(g.spacing)")
            #expect(abs(measuredInner - inner) <= halfVoxel, "inner \(measuredInner) vs \(inner) on \(g.spacing)")
        }
    }

    @Test func bandIsDilationMinusErosionVoxelForVoxel() throws {
        let g = VolumeGeometry(size: Size3(14, 12, 7), spacing: Vector3(0.7, 0.7, 2.5), origin: .zero)
        let m = BruteForce.randomMask(g, fraction: 0.4, seed: 3)
        let band = try ShellBand.make(around: m, innerRadius: 1.2, outerRadius: 2.6)
        let d = BruteForce.dilated(m, radius: 2.6), e = BruteForce.eroded(m, radius: 1.2)
        #expect(band.voxels == zip(d.voxels, e.voxels).map { $0 == 1 && $1 == 0 ? 1 : 0 })
        #expect(try ShellBand.core(of: m, depth: 1.2) == e)
    }

    @Test func ringIsClippedToLiverAndExcludesOtherStructures() throws {
        let g = Phantoms.isotropic(20, spacing: 1)
        let tumour = Phantoms.sphere(g, radius: 4)
        let liver = Phantoms.mask(g) { $0.x <= 2 }  // the liver ends at x = 2 mm
        let vessel = Phantoms.mask(g) { abs($0.y) <= 0.6 && abs($0.z) <= 0.6 }
        let ring = try PeritumoralRing.make(around: tumour, radius: 3, within: liver, excluding: [vessel])
        // Reference: brute-force ball dilation, then the set algebra written out.
        let dilated = BruteForce.dilated(tumour, radius: 3)
        var expected = dilated
        for n in 0..<expected.voxels.count where tumour.voxels[n] != 0 || liver.voxels[n] == 0 || vessel.voxels[n] != 0 {
            expected.voxels[n] = 0
        }
        #expect(ring == expected)
        #expect(ring.voxels.contains(1) && liver.voxels.contains(0) && dilated.voxels.contains { $0 == 1 })
        #expect(zip(ring.voxels, liver.voxels).allSatisfy { $0 == 0 || $1 != 0 })
        #expect(zip(ring.voxels, vessel.voxels).allSatisfy { $0 == 0 || $1 == 0 })
        #expect(zip(ring.voxels, tumour.voxels).allSatisfy { $0 == 0 || $1 == 0 })
        var other = liver
        other.geometry.origin.x += 1
        #expect(throws: MaskMorphologyError.geometryMismatch(what: "liver")) {
            try PeritumoralRing.make(around: tumour, radius: 3, within: other)
        }
    }
}
