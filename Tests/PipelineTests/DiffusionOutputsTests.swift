import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import Pipeline

@Suite("process: trace-weighted images and ADC of a DWI series")
struct DiffusionOutputsTests {
    /// Processes `testdata/dicom/diffusion/adc` (b = 0, 400 +x, 800 +x, 800 +y; pixel (i, j) of slice s is
    /// round((1500 + 10i + 50s)·e^(−b·D)) with D = (0.8 + 0.05 j)·10⁻³ mm²/s, tools/fixtures/make_diffusion_fixtures.py)
    /// and returns the study's `volumes/` folder.
    static func process(lowBCutoff: Double) throws -> URL {
        let out = try TestPaths.temporaryFolder()
        var configuration = ProcessConfiguration()
        configuration.features = false
        configuration.qa = false
        configuration.adcLowBCutoff = lowBCutoff
        let results = try StudyProcessing.run(input: TestPaths.testdata("dicom/diffusion/adc"), output: out, configuration: configuration)
        return try #require(results.first?.folder).appendingPathComponent("volumes")
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("the ADC map equals the generator's diffusivity within 1 % (10⁻⁶ mm²/s); one trace per b-value; sidecars name their sources", arguments: [0.0, 100.0])
    func adcAndTraces(_ lowBCutoff: Double) throws {
        let volumes = try Self.process(lowBCutoff: lowBCutoff)
        defer { try? FileManager.default.removeItem(at: volumes.deletingLastPathComponent().deletingLastPathComponent()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: volumes.path)
        let adcName = try #require(names.first { $0.hasSuffix("_adc.nii.gz") })
        #expect(names.filter { $0.contains("_trace-b") && $0.hasSuffix(".nii.gz") }.sorted().map { $0.split(separator: "_").last! }
                == ["trace-b0.nii.gz", "trace-b400.nii.gz", "trace-b800.nii.gz"])
        let adc = try VolumeFiles.image(volumes.appendingPathComponent(adcName))
        var errors: [Double] = []
        for k in 0..<adc.size.k { for j in 0..<adc.size.j { for i in 0..<adc.size.i {
            let truth = 800 + 50 * Double(j)
            errors.append(abs(Double(adc[i, j, k]) - truth) / truth)
        } } }
        let median = errors.sorted()[errors.count / 2]
        #expect(median <= 0.01 && (errors.max() ?? 1) <= 0.02, "median \(median), max \(errors.max() ?? -1)")
        // Sidecars: what each map was computed from, no direction.
        let adcSidecar = try Self.json(volumes.appendingPathComponent(adcName.replacingOccurrences(of: ".nii.gz", with: ".json")))
        #expect(adcSidecar["kind"] as? String == "ADC" && adcSidecar["units"] as? String == "1e-6 mm^2/s")
        #expect(adcSidecar["bValues"] as? [Double] == (lowBCutoff == 0 ? [0, 400, 800] : [400, 800]))
        #expect((adcSidecar["DerivedFrom"] as? [String])?.count == (lowBCutoff == 0 ? 4 : 3))
        #expect(adcSidecar.keys.contains("diffusionDirection") && adcSidecar["diffusionDirection"] is NSNull)
        let trace = try #require(names.first { $0.hasSuffix("_trace-b800.json") })
        let traceSidecar = try Self.json(volumes.appendingPathComponent(trace))
        #expect(traceSidecar["kind"] as? String == "TRACEW" && traceSidecar["bValue"] as? Double == 800)
        #expect((traceSidecar["DerivedFrom"] as? [String])?.count == 2)
    }

    @Test("a negative or non-finite adc_low_b_cutoff is refused before any work")
    func badCutoffIsAConfigurationError() {
        var configuration = ProcessConfiguration()
        configuration.adcLowBCutoff = -1
        #expect(throws: PipelineError.self) { try configuration.validate() }
        configuration.adcLowBCutoff = .nan
        #expect(throws: PipelineError.self) { try configuration.validate() }
    }
}
