import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import MaskMorphology

/// Against `testdata/reference/morphology-sitk.json` (SimpleITK's SignedMaurerDistanceMap of small random
/// masks, written by `tools/references/make_morphology_references.py`).
@Suite struct SimpleITKReferenceTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var size: [Int]
            var spacing: [Double]
            var mask: [UInt8]
            var signed_maurer: [Double]
            var signed_maurer_complement: [Double]
        }
        var cases: [Case]
    }

    static func load() throws -> [(Mask, [Double], [Double])] {
        let data = try Data(contentsOf: TestPaths.testdata("reference/morphology-sitk.json"))
        return try JSONDecoder().decode(Reference.self, from: data).cases.map { c in
            let g = VolumeGeometry(size: Size3(c.size[0], c.size[1], c.size[2]), spacing: Vector3(c.spacing), origin: .zero)
            return (Mask(geometry: g, voxels: c.mask), c.signed_maurer, c.signed_maurer_complement)
        }
    }

    @Test func signedDistanceMapEqualsSimpleITKMaurer() throws {
        let cases = try Self.load()
        #expect(cases.count == 3)
        for (mask, reference, _) in cases {
            let ours = try SignedDistanceMap.compute(mask).voxels.map(Double.init)
            #expect(maxDifference(ours, reference) < 1e-5)
            // The comparator sees a contour shifted by one voxel (Maurer's convention vs. distance to background).
            let toBackground = EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask.map { $0 == 0 ? 1 : 0 })
            let shifted = zip(mask.voxels, toBackground.voxels).map { $0 != 0 ? -$1.squareRoot() : 0 }
            #expect(maxDifference(shifted, reference.map { min($0, 0) }) > 0.4)
        }
    }

    @Test(arguments: [0.7, 1.3, 2.5, 4.0])
    func dilationAndErosionEqualMaurerThresholds(radius: Double) throws {
        for (mask, reference, complement) in try Self.load() {
            let dilated = try mask.dilated(byMillimetres: radius)
            #expect(dilated.voxels == reference.map { $0 <= radius + 1e-6 ? 1 : 0 })
            // Erosion = the complement's Maurer distance beyond the radius (not the mask's own map < −r).
            let eroded = try mask.eroded(byMillimetres: radius)
            #expect(eroded.voxels == complement.map { $0 > radius + 1e-6 ? 1 : 0 })
            #expect(eroded.voxels != reference.map { $0 < -radius - 1e-6 ? 1 : 0 } || eroded.count(of: 1) == 0)
        }
    }
}
