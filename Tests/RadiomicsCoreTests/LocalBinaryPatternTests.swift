import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeModule

/// ``LocalBinaryPattern`` against scikit-image's `local_binary_pattern` as PyRadiomics' getLBP2DImage applies it
/// (`testdata/reference/lbp2d-skimage.json`, `tools/references/make_lbp_references.py`): every code equal.
@Suite struct LocalBinaryPatternTests {
    struct Reference: Decodable {
        struct Case: Decodable { var P: Int; var R: Double; var method: String; var force2Ddimension: Int; var values: [Int] }
        var size: [Int]
        var input: [Int]
        var cases: [Case]
    }

    @Test func codesEqualScikitImage() throws {
        let data = try Data(contentsOf: TestPaths.testdata("reference/lbp2d-skimage.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        let size = Size3(reference.size[0], reference.size[1], reference.size[2])
        let input = reference.input.map(Double.init)
        #expect(reference.cases.count == 5)
        for c in reference.cases {
            let ours = LocalBinaryPattern.apply(to: input, size: size, samples: c.P, radius: c.R, method: c.method,
                                                normalAxis: c.force2Ddimension)
            let mismatches = zip(ours, c.values).filter { $0.0 != Double($0.1) }.count
            #expect(mismatches == 0, "P \(c.P) R \(c.R) \(c.method) axis \(c.force2Ddimension): \(mismatches) codes differ")
        }
        // Negative control: the other method gives other codes.
        let first = reference.cases[0]
        let other = LocalBinaryPattern.apply(to: input, size: size, samples: 8, radius: 1, method: "default", normalAxis: 0)
        #expect(zip(other, first.values).contains { $0.0 != Double($0.1) })
    }

    @Test func lbp2DImageTypeFeedsTheExtractor() throws {
        let (image, mask) = ImageTypeParameterTests.phantom()
        let parameters = try ExtractionParameters(yaml: """
            setting: {binWidth: 1, force2D: true, lbp2DSamples: 8, lbp2DRadius: 1}
            imageType: {LBP2D: {}}
            featureClass: {firstorder: [Mean, Maximum]}
            """)
        let result = try FeatureExtractor(parameters: parameters).executeKeepingImages(image: image, mask: mask)
        #expect(result.images.map(\.name) == ["lbp-2D"])
        let codes = LocalBinaryPattern.apply(to: image.voxels.map(Double.init), size: image.size, samples: 8, radius: 1,
                                             method: "uniform", normalAxis: 0)
        #expect(result.images[0].volume.voxels.map(Double.init) == codes)
        let maximum = try #require(result.features["lbp-2D_firstorder_Maximum"]?.number)
        #expect(maximum <= 9 && maximum >= 0)
        #expect(throws: RadiomicsError.unsupportedImageType("LBP3D")) { try ExtractionParameters(yaml: "imageType: {LBP3D: {}}") }
        #expect(throws: RadiomicsError.self) { try ExtractionParameters(yaml: "setting: {lbp2DMethod: var}") }
    }
}
