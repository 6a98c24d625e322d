import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule

/// PyRadiomics 3.1.0's full-configuration outputs on brain1 (`../shared/testdata/pyradiomics/reference-1316`):
/// all 107 `original_*` features after resampling to 1 mm (B-spline and linear, padDistance 5 and 10) match
/// within 1e-6 relative. (LoG and wavelet features are the radiomics core II issue.)
@Suite struct PyRadiomicsReference1316Tests {
    static let references = [("brain1-bspline.csv", "sitkBSpline", 5), ("brain1-linear.csv", "sitkLinear", 5),
                             ("brain1-bspline-pad10.csv", "sitkBSpline", 10)]

    @Test(arguments: references)
    func originalFeaturesMatchAfterResampling(_ reference: (String, String, Int)) throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let expected = Dictionary(
            CSVText.rows(try String(contentsOf: folder.appendingPathComponent("reference-1316/\(reference.0)"), encoding: .utf8))
                .dropFirst().filter { $0.count == 2 && $0[0].hasPrefix("original_") }.map { ($0[0], Double($0[1]) ?? .nan) },
            uniquingKeysWith: { a, _ in a })
        let image = try NRRD.read(folder.appendingPathComponent("brain1_image.nrrd")).volume
        let mask = PyRadiomicsCase.labels(try NRRD.read(folder.appendingPathComponent("brain1_label.nrrd")).volume)
        let parameters = try ExtractionParameters(yaml: """
            setting: {binWidth: 25, label: 1, interpolator: \(reference.1), resampledPixelSpacing: [1, 1, 1], padDistance: \(reference.2)}
            """)
        let result = try FeatureExtractor(parameters: parameters).execute(image: image, mask: mask, pixelType: .int16)
        let ours = Dictionary(result.features.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(expected.count == 107 && ours.count == 107)
        for (key, value) in expected {
            let mine = try #require(ours[key], "missing \(key)")
            #expect(RelativeTolerance.matches(mine, value), "\(reference.0) \(key): \(mine) vs \(value)")
        }
    }
}
