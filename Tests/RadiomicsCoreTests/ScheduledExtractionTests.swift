import Foundation
@testable import RadiomicsCore
import Testing
import VolumeModule

/// The extractor runs the mask part and every (image, class) pair as one flat task list, largest classes first.
/// Reference: the same extraction done one image type and one class at a time (each run then has a single
/// texture task), concatenated in PyRadiomics' order (shape, then images in order, classes in the parameters'
/// order). Values must be bit-identical and the keys in that order.
@Suite struct ScheduledExtractionTests {
    static let geometry = VolumeGeometry(size: Size3(17, 13, 9), spacing: Vector3(0.9, 1.1, 2.0),
                                         origin: Vector3(-3, 4, 10))

    /// Deterministic pseudo-random intensities 0…399 (LCG), so every class sees several grey levels.
    static func image() -> Volume<Float> {
        var state: UInt32 = 12345
        let voxels = (0..<geometry.voxelCount).map { _ -> Float in
            state = state &* 1_103_515_245 &+ 12345
            return Float((state >> 16) % 400)
        }
        return Volume(geometry: geometry, voxels: voxels)
    }

    /// An off-centre ellipsoid (label 1).
    static func mask() -> Mask {
        var mask = Mask(geometry: geometry, repeating: 0)
        for k in 0..<9 { for j in 0..<13 { for i in 0..<17 {
            let x = (Double(i) - 7.5) / 6, y = (Double(j) - 6) / 4.5, z = (Double(k) - 4.2) / 3.3
            if x * x + y * y + z * z <= 1 { mask[i, j, k] = 1 }
        } } }
        return mask
    }

    /// Image types, one derived image each (so type-by-type runs give images in the same order).
    static let imageTypes = ["Original: {}", "Square: {}", "LoG: {sigma: [1.5]}"]
    /// Deliberately not in the scheduler's cost order.
    static let classes = ["ngtdm", "firstorder", "glszm", "shape", "glcm", "gldm", "glrlm"]

    static func extract(imageTypes: [String], classes: [String]) throws -> [(key: String, value: Double)] {
        let yaml = "setting:\n  binWidth: 25\n  label: 1\nimageType:\n"
            + imageTypes.map { "  \($0)\n" }.joined() + "featureClass:\n" + classes.map { "  \($0):\n" }.joined()
        return try FeatureExtractor(parameters: ExtractionParameters(yaml: yaml))
            .execute(image: image(), mask: mask()).features
    }

    @Test func flatScheduleEqualsOneTaskAtATime() throws {
        let all = try Self.extract(imageTypes: Self.imageTypes, classes: Self.classes)
        var expected = try Self.extract(imageTypes: ["Original: {}"], classes: ["shape"])
        for type in Self.imageTypes {
            for featureClass in Self.classes where featureClass != "shape" {
                expected += try Self.extract(imageTypes: [type], classes: [featureClass])
            }
        }
        #expect(expected.count == 14 + 3 * 93)  // shape, then 93 features per image
        #expect(all.map(\.key) == expected.map(\.key))
        #expect(all.map(\.value.bitPattern) == expected.map(\.value.bitPattern))
        // The keys really span all three images and the parameters' class order.
        #expect(all.first?.key.hasPrefix("original_shape_") == true)
        #expect(all.last?.key.hasPrefix("log-sigma-1-5-mm-3D_glrlm_") == true)
    }

    @Test func onlyShapeOrOnlyTextureStillRuns() throws {
        let shape = try Self.extract(imageTypes: ["Original: {}"], classes: ["shape"])
        #expect(!shape.isEmpty && shape.allSatisfy { $0.key.hasPrefix("original_shape_") })
        let texture = try Self.extract(imageTypes: ["Original: {}"], classes: ["glrlm"])
        #expect(!texture.isEmpty && texture.allSatisfy { $0.key.hasPrefix("original_glrlm_") })
    }

    /// Resampling configuration (PyRadiomics B-spline to 1 mm), where shape can be computed from the mask alone.
    static func resampling() throws -> ExtractionParameters { try ExtractionParameters(yaml: """
        setting:
          binWidth: 25
          label: 1
          interpolator: sitkBSpline
          resampledPixelSpacing: [1, 1, 1]
        featureClass:
          shape:
          glcm:
          firstorder:
        """) }

    @Test func shapeAheadGivesTheSameVector() throws {
        let extractor = FeatureExtractor(parameters: try Self.resampling())
        let plain = try extractor.execute(image: Self.image(), mask: Self.mask())
        let ahead = try #require(extractor.precomputedShape(mask: Self.mask()))
        let withShape = try extractor.execute(image: Self.image(), mask: Self.mask(), shape: ahead)
        #expect(withShape == plain)
        #expect(plain["original_shape_MeshVolume"] != nil && plain["diagnostics_Mask-original_Hash"] != nil)
    }

    @Test func shapeAheadOfAnotherMaskOrLabelIsIgnored() throws {
        let extractor = FeatureExtractor(parameters: try Self.resampling())
        var smaller = Self.mask()
        smaller[7, 6, 4] = 2  // one voxel less of label 1, same bounding box
        let plain = try extractor.execute(image: Self.image(), mask: Self.mask())
        let other = try #require(extractor.precomputedShape(mask: smaller))
        // Its values differ, so using it would show.
        let own = try #require(extractor.precomputedShape(mask: Self.mask()))
        #expect(other.features.features.map(\.value) != own.features.features.map(\.value))
        #expect(try extractor.execute(image: Self.image(), mask: Self.mask(), shape: other) == plain)
        let otherExtractor = FeatureExtractor(parameters: try ExtractionParameters(yaml: "setting:\n  binWidth: 25\n  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]\nfeatureClass:\n  shape: [MeshVolume]\n  glcm:\n  firstorder:\n"))
        #expect(try extractor.execute(image: Self.image(), mask: Self.mask(),
                                      shape: otherExtractor.precomputedShape(mask: Self.mask())) == plain)
    }

    @Test func noShapeAheadWithoutResampling() throws {
        #expect(FeatureExtractor().precomputedShape(mask: Self.mask()) == nil)
        #expect(FeatureExtractor(parameters: try Self.resampling()).precomputedShape(mask: Self.mask(), label: 3) == nil)
    }
}
