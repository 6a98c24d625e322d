import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// `process` of the synthetic liver MR study (`tools/fixtures/make_mr_liver_fixtures.py`: 10 series, a tumour SEG on
/// the T2 TSE): MR sequences aligned through patient coordinates under sequence names, the MR preset's 1688 features
/// of the tumour on every sequence, sidecars with the MR identification and BIDS fields.
@Suite struct MRProcessTests {
    @Test func mrStudyIsAlignedAndEverySequenceGetsTheTumourFeatures() throws {
        let out = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = ProcessConfiguration()
        configuration.qa = false
        let results = try StudyProcessing.run(input: TestPaths.testdata("dicom/mr_liver"), output: out, configuration: configuration)
        let folder = try #require(results.first?.folder)
        let manifest = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
        let stages = try #require(manifest["stages"] as? [[String: Any]])
        #expect(stages.allSatisfy { ($0["status"] as? String) != "failed" }, "\(stages)")
        // Alignment under sequence labels.
        let aligned = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("aligned").path)
        for label in ["t1w_arterial.nii.gz", "t1w_portal_venous.nii.gz", "t1w_hepatobiliary.nii.gz", "dwi_b800.nii.gz", "adc.nii.gz"] {
            #expect(aligned.contains(label), "\(aligned.sorted())")
        }
        // Features: the tumour on its T2 and on the 12 other sequences, 1688 each (the MR preset), the scanner's ADC
        // map (ImageType DERIVED\PRIMARY\DIFFUSION\ADC) among them.
        let index = try #require(FeatureExtractionIndex.read(folder.appendingPathComponent("features/extractions.json")))
        #expect(index.extractions.count == 13)
        #expect(index.extractions.allSatisfy { $0.features == 1688 && $0.roi == "tumour" })
        #expect(index.extractions[0].file == "features/features.csv" && index.extractions[0].phase == "T2W")
        #expect(Set(index.extractions.map(\.phase)).isSuperset(of: ["T2W", "DWI_B800", "ADC", "T1W_ARTERIAL", "T1W_HEPATOBILIARY", "T1W_TRANSITIONAL"]))
        // Every series of the fixture holds the same pixels on the same grid: the carried mask must give the same values.
        let reference = try String(contentsOf: folder.appendingPathComponent("features/features.csv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("diagnostics_") }
        #expect(reference.contains { $0.hasPrefix("exponential_glcm_Contrast,") })
        for extraction in index.extractions.dropFirst() {
            let rows = try String(contentsOf: folder.appendingPathComponent(extraction.file), encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("diagnostics_") }
            #expect(rows == reference, "\(extraction.file)")
        }
        // Sidecars of MR volumes carry the identification and BIDS fields.
        let volumes = folder.appendingPathComponent("volumes")
        let sidecars = try FileManager.default.contentsOfDirectory(atPath: volumes.path).filter { $0.hasSuffix("_1.json") }
        let t2 = try sidecars.compactMap { name -> [String: Any]? in
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: volumes.appendingPathComponent(name))) as? [String: Any]
            return ((json?["mrSequence"] as? [String: Any])?["sequence"] as? String) == "T2W" ? json : nil
        }
        #expect(t2.count == 2)
        #expect(t2.contains { (($0["bids"] as? [String: Any])?["EchoTime"] as? Double) == 0.09 })
    }

    /// `mr_sequences` overrides the header rules, for the sidecar, the aligned file name and the feature rows.
    @Test func configurationOverridesASequence() throws {
        let out = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = ProcessConfiguration()
        configuration.qa = false
        configuration.features = false
        let first = try #require(try StudyProcessing.run(input: TestPaths.testdata("dicom/mr_liver"), output: out, configuration: configuration).first?.folder)
        // The keyword-only T2 (low confidence) by its sidecar.
        let volumes = first.appendingPathComponent("volumes")
        func sidecar(_ name: String) throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(contentsOf: volumes.appendingPathComponent(name))) as? [String: Any])
        }
        let described = try #require(try FileManager.default.contentsOfDirectory(atPath: volumes.path).filter { $0.hasSuffix("_1.json") }.first {
            ((try sidecar($0)["mrSequence"] as? [String: Any])?["rule"] as? String) == "seriesKeywords"
        })
        let seriesKey = String(described.split(separator: "_")[0])
        configuration.mrSequences = [seriesKey: .protonDensity]
        #expect(try ProcessConfiguration.parse("mr_sequences: {\(seriesKey): pd}").mrSequences == [seriesKey: .protonDensity])
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("mr_sequences: {\(seriesKey): T3}") }
        let second = try #require(try StudyProcessing.run(input: TestPaths.testdata("dicom/mr_liver"), output: out, configuration: configuration).first?.folder)
        let overridden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: second.appendingPathComponent("volumes/" + described))) as? [String: Any])
        let mr = try #require(overridden["mrSequence"] as? [String: Any])
        #expect(mr["sequence"] as? String == "PDW" && mr["rule"] as? String == "override")
        #expect(FileManager.default.fileExists(atPath: second.appendingPathComponent("aligned/pdw.nii.gz").path))
    }
}
