import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule

/// PyRadiomics 3.1.0's full-configuration outputs on brain1 (`../shared/testdata/pyradiomics/reference-1316`):
/// after resampling to 1 mm (B-spline and linear, padDistance 5 and 10), all 1316 features — 107 on the original
/// image, 93 on each of the 5 LoG and 8 wavelet images — have PyRadiomics' names (none missing, none extra) and
/// match within 1e-6 relative.
@Suite struct PyRadiomicsReference1316Tests {
    static let references = [("brain1-bspline.csv", "sitkBSpline", 5), ("brain1-linear.csv", "sitkLinear", 5),
                             ("brain1-bspline-pad10.csv", "sitkBSpline", 10)]

    @Test(arguments: references)
    func allFeaturesMatchAfterResampling(_ reference: (String, String, Int)) throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let rows = CSVText.rows(try String(contentsOf: folder.appendingPathComponent("reference-1316/\(reference.0)"),
                                           encoding: .utf8))
            .dropFirst().filter { $0.count == 2 && !$0[0].hasPrefix("diagnostics_") }
        let expected = Dictionary(rows.map { ($0[0], Double($0[1]) ?? .nan) }, uniquingKeysWith: { a, _ in a })
        let image = try NRRD.read(folder.appendingPathComponent("brain1_image.nrrd")).volume
        let mask = PyRadiomicsCase.labels(try NRRD.read(folder.appendingPathComponent("brain1_label.nrrd")).volume)
        let parameters = try ExtractionParameters(yaml: """
            setting: {binWidth: 25, label: 1, interpolator: \(reference.1), resampledPixelSpacing: [1, 1, 1], padDistance: \(reference.2)}
            imageType:
              Original: {}
              LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}
              Wavelet: {}
            featureClass:
              shape:
              firstorder:
              glcm:
              glrlm:
              glszm:
              gldm:
              ngtdm:
            """)
        let result = try FeatureExtractor(parameters: parameters).execute(image: image, mask: mask, pixelType: .int16)
        let ours = result.features
        #expect(rows.count == 1316 && ours.count == 1316)
        let missing = Set(rows.map { $0[0] }).subtracting(ours.map(\.key))
        let extra = Set(ours.map(\.key)).subtracting(rows.map { $0[0] })
        #expect(missing.isEmpty && extra.isEmpty, "missing \(missing.sorted().prefix(10)), extra \(extra.sorted().prefix(10))")
        #expect(result.warnings.isEmpty)
        var failures: [String] = []
        for (key, value) in ours {
            guard let reference = expected[key] else { failures.append("extra \(key)"); continue }
            if !RelativeTolerance.matches(value, reference) { failures.append("\(key): \(value) vs \(reference)") }
        }
        #expect(failures.isEmpty, "\(reference.0): \(failures.count) mismatches: \(failures.prefix(20))")
    }
}
