import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule

/// The MR preset `mr-1688` (`testdata/pyradiomics-mr/mr-1688.yaml`: PyRadiomics `normalize` × 100,
/// voxelArrayShift 300, 1 mm B-spline, bin width 25; Original, LoG σ 1–5 mm, 8 wavelets, Square, SquareRoot,
/// Logarithm, Exponential) on PyRadiomics' MR case brain1 against PyRadiomics 3.1.0's own output
/// (`testdata/pyradiomics-mr/brain1-mr1688.csv`, from `tools/fixtures/make_pyradiomics_mr_reference.py`):
/// the same 1688 names, values within 1e-6 relative (LoG images 1e-4, as the issue allows).
@Suite struct PyRadiomicsMRPresetTests {
    @Test func all1688FeaturesMatchPyRadiomics() throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let reference = TestPaths.testdata("pyradiomics-mr")
        let rows = CSVText.rows(try String(contentsOf: reference.appendingPathComponent("brain1-mr1688.csv"), encoding: .utf8))
            .dropFirst().filter { $0.count == 2 && !$0[0].hasPrefix("diagnostics_") }
        let expected = Dictionary(rows.map { ($0[0], Double($0[1]) ?? .nan) }, uniquingKeysWith: { a, _ in a })
        let image = try NRRD.read(folder.appendingPathComponent("brain1_image.nrrd")).volume
        let mask = PyRadiomicsCase.labels(try NRRD.read(folder.appendingPathComponent("brain1_label.nrrd")).volume)
        let parameters = try ExtractionParameters(yaml: String(contentsOf: reference.appendingPathComponent("mr-1688.yaml"), encoding: .utf8))
        let result = try FeatureExtractor(parameters: parameters).execute(image: image, mask: mask, pixelType: .int16)
        #expect(rows.count == 1688 && result.features.count == 1688)
        let missing = Set(expected.keys).subtracting(result.features.map(\.key))
        let extra = Set(result.features.map(\.key)).subtracting(expected.keys)
        #expect(missing.isEmpty && extra.isEmpty, "missing \(missing.sorted().prefix(10)), extra \(extra.sorted().prefix(10))")
        var failures: [String] = []
        for (key, value) in result.features {
            guard let want = expected[key] else { continue }
            let tolerance = key.hasPrefix("log-sigma") ? 1e-4 : 1e-6
            if !RelativeTolerance.matches(value, want, relative: tolerance) { failures.append("\(key): \(value) vs \(want)") }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches: \(failures.prefix(20)) classes \(Set(failures.map { String($0.split(separator: ":")[0]).split(separator: "_").prefix(2).joined(separator: "_") }).sorted())")
    }
}
