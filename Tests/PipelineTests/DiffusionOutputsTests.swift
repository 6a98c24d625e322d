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
    static func process(lowBCutoff: Double, fixture: String = "adc") throws -> URL {
        let out = try TestPaths.temporaryFolder()
        var configuration = ProcessConfiguration()
        configuration.features = false
        configuration.qa = false
        configuration.adcLowBCutoff = lowBCutoff
        let results = try StudyProcessing.run(input: TestPaths.testdata("dicom/diffusion/\(fixture)"), output: out, configuration: configuration)
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

    /// The ADC of `volumes` against the fixture's truth (800 + 50 j)·10⁻⁶ mm²/s: median and maximum relative error.
    static func adcErrors(_ volumes: URL) throws -> (median: Double, max: Double) {
        let names = try FileManager.default.contentsOfDirectory(atPath: volumes.path)
        let adc = try VolumeFiles.image(volumes.appendingPathComponent(try #require(names.first { $0.hasSuffix("_adc.nii.gz") })))
        var errors: [Double] = []
        for k in 0..<adc.size.k { for j in 0..<adc.size.j { for i in 0..<adc.size.i {
            errors.append(abs(Double(adc[i, j, k]) - (800 + 50 * Double(j))) / (800 + 50 * Double(j)))
        } } }
        return (errors.sorted()[errors.count / 2], errors.max() ?? 1)
    }

    /// The adc/ signal as a Philips classic DWI stores it: a repeated b = 0 written as b = 0.001, and the scanner's
    /// isotropic image (b = 800, orientation (0,0,0), (2001,1004) "I", 3× the signal) among the direction images. The
    /// isotropic image is written, marked ISOTROPIC, and never enters our trace or ADC; both b = 0 images make one
    /// trace-b0.
    @Test func philipsIsotropicImageAndRepeatedBZeroAreHandledAsDcm2niixDoes() throws {
        let volumes = try Self.process(lowBCutoff: 0, fixture: "philips_isotropic")
        defer { try? FileManager.default.removeItem(at: volumes.deletingLastPathComponent().deletingLastPathComponent()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: volumes.path)
        #expect(names.filter { $0.contains("_trace-b") && $0.hasSuffix(".nii.gz") }.sorted().map { $0.split(separator: "_").last! }
                == ["trace-b0.nii.gz", "trace-b400.nii.gz", "trace-b800.nii.gz"])
        var isotropic: [String] = []
        for name in names where name.hasSuffix(".json") && !name.contains("_trace-") && !name.hasSuffix("_adc.json") {
            let sidecar = try Self.json(volumes.appendingPathComponent(name))
            if sidecar["diffusionDirectionality"] as? String == "ISOTROPIC" {
                isotropic.append(String(name.dropLast(5)))
                #expect(sidecar["bValue"] as? Double == 800 && sidecar["diffusionDirection"] is NSNull)
            }
        }
        #expect(isotropic.count == 1)
        for map in ["_trace-b0.json", "_trace-b800.json", "_adc.json"] {
            let sidecar = try Self.json(volumes.appendingPathComponent(try #require(names.first { $0.hasSuffix(map) })))
            let from = try #require(sidecar["DerivedFrom"] as? [String])
            #expect(Set(from).isDisjoint(with: isotropic), "\(map)")
            #expect(from.count == ["_trace-b0.json": 2, "_trace-b800.json": 2, "_adc.json": 5][map], "\(map): \(from)")
        }
        let e = try Self.adcErrors(volumes)
        #expect(e.median <= 0.01 && e.max <= 0.02, "median \(e.median), max \(e.max)")
    }

    /// Liver DWI exported as b = 0 and one isotropic image per b-value (40, 400, 800; no direction images, as the
    /// public Philips b = 0/40/273/800 series): the isotropic images are the traces, the ADC is fitted to them and
    /// equals the truth; no trace copy is written for them.
    @Test("one isotropic image per b-value: they are the traces, and the ADC is fitted to them", arguments: [0.0, 100.0])
    func isotropicImagesAloneAreTheTraces(_ lowBCutoff: Double) throws {
        let volumes = try Self.process(lowBCutoff: lowBCutoff, fixture: "isotropic_only")
        defer { try? FileManager.default.removeItem(at: volumes.deletingLastPathComponent().deletingLastPathComponent()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: volumes.path)
        #expect(names.filter { $0.contains("_trace-b") && $0.hasSuffix(".nii.gz") }.map { $0.split(separator: "_").last! } == ["trace-b0.nii.gz"])
        let isotropic = try names.filter { $0.hasSuffix(".json") && !$0.contains("_trace-") && !$0.hasSuffix("_adc.json") }
            .filter { try Self.json(volumes.appendingPathComponent($0))["diffusionDirectionality"] as? String == "ISOTROPIC" }
        #expect(isotropic.count == 3)
        let adc = try Self.json(volumes.appendingPathComponent(try #require(names.first { $0.hasSuffix("_adc.json") })))
        #expect(adc["bValues"] as? [Double] == (lowBCutoff == 0 ? [0, 40, 400, 800] : [400, 800]))
        #expect((adc["DerivedFrom"] as? [String])?.count == (lowBCutoff == 0 ? 4 : 2))
        let e = try Self.adcErrors(volumes)
        #expect(e.median <= 0.01 && e.max <= 0.02, "median \(e.median), max \(e.max)")
    }

    /// A b = 0 image without any b-value attribute in a diffusion-weighted series (Canon/Toshiba) is b = 0, says so,
    /// and enters the trace and ADC.
    @Test func unstatedBValueInADiffusionSeriesIsBZero() throws {
        let volumes = try Self.process(lowBCutoff: 0, fixture: "missing_b")
        defer { try? FileManager.default.removeItem(at: volumes.deletingLastPathComponent().deletingLastPathComponent()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: volumes.path)
        let sidecars = try names.filter { $0.hasSuffix(".json") && !$0.contains("_trace-") && !$0.hasSuffix("_adc.json") }
            .map { try Self.json(volumes.appendingPathComponent($0)) }
        #expect(sidecars.count == 4)
        let assumed = sidecars.filter { $0["bValueAssumed"] as? Bool == true }
        #expect(assumed.count == 1 && assumed.first?["bValue"] as? Double == 0)
        #expect(names.contains { $0.hasSuffix("_trace-b0.nii.gz") })
        let e = try Self.adcErrors(volumes)
        #expect(e.median <= 0.01 && e.max <= 0.02, "median \(e.median), max \(e.max)")
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
