import Foundation
import RadiomicsCore
import Testing
import VolumeModule

/// Voxel-based feature maps: the value at a voxel equals the segment-based extraction with that voxel's kernel
/// (∩ ROI) as the mask; maps cover the ROI bounding box, 0 outside the ROI.
@Suite struct VoxelFeatureMapTests {
    static let yaml = "setting: {binWidth: 25, additionalInfo: false}\nfeatureClass:\n  firstorder:\n  glcm:\n  glszm:\n  ngtdm:\n"

    /// The segment-based features of the kernel around `(i, j, k)` with the given radius.
    static func kernelFeatures(image: Volume<Float>, mask: Mask, at index: Index3, radius: Int) throws -> [String: Double] {
        var kernelMask = Mask(geometry: mask.geometry, repeating: 0)
        let box = VoxelFeatureMaps.kernel(around: mask.size.offset(index.i, index.j, index.k), radius: radius, size: mask.size)
        for k in box.lower.k...box.upper.k { for j in box.lower.j...box.upper.j { for i in box.lower.i...box.upper.i where mask[i, j, k] == 1 {
            kernelMask[i, j, k] = 1
        } } }
        let result = try FeatureExtractor(parameters: try ExtractionParameters(yaml: yaml)).execute(image: image, mask: kernelMask)
        return Dictionary(result.features.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func mapValueEqualsSegmentBasedFeaturesOfTheKernel() throws {
        let (image, mask) = ImageTypeParameterTests.phantom()
        let extractor = FeatureExtractor(parameters: try ExtractionParameters(yaml: Self.yaml))
        let maps = try VoxelFeatureMaps.compute(image: image, mask: mask, kernelRadius: 2, extractor: extractor)
        #expect(maps.count == 18 + 24 + 16 + 5)
        // Maps cover the ROI box (i 4…9, j 3…8, k 3…6) with the image's physical positions.
        let box = try #require(mask.boundingBox(of: 1))
        #expect(maps.allSatisfy { $0.volume.size == box.size })
        #expect(maps[0].volume.geometry.origin.maxAbsDifference(image.geometry.physicalPoint(i: 4, j: 3, k: 3)) < 1e-12)
        var mismatches: [String] = []
        for index in [Index3(6, 5, 4), Index3(4, 3, 3), Index3(9, 8, 6), Index3(7, 6, 5)] {
            let expected = try Self.kernelFeatures(image: image, mask: mask, at: index, radius: 2)
            for map in maps {
                let value = Double(map.volume[index.i - 4, index.j - 3, index.k - 3])
                guard let reference = expected[map.name] else { mismatches.append("missing \(map.name)"); continue }
                let same = value.isNaN ? reference.isNaN : abs(value - reference) <= 1e-6 * max(1, abs(reference))
                if !same { mismatches.append("\(map.name)@\(index): \(value) vs \(reference)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        // Negative control: the radius-1 kernel gives different texture at the same voxel.
        let smaller = try Self.kernelFeatures(image: image, mask: mask, at: Index3(6, 5, 4), radius: 1)
        let contrast = try #require(maps.first { $0.name == "original_glcm_Contrast" })
        #expect(abs(Double(contrast.volume[2, 2, 1]) - (smaller["original_glcm_Contrast"] ?? 0)) > 1e-3)
    }

    @Test func voxelsOutsideTheROIInItsBoxAreZero() throws {
        let (image, cube) = ImageTypeParameterTests.phantom()
        var mask = cube
        mask[4, 3, 3] = 0  // a box corner leaves the ROI
        let maps = try VoxelFeatureMaps.compute(image: image, mask: mask, kernelRadius: 1,
                                                extractor: FeatureExtractor(parameters: try ExtractionParameters(yaml: Self.yaml)))
        let mean = try #require(maps.first { $0.name == "original_firstorder_Mean" })
        #expect(mean.volume[0, 0, 0] == 0 && mean.volume[1, 0, 0] != 0)
    }

    @Test func invalidRadiusAndAbsentLabelThrow() throws {
        let (image, mask) = ImageTypeParameterTests.phantom()
        let extractor = FeatureExtractor()
        #expect(throws: RadiomicsError.self) {
            try VoxelFeatureMaps.compute(image: image, mask: mask, kernelRadius: 0, extractor: extractor)
        }
        #expect(throws: RadiomicsError.labelAbsent(label: 3)) {
            try VoxelFeatureMaps.compute(image: image, mask: mask, label: 3, kernelRadius: 1, extractor: extractor)
        }
    }
}

/// `executeKeepingImages`: the images whose features were computed, named as their feature prefixes.
@Suite struct DerivedImageTests {
    @Test func keptImagesAreTheFeatureImages() throws {
        let (image, mask) = ImageTypeParameterTests.phantom()
        let parameters = try ExtractionParameters(yaml: """
            setting: {binWidth: 25, preCrop: true, padDistance: 1}
            imageType: {Original: {}, Square: {}, Wavelet: {}}
            featureClass: {firstorder: [Mean]}
            """)
        let result = try FeatureExtractor(parameters: parameters).executeKeepingImages(image: image, mask: mask)
        #expect(result.images.map(\.name) == ["original", "square"] + ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"].map { "wavelet-\($0)" })
        // The pre-crop grid: ROI box (6×6×4) + 1 voxel each side.
        #expect(result.images.allSatisfy { $0.volume.size == Size3(8, 8, 6) })
        #expect(result.mask.size == Size3(8, 8, 6) && result.mask.count(of: 1) == 144)
        // Each kept image reproduces its first-order mean over the ROI.
        for derived in result.images {
            var sum = 0.0
            for (n, v) in result.mask.voxels.enumerated() where v == 1 { sum += Double(derived.volume.voxels[n]) }
            let mean = try #require(result.features["\(derived.name)_firstorder_Mean"]?.number)
            #expect(abs(sum / 144 - mean) <= 1e-4 * max(1, abs(mean)), "\(derived.name)")
        }
    }
}
