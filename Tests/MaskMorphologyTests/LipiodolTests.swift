import Foundation
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

    /// A tumour (40 HU) with a compact 700 HU deposit (radius 6 mm) and a heterogeneous one (a 1000 HU core of
    /// 2.5 mm in a 300 HU deposit of 6 mm), on 1 mm voxels that hold the mean of 4 × 4 × 4 points of their
    /// extent (partial volume). Truth: the voxel centres inside each deposit.
    static func blurredDeposits() -> (image: Volume<Float>, tumour: Mask, compact: Mask, heterogeneous: Mask) {
        let g = VolumeGeometry(size: Size3(40, 40, 30), spacing: Vector3(1, 1, 1), origin: Vector3(-19.5, -19.5, -14.5))
        let a = Vector3(-7, 0, 0), b = Vector3(7, 1, 0)
        func hu(_ p: Vector3) -> Float {
            if (p - a).length <= 6 { return 700 }
            if (p - b).length <= 2.5 { return 1000 }
            if (p - b).length <= 6 { return 300 }
            return (p - Vector3(0, 0, 0)).length <= 16 ? 40 : 55
        }
        var image = Volume<Float>(geometry: g, repeating: 0)
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            let p = g.physicalPoint(i: i, j: j, k: k)
            var sum: Float = 0
            for x in 0..<4 { for y in 0..<4 { for z in 0..<4 {
                sum += hu(p + Vector3((Double(x) - 1.5) / 4, (Double(y) - 1.5) / 4, (Double(z) - 1.5) / 4))
            } } }
            image[i, j, k] = sum / 64
        } } }
        return (image, Phantoms.mask(g) { $0.length <= 16 }, Phantoms.mask(g) { ($0 - a).length <= 6 },
                Phantoms.mask(g) { ($0 - b).length <= 6 })
    }

    @Test("half maximum: partial-volume rims left out (within 10 % of the truth, the threshold alone +14 %), heterogeneous interiors kept")
    func halfMaximumUnderPartialVolume() throws {
        let (image, tumour, compact, heterogeneous) = Self.blurredDeposits()
        let truth = compact.count(of: 1) + heterogeneous.count(of: 1)
        let threshold = try LipiodolSegmentation(boundary: .threshold).segment(image, within: tumour)
        let half = try LipiodolSegmentation().segment(image, within: tumour)
        #expect(Double(threshold.count(of: 1)) > 1.1 * Double(truth), "\(threshold.count(of: 1)) vs \(truth)")
        #expect(abs(Double(half.count(of: 1)) / Double(truth) - 1) < 0.10, "\(half.count(of: 1)) vs \(truth)")
        for deposit in [compact, heterogeneous] {
            let found = zip(half.voxels, deposit.voxels).filter { $0 != 0 && $1 != 0 }.count
            #expect(abs(Double(found) / Double(deposit.count(of: 1)) - 1) < 0.10)
        }
        // The 300 HU zone next to the 1000 HU core is below half of the core's peak yet inside the deposit: kept.
        let g = image.geometry
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            let d = (g.physicalPoint(i: i, j: j, k: k) - Vector3(7, 1, 0)).length
            if d > 3.5 && d < 4.5 { #expect(half[i, j, k] == 1) }
        } } }
        // Nothing outside the threshold's voxels; a sharp phantom is unchanged.
        #expect(zip(half.voxels, threshold.voxels).allSatisfy { $0 <= $1 })
        let phantom = PostTACEPhantom()
        #expect(try LipiodolSegmentation().segment(phantom.image, within: phantom.tumour)
            == LipiodolSegmentation(boundary: .threshold).segment(phantom.image, within: phantom.tumour))
    }

    @Test("half maximum: a region with no voxel below the threshold, NaN voxels and an empty result do not trap")
    func halfMaximumEdgeCases() throws {
        let g = VolumeGeometry(size: Size3(3, 1, 1), spacing: Vector3(1, 1, 1), origin: .zero)
        let all = Mask(geometry: g, voxels: [1, 1, 1])
        let dense = Volume<Float>(geometry: g, voxels: [400, 900, .nan])
        // Background = the threshold (100): 400 < 100 + ½ (900 − 100) on the border, dropped; the peak stays.
        let kept = try LipiodolSegmentation().segment(dense, within: all).voxels
        #expect(kept == [0, 1, 0], "\(kept)")
        let plain = Volume<Float>(geometry: g, voxels: [40, 50, 60])
        #expect(try LipiodolSegmentation().segment(plain, within: all).count(of: 1) == 0)
        #expect(LipiodolSegmentation.background(plain, region: all, detection: 100) == 50)
    }

    @Test("a configuration encoded before `boundary` existed decodes as the threshold rule it was run with")
    func decodesOldConfigurations() throws {
        let old = #"{"range":{"lower":100},"minimumComponentVolume":0,"connectivity":"vertices26"}"#
        let connectivity = try JSONEncoder().encode(Connectivity.vertices26)
        let text = old.replacingOccurrences(of: #""vertices26""#, with: String(decoding: connectivity, as: UTF8.self))
        let decoded = try JSONDecoder().decode(LipiodolSegmentation.self, from: Data(text.utf8))
        #expect(decoded.boundary == .threshold && decoded.range.lower == 100)
        let roundTrip = try JSONDecoder().decode(LipiodolSegmentation.self, from: JSONEncoder().encode(LipiodolSegmentation()))
        #expect(roundTrip == LipiodolSegmentation() && roundTrip.boundary == .halfMaximum)
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
