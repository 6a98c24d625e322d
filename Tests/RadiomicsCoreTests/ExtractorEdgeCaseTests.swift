import Foundation
import RadiomicsCore
import Testing
import VolumeModule
import TestSupport

/// Behaviour on degenerate inputs, as PyRadiomics 3.1.0: clear errors for an absent label, a single voxel or a
/// too-thin ROI; defined values for a flat ROI.
@Suite struct ExtractorEdgeCaseTests {
    static let geometry = VolumeGeometry(size: Size3(6, 5, 4), spacing: Vector3(0.8, 0.7, 2.5), origin: Vector3(0, 0, 0))

    static func ramp() -> Volume<Float> {
        Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { Float(($0 * 37) % 101) })
    }

    static func mask(_ voxels: [(Int, Int, Int)], label: UInt8 = 1) -> Mask {
        var mask = Mask(geometry: geometry, repeating: 0)
        for v in voxels { mask[v.0, v.1, v.2] = label }
        return mask
    }

    @Test func absentLabelIsAClearError() {
        #expect(throws: RadiomicsError.labelAbsent(label: 2)) {
            try FeatureExtractor().execute(image: Self.ramp(), mask: Self.mask([(1, 1, 1)]), label: 2)
        }
    }

    @Test func singleVoxelIsRefused() {
        #expect(throws: RadiomicsError.roiTooFewDimensions(dimensions: 0, required: 2)) {
            try FeatureExtractor().execute(image: Self.ramp(), mask: Self.mask([(1, 1, 1)]))
        }
    }

    @Test func lineROIFailsTwoDimensionMinimumButPassesWithOne() throws {
        let line = Self.mask([(1, 1, 1), (2, 1, 1), (3, 1, 1)])
        #expect(throws: RadiomicsError.roiTooFewDimensions(dimensions: 1, required: 2)) {
            try FeatureExtractor().execute(image: Self.ramp(), mask: line)
        }
        var parameters = ExtractionParameters()
        parameters.settings.minimumROIDimensions = 1
        let result = try FeatureExtractor(parameters: parameters).execute(image: Self.ramp(), mask: line)
        #expect(result["original_shape_VoxelVolume"]?.number.map { abs($0 - 3 * 0.8 * 0.7 * 2.5) < 1e-12 } == true)
    }

    @Test func flatROIGivesPyRadiomicsValues() throws {
        let flat = Volume<Float>(geometry: Self.geometry, repeating: 40)
        let cube = Self.mask([(1, 1, 1), (2, 1, 1), (1, 2, 1), (2, 2, 1), (1, 1, 2), (2, 1, 2), (1, 2, 2), (2, 2, 2)])
        let result = try FeatureExtractor().execute(image: flat, mask: cube)
        #expect(result["original_firstorder_Skewness"]?.number == 0)
        #expect(result["original_firstorder_Kurtosis"]?.number == 0)
        #expect(result["original_firstorder_Entropy"]?.number.map { abs($0) < 1e-12 } == true)
        #expect(result["original_glcm_Correlation"]?.number == 1)
        #expect(result["original_glcm_MCC"]?.number == 1)
        #expect(result["original_ngtdm_Coarseness"]?.number == 1e6)
        #expect(result["original_glszm_ZonePercentage"]?.number == 1.0 / 8)
    }

    @Test func mismatchedGeometryIsRefused() {
        var other = Self.geometry
        other.origin = Vector3(0, 0, 1)
        let mask = Mask(geometry: other, voxels: Self.mask([(1, 1, 1), (2, 2, 2)]).voxels)
        #expect(throws: RadiomicsError.self) { try FeatureExtractor().execute(image: Self.ramp(), mask: mask) }
    }

    @Test func parameterFileKeysAreValidated() throws {
        #expect(throws: RadiomicsError.unknownParameter(section: "setting", key: "binwidth")) {
            try ExtractionParameters(yaml: "setting:\n  binwidth: 25\n")
        }
        #expect(throws: RadiomicsError.unknownFeature(featureClass: "glcm", feature: "Entropy")) {
            try ExtractionParameters(yaml: "featureClass:\n  glcm: [Entropy]\n")
        }
        let p = try ExtractionParameters(yaml: "setting:\n  binWidth: 10\n  label: 2\nfeatureClass:\n  firstorder:\n  glcm: [Contrast, Idm]\n")
        #expect(p.settings.binWidth == 10 && p.settings.label == 2)
        #expect(p.featureClasses.map(\.featureClass) == [.firstorder, .glcm])
        #expect(p.featureClasses[1].features == ["Contrast", "Idm"])
    }

    @Test func exampleParameterFilesParse() throws {
        guard let folder = TestSupport.TestPaths.shared("pyradiomics/exampleSettings") else { return }
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self, "\(file)") { _ = try ExtractionParameters(yaml: text) }
        }
    }
}
