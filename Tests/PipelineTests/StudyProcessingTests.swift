import Foundation
import Testing
import TestSupport
@testable import Pipeline

@Suite("StudyProcessing")
struct StudyProcessingTests {
    @Test("the demo study gives one published tree whose manifest hashes verify; a second run does no work")
    func demo() throws {
        let out = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let reports = try StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out)
        #expect(reports.count == 1)
        let report = try #require(reports.first)
        #expect(!report.unchanged && report.isComplete)
        let manifest = try #require(StudyManifest.read(report.folder.appendingPathComponent("manifest.json")))
        #expect(manifest.inputs.count == 92)
        #expect(manifest.outputs.contains { $0.file == "qa/index.html" })
        #expect(manifest.outputs.filter { $0.file.hasPrefix("volumes/") && $0.file.hasSuffix(".nii.gz") }.count == 4)
        for output in manifest.outputs {
            #expect(ContentHash.sha256(file: report.folder.appendingPathComponent(output.file)) == output.sha256, "\(output.file)")
        }
        #expect(manifest.stages.map(\.status).allSatisfy { $0 == "done" })
        // Nothing else beside the study and the state folder; no temporary left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".radstation", report.studyKey])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".radstation").path) == ["pseudonym.key"])

        let again = try StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out)
        #expect(again.first?.unchanged == true)
        // A different configuration is a new version of the outputs.
        var configuration = ProcessConfiguration()
        configuration.qa = false
        let changed = try StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out, configuration: configuration)
        #expect(changed.first?.unchanged == false)
        #expect(!FileManager.default.fileExists(atPath: report.folder.appendingPathComponent("qa").path))
    }

    @Test("configuration: documented defaults; unknown keys and bad values are named before any work")
    func configuration() throws {
        #expect(try ProcessConfiguration.parse("") == ProcessConfiguration())
        let parsed = try ProcessConfiguration.parse("format: nrrd\nshell_mm: [2, 4]\nring_mm: 10\nqa: false\n")
        #expect(parsed.format == .nrrd && parsed.shellMM == [2, 4] && parsed.ringMM == 10 && !parsed.qa)
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("shel_mm: [3, 3]") }
        do {
            _ = try ProcessConfiguration.parse("shel_mm: [3, 3]")
        } catch {
            #expect("\(error)".contains("shel_mm"))
        }
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("shell_mm: [3]") }
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("ring_mm: -1") }
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("format: dicom") }
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("feature_parameters: /nonexistent.yaml") }
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("- a list") }
        #expect(ProcessConfiguration().hash != parsed.hash)
    }
}
