import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule

/// PyRadiomics 3.1.0's Square, SquareRoot, Logarithm, Exponential and Gradient image types: every feature of
/// `testdata/reference/image-types-pyradiomics.json` (made by `tools/references/make_image_type_references.py`
/// with PyRadiomics itself on brain1) within 1e-6 relative, names identical; plus analytic checks of the
/// point-wise maps and the gradient on small phantoms.
@Suite struct IntensityImageTypeTests {
    struct Reference: Decodable {
        struct Configuration: Decodable { var parameters: String; var features: [String: Double] }
        var configurations: [String: Configuration]
    }

    @Test(arguments: ["bspline", "no-resampling-spacing", "no-resampling-index"])
    func brain1FeaturesMatchPyRadiomics(_ name: String) throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let data = try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent(
            "testdata/reference/image-types-pyradiomics.json"))
        let configuration = try #require(try JSONDecoder().decode(Reference.self, from: data).configurations[name])
        let image = try NRRD.read(folder.appendingPathComponent("brain1_image.nrrd")).volume
        let mask = PyRadiomicsCase.labels(try NRRD.read(folder.appendingPathComponent("brain1_label.nrrd")).volume)
        let parameters = try ExtractionParameters(yaml: configuration.parameters)
        let ours = try FeatureExtractor(parameters: parameters).execute(image: image, mask: mask, pixelType: .int16)
            .features.filter { !$0.key.hasPrefix("diagnostics_") }
        #expect(Set(ours.map(\.key)) == Set(configuration.features.keys))
        var failures: [String] = []
        for (key, value) in ours {
            guard let reference = configuration.features[key] else { continue }
            if !RelativeTolerance.matches(value, reference) { failures.append("\(key): \(value) vs \(reference)") }
        }
        #expect(failures.isEmpty, "\(name): \(failures.count) mismatches: \(failures.prefix(12))")
    }

    @Test func pointwiseMapsFollowTheirFormulas() throws {
        let x: [Double] = [-16, -4, 0, 1, 4, 9]
        // m = 16: square (x/4)², square root sign(x)√(16|x|), exponential exp(x·ln16/16).
        #expect(try #require(IntensityImages.square(x)) == [16, 1, 0, 0.0625, 1, 5.0625])
        #expect(IntensityImages.squareRoot(x) == [-16, -8, 0, 4, 8, 12])
        let e = try #require(IntensityImages.exponential(x))
        #expect(abs(e[0] - 1.0 / 16) < 1e-15 && abs(e[2] - 1) < 1e-15)
        let l = try #require(IntensityImages.logarithm(x))
        // max |log| is log(17) at x = −16, rescaled to 16; sign kept.
        #expect(abs(l[0] + 16) < 1e-12 && l[2] == 0 && abs(l[4] - 16 * log(5.0) / log(17.0)) < 1e-12)
        #expect(IntensityImages.square([0, 0]) == nil)
    }

    @Test func gradientOfARampIsItsSlopeInMillimetres() {
        // f = 3·i + 2·j − k on an anisotropic grid: interior gradient (3/0.5, 2/2, −1/4) in mm units.
        let size = Size3(5, 4, 3), spacing = Vector3(0.5, 2, 4)
        var values = [Double](repeating: 0, count: size.count)
        for k in 0..<3 { for j in 0..<4 { for i in 0..<5 { values[size.offset(i, j, k)] = Double(3 * i + 2 * j - k) } } }
        let mm = GradientMagnitude.apply(to: values, size: size, spacing: spacing, useSpacing: true, roundToFloat: false)
        let index = GradientMagnitude.apply(to: values, size: size, spacing: spacing, useSpacing: false, roundToFloat: false)
        let centre = size.offset(2, 1, 1)
        #expect(abs(mm[centre] - (36.0 + 1 + 1.0 / 16).squareRoot()) < 1e-12)
        #expect(abs(index[centre] - 14.0.squareRoot()) < 1e-12)
        // Borders continue the edge voxel (ZeroFluxNeumann): one-sided half differences at i = 0.
        let corner = size.offset(0, 1, 1)
        #expect(abs(index[corner] - (2.25 + 4 + 1).squareRoot()) < 1e-12)
    }
}
