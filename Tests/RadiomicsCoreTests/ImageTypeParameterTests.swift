import Foundation
import RadiomicsCore
import Testing
import VolumeModule

/// The `imageType:` section as PyRadiomics reads it: σ spelling in the image name, filter settings from the
/// `setting:` section, per-image-type custom settings, and their effect on extraction.
@Suite struct ImageTypeParameterTests {
    @Test func sigmaSpellingNamesTheImage() throws {
        let p = try ExtractionParameters(yaml: "imageType:\n  LoG: {sigma: [1, 2.5, 3.0]}\n")
        guard case .laplacianOfGaussian(let sigmas) = p.imageTypes.first else { Issue.record("no LoG"); return }
        #expect(sigmas.map(\.imageTypeName) == ["log-sigma-1-mm-3D", "log-sigma-2-5-mm-3D", "log-sigma-3-0-mm-3D"])
    }

    @Test func filterSettingsComeFromTheSettingSectionUnlessOverridden() throws {
        let p = try ExtractionParameters(yaml: """
            imageType:
              LoG: {}
              Wavelet: {level: 2}
            setting: {sigma: [2.0], wavelet: haar, start_level: 1}
            """)
        #expect(p.imageTypes == [.laplacianOfGaussian(sigmas: [LoGSigma(2)]), .wavelet(name: "haar", startLevel: 1, level: 2)])
    }

    @Test func customSettingsApplyToTheirImageTypeOnly() throws {
        let p = try ExtractionParameters(yaml: """
            setting: {binWidth: 25}
            imageType:
              Original: {}
              Wavelet: {binWidth: 5}
            """)
        #expect(p.settings.binWidth == 25)
        #expect(p.settings(for: .original).binWidth == 25)
        #expect(p.settings(for: .wavelet(name: "coif1", startLevel: 0, level: 1)).binWidth == 5)
        #expect(throws: RadiomicsError.self) { try ExtractionParameters(yaml: "imageType:\n  LoG: {sigmaa: [1]}\n") }
    }

    static func phantom() -> (Volume<Float>, Mask) {
        let geometry = VolumeGeometry(size: Size3(14, 12, 10), spacing: Vector3(0.9, 0.8, 1.5), origin: Vector3(0, 0, 0))
        var state: UInt64 = 7
        let image = Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 52) % 400)
        })
        var mask = Mask(geometry: geometry, repeating: 0)
        for k in 3..<7 { for j in 3..<9 { for i in 4..<10 { mask[i, j, k] = 1 } } }
        return (image, mask)
    }

    @Test func perImageTypeBinWidthChangesOnlyThatImageTypesFeatures() throws {
        let (image, mask) = Self.phantom()
        func run(_ yaml: String) throws -> [String: Double] {
            let result = try FeatureExtractor(parameters: try ExtractionParameters(yaml: yaml))
                .execute(image: image, mask: mask, pixelType: .int16)
            return Dictionary(result.features.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        let classes = "featureClass:\n  firstorder:\n  glcm:\n"
        let custom = try run("setting: {binWidth: 25}\nimageType:\n  Original: {}\n  Wavelet: {binWidth: 5}\n" + classes)
        let global25 = try run("setting: {binWidth: 25}\nimageType:\n  Original: {}\n  Wavelet: {}\n" + classes)
        let global5 = try run("setting: {binWidth: 5}\nimageType:\n  Original: {}\n  Wavelet: {}\n" + classes)
        #expect(custom.count == global25.count && custom.count == (1 + 8) * (18 + 24))
        for (key, value) in custom {
            let expected = key.hasPrefix("original_") ? global25[key] : global5[key]
            #expect(expected.map { $0 == value || ($0.isNaN && value.isNaN) } == true, "\(key)")
        }
        // Negative control: the bin width matters for wavelet texture.
        #expect(custom["wavelet-LLL_glcm_JointEntropy"] != global25["wavelet-LLL_glcm_JointEntropy"])
    }

    @Test func tooLargeSigmaIsSkippedWithAWarning() throws {
        let (image, mask) = Self.phantom()
        let p = try ExtractionParameters(yaml: "imageType:\n  LoG: {sigma: [1.0, 20.0]}\nfeatureClass:\n  firstorder:\n")
        let result = try FeatureExtractor(parameters: p).execute(image: image, mask: mask)
        #expect(result.features.allSatisfy { $0.key.hasPrefix("log-sigma-1-0-mm-3D_firstorder_") })
        #expect(result.features.count == 18)
        #expect(result.warnings == [.sigmaTooLarge(sigma: 20, size: Size3(14, 12, 10))])
    }
}
