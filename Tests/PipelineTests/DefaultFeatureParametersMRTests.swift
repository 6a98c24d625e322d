import Foundation
import Pipeline
import Testing
import TestSupport

/// The MR preset's text is the parameter file PyRadiomics 3.1.0 was run with for `testdata/pyradiomics-mr`.
@Suite struct DefaultFeatureParametersMRTests {
    @Test func mrPresetIsTheFilePyRadiomicsRan() throws {
        let file = try String(contentsOf: TestPaths.testdata("pyradiomics-mr/mr-1688.yaml"), encoding: .utf8)
        #expect(DefaultFeatureParameters.mrYAML.trimmingCharacters(in: .whitespacesAndNewlines) == file.trimmingCharacters(in: .whitespacesAndNewlines))
        let parameters = try DefaultFeatureParameters.mrParameters()
        #expect(parameters.settings.normalize && parameters.settings.normalizeScale == 100)
    }
}
