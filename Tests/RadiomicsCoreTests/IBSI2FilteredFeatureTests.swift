import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule

/// IBSI 2 phase 2 (filtered CT phantom): intensity statistics of the LoG response (configurations 3.A: 2D, no
/// interpolation; 3.B: 3D after 1 mm tricubic interpolation; σ = 1.5 mm, truncation 4σ, mirror padding,
/// resegmentation [−1000, 400] HU) in IBSI mode against the consensus values
/// (`../shared/testdata/ibsi/reference_values/ibsi_2/ibsi_2_phase2_reference_values.csv`; there "N.A" is the 2D and
/// "N.B" the 3D configuration, as mirp's `test/ibsi_2_feature_test.py` uses them).
@Suite struct IBSI2FilteredFeatureTests {
    static let tags: [String: String] = [
        "stat_mean": "Mean", "stat_var": "Variance", "stat_skew": "Skewness", "stat_kurt": "Kurtosis",
        "stat_median": "Median", "stat_min": "Minimum", "stat_p10": "10Percentile", "stat_p90": "90Percentile",
        "stat_max": "Maximum", "stat_iqr": "InterquartileRange", "stat_range": "Range",
        "stat_mad": "MeanAbsoluteDeviation", "stat_rmad": "RobustMeanAbsoluteDeviation", "stat_energy": "Energy",
        "stat_rms": "RootMeanSquared",
    ]

    static func references(_ id: String) throws -> [String: (value: Double, tolerance: Double)]? {
        guard let url = TestPaths.shared("ibsi/reference_values/ibsi_2/ibsi_2_phase2_reference_values.csv") else { return nil }
        var result: [String: (value: Double, tolerance: Double)] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ";").map(String.init)
            guard fields.count == 5, fields[0] == id, let value = Double(fields[3]), let tolerance = Double(fields[4]) else { continue }
            result[fields[2]] = (value, tolerance + IBSIReference.roundingAllowance(fields[3]))
        }
        return result
    }

    @Test(arguments: [("3.A", "force2D: true"), ("3.B", "resampledPixelSpacing: [1, 1, 1], interpolator: sitkBSpline")])
    func logStatisticsAreWithinTolerance(_ configuration: (String, String)) throws {
        guard let phantom = TestPaths.shared("ibsi/ibsi_1_ct_radiomics_phantom/nifti"),
              let table = try Self.references(configuration.0) else { return }
        let image = try NIfTI.read(phantom.appendingPathComponent("image/phantom.nii.gz")).volume
        let mask = PyRadiomicsCase.labels(try NIfTI.read(phantom.appendingPathComponent("mask/mask.nii.gz")).volume)
        let yaml = """
            setting: {mode: ibsi, additionalInfo: false, resegmentRange: [-1000, 400], \(configuration.1)}
            imageType: {LoG: {sigma: [1.5]}}
            featureClass: {firstorder: [\(Self.tags.values.sorted().joined(separator: ", "))]}
            """
        let features = try FeatureExtractor(parameters: try ExtractionParameters(yaml: yaml)).execute(image: image, mask: mask)
        var failures: [String] = []
        for (tag, name) in Self.tags {
            let reference = try #require(table[tag])
            let value = try #require(features["log-sigma-1-5-mm-3D_firstorder_\(name)"]?.number)
            if abs(value - reference.value) > reference.tolerance { failures.append("\(tag): \(value) vs \(reference.value) ± \(reference.tolerance)") }
        }
        #expect(failures.isEmpty, "\(configuration.0): \(failures)")
    }
}

/// IBSI mode filters only a crop of the grid (ROI box + the filters' reach): features must equal those of the
/// filter run on the whole image.
@Suite struct IBSIModeCropTests {
    @Test func cropFilteringEqualsWholeImageFiltering() throws {
        let (image, mask) = ImageTypeParameterTests.phantom()
        let parameters = try ExtractionParameters(yaml: """
            setting: {mode: ibsi, additionalInfo: false, binWidth: 10, filterPadding: mirror}
            imageType: {Original: {}, LoG: {sigma: [0.4]}}
            featureClass: {firstorder: null, glcm: [Contrast, JointEntropy]}
            """)
        let extractor = FeatureExtractor(parameters: parameters)
        let kept = try extractor.executeKeepingImages(image: image, mask: mask)
        let result = kept.features
        // The crop is real: ROI box i 4…9 + reach 2 + 1 → i 1…12 of 0…13.
        #expect(kept.images.first?.volume.size == Size3(12, 12, 10))
        // Whole-image reference: round, filter everything, crop to the ROI box, compute.
        let values = image.voxels.map { Double($0.rounded(.toNearestOrAwayFromZero)) }
        let response = IBSIFilters.laplacianOfGaussian(values: values, size: image.size, spacing: image.geometry.spacing,
                                                       sigma: 0.4, padding: .mirror)
        let box = try #require(mask.boundingBox(of: 1))
        var cropped: [Double] = []
        for k in box.lower.k...box.upper.k { for j in box.lower.j...box.upper.j { for i in box.lower.i...box.upper.i {
            cropped.append(response[image.size.offset(i, j, k)])
        } } }
        let roi = CroppedROI(size: box.size, spacing: image.geometry.spacing, values: cropped,
                             inROI: mask.cropped(to: box).voxels.map { $0 == 1 })
        let expected = extractor.features(of: roi, prefix: "log-sigma-0-4-mm-3D", settings: parameters.settings)
        #expect(expected.count == 20)
        for (key, value) in expected {
            let ours = try #require(result[key]?.number, "\(key)")
            #expect(abs(ours - value) <= 1e-9 * max(1, abs(value)), "\(key): \(ours) vs \(value)")
        }
        // Negative control: zero padding changes the response near the ROI border.
        let zero = IBSIFilters.laplacianOfGaussian(values: values, size: image.size, spacing: image.geometry.spacing,
                                                   sigma: 0.4, padding: .zero)
        #expect(zip(zero, response).contains { abs($0 - $1) > 1e-6 })
    }
}
