import Testing
import VolumeModule
@testable import MaskMorphology

/// A generated post-TACE unenhanced CT: liver 55 HU, tumour 40 HU with Lipiodol deposits of 150–900 HU,
/// a rib (1000 HU) and a contrast-filled vessel (250 HU) outside the tumour, a deposit straddling the tumour
/// boundary and a single-voxel speck inside.
struct PostTACEPhantom {
    let image: Volume<Float>
    let tumour: Mask
    let truth: Mask  // Lipiodol inside the tumour
    let outsideDense: Mask  // bone, contrast and Lipiodol outside the tumour

    init() {
        let g = Phantoms.ctLike(72, slices: 17)
        let tumourCentre = Vector3(0, 0, 0)
        let deposits: [(Vector3, Double, Float)] = [
            (Vector3(-5, -3, 0), 3.0, 150), (Vector3(4, 4, 2.5), 2.5, 300), (Vector3(3, -6, -5), 3.5, 600),
            (Vector3(-2, 6, 5), 2.0, 900), (Vector3(11, 0, 0), 3.0, 450),  // the last straddles the boundary
        ]
        var image = Volume<Float>(geometry: g, repeating: 55)
        var tumour = Mask(geometry: g, repeating: 0), truth = tumour, outside = tumour
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            let p = g.physicalPoint(i: i, j: j, k: k)
            let inTumour = (p - tumourCentre).length <= 12
            if inTumour { tumour[i, j, k] = 1; image[i, j, k] = 40 }
            for (c, r, hu) in deposits where (p - c).length <= r { image[i, j, k] = hu }
            if abs(p.x + 18) <= 2.5 && abs(p.y - 5) <= 6 { image[i, j, k] = 1000 }  // rib, all slices
            if (Vector3(p.x - 2, p.y + 18, 0)).length <= 3 { image[i, j, k] = 250 }  // vessel with contrast
            let dense = image[i, j, k] >= 150
            if dense && inTumour { truth[i, j, k] = 1 }
            if dense && !inTumour { outside[i, j, k] = 1 }
        } } }
        self.image = image
        self.tumour = tumour
        self.truth = truth
        outsideDense = outside
    }
}

@Suite struct LipiodolTests {
    @Test func lipiodolEqualsTruthAndNeverIncludesOutsideStructures() throws {
        let phantom = PostTACEPhantom()
        let lipiodol = try LipiodolSegmentation().segment(phantom.image, within: phantom.tumour)
        #expect(lipiodol == phantom.truth)
        #expect(zip(lipiodol.voxels, phantom.outsideDense.voxels).allSatisfy { !($0 != 0 && $1 != 0) })
        #expect(phantom.outsideDense.count(of: 1) > 100)  // bone, vessel and the outer half-deposit exist
        let coverage = try LipiodolCoverage.measure(lipiodol: lipiodol, tumour: phantom.tumour)
        #expect(coverage.lipiodolVoxelCount == phantom.truth.count(of: 1))
        #expect(coverage.coverage == Double(phantom.truth.count(of: 1)) / Double(phantom.tumour.count(of: 1)))
        #expect(abs(coverage.lipiodolVolumeML - Double(phantom.truth.count(of: 1)) * 1.225 / 1000) < 1e-12)
    }

    @Test func volumeMatchesTheAnalyticDepositsWithinDiscretisation() throws {
        let phantom = PostTACEPhantom()
        let lipiodol = try LipiodolSegmentation().segment(phantom.image, within: phantom.tumour)
        let ml = try LipiodolCoverage.measure(lipiodol: lipiodol, tumour: phantom.tumour).lipiodolVolumeML
        // Four whole deposits plus the inner part of the straddling one (a spherical cap-lens, computed below).
        let whole = [3.0, 2.5, 3.5, 2.0].map { 4.0 / 3.0 * Double.pi * $0 * $0 * $0 }.reduce(0, +)
        let lens = lensVolume(r1: 12, r2: 3, distance: 11)
        #expect(abs(ml * 1000 - (whole + lens)) / (whole + lens) < 0.08)
    }

    @Test func thresholdAndComponentFilterAreConfigurable() throws {
        var phantom = PostTACEPhantom()
        var image = phantom.image
        image[36, 36, 8] = 200  // an isolated speck inside the tumour
        phantom = PostTACEPhantom()
        let all = try LipiodolSegmentation().segment(image, within: phantom.tumour)
        #expect(all[36, 36, 8] == 1)
        let filtered = try LipiodolSegmentation(minimumComponentVolume: 2).segment(image, within: phantom.tumour)
        #expect(filtered[36, 36, 8] == 0 && filtered == phantom.truth)
        let dense = try LipiodolSegmentation(range: IntensityRange(lower: 500)).segment(image, within: phantom.tumour)
        #expect(dense.count(of: 1) < phantom.truth.count(of: 1) && dense.count(of: 1) > 0)
        #expect(throws: MaskMorphologyError.self) {
            try ThresholdSegmentation.segment(image, range: IntensityRange(lower: 5, upper: 1))
        }
    }

    @Test func enhancementRules() throws {
        let g = VolumeGeometry(size: Size3(4, 1, 1), spacing: Vector3(1, 1, 1), origin: .zero)
        let tumour = Mask(geometry: g, voxels: [1, 1, 1, 0])
        let arterial = Volume<Float>(geometry: g, voxels: [150, 90, 60, 200])
        let plain = Volume<Float>(geometry: g, voxels: [40, 40, 55, 40])
        #expect(try EnhancementRule.arterialRange(IntensityRange(lower: 100)).segment(tumour: tumour, arterial: arterial).voxels == [1, 0, 0, 0])
        #expect(try EnhancementRule.subtraction(minimumIncrease: 20).segment(tumour: tumour, arterial: arterial, unenhanced: plain).voxels == [1, 1, 0, 0])
        #expect(throws: MaskMorphologyError.self) { try EnhancementRule.subtraction(minimumIncrease: 20).segment(tumour: tumour, arterial: arterial) }
    }
}

/// Volume of the intersection of two balls (radii r1, r2, centres `distance` apart).
func lensVolume(r1: Double, r2: Double, distance d: Double) -> Double {
    let a = (r1 + r2 - d)
    return Double.pi * a * a * (d * d + 2 * d * r2 - 3 * r2 * r2 + 2 * d * r1 + 6 * r1 * r2 - 3 * r1 * r1) / (12 * d)
}
