import DICOMBackend
import Foundation
import MaskMorphology
import Testing
import TestSupport
@testable import Pipeline
import VolumeModule

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
        #expect(manifest.inputs.count == 93)
        #expect(manifest.outputs.contains { $0.file == "qa/index.html" })
        #expect(manifest.outputs.filter { $0.file.hasPrefix("volumes/") && $0.file.hasSuffix(".nii.gz") }.count == 4)
        for output in manifest.outputs {
            #expect(ContentHash.sha256(file: report.folder.appendingPathComponent(output.file)) == output.sha256, "\(output.file)")
        }
        // The demo's SEG (liver, tumour on the arterial phase) runs every stage. The demo is its patient's only
        // study, so it is pre-treatment and nothing is called Lipiodol; the 3 mm band is empty on
        // 5.75 × 6.25 × 5 mm voxels, and says so.
        #expect(manifest.stages.map(\.name) == ["volumes", "align", "segmentations", "derived", "features", "qa"])
        #expect(manifest.stages.allSatisfy { $0.status == "done" })
        #expect(manifest.stages.first { $0.name == "derived" }?.note?.contains("; Lipiodol not measured: pre-treatment") == true)
        #expect(manifest.context?.treatment == .preTreatment && manifest.context?.patientKey.hasPrefix("pt-") == true)
        let measurements = try JSONDecoder().decode(MaskDerivation.Measurements.self,
                                                    from: Data(contentsOf: report.folder.appendingPathComponent("derived/measurements.json")))
        #expect(measurements.lipiodol == nil && measurements.lipiodolStatus == "not measured: pre-treatment")
        #expect(!manifest.outputs.contains { $0.file.contains("lipiodol") })
        #expect(manifest.warnings.contains { $0.hasPrefix("the shell band is empty") })
        #expect(manifest.outputs.filter { $0.file.hasPrefix("aligned/") && !$0.file.hasSuffix("-valid.nii.gz") }.count == 4)
        // Nothing else beside the study and the state folder; no temporary left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".radstation", report.studyKey])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".radstation").path).sorted()
                == ["patients.json", "patients.lock", "pseudonym.key", "publish.lock"])

        let again = try StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out)
        #expect(again.first?.unchanged == true)
        // A different configuration is a new version of the outputs.
        var configuration = ProcessConfiguration()
        configuration.qa = false
        let changed = try StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out, configuration: configuration)
        #expect(changed.first?.unchanged == false)
        #expect(!FileManager.default.fileExists(atPath: report.folder.appendingPathComponent("qa").path))
    }

    @Test("treatments.csv makes the demo post-treatment: Lipiodol measured on the unenhanced phase, not the arterial one")
    func postTreatment() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = TestPaths.testdata("demo-study"), out = root.appendingPathComponent("out")
        var configuration = try ProcessConfiguration.parse("qa: false\nfeatures: false\n")
        // The demo's StudyDate is 2026-01-01: a TACE the month before makes it post-treatment.
        configuration.treatments = try Treatments.write(for: input, firstTACE: "2025-12-01", in: root).path
        let report = try #require(try StudyProcessing.run(input: input, output: out, configuration: configuration).first)
        #expect(report.manifest.context?.treatment == .postTreatment && report.manifest.context?.treatmentRule == "treatments.csv")
        // Measured on the unenhanced phase (no Lipiodol there: 0), not on the arterial one, where the
        // enhancing tumour (120 HU) would pass the 100 HU threshold.
        #expect(report.manifest.stages.first { $0.name == "derived" }?.note?.contains("; Lipiodol measured on se-") == true)
        let measurements = try JSONDecoder().decode(MaskDerivation.Measurements.self,
                                                    from: Data(contentsOf: report.folder.appendingPathComponent("derived/measurements.json")))
        #expect(measurements.lipiodol?.lipiodolVoxelCount == 0 && measurements.lipiodol?.tumourVoxelCount == 78)
        #expect(measurements.lipiodolStatus?.hasPrefix("measured on se-") == true)
        // The treatments file never reaches an output; its effect is the context, so the same inputs and
        // configuration with a TACE after the study are a new version (pre-treatment, no Lipiodol).
        let tree = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".radstation") }
        for file in tree where file.hasSuffix(".json") || file.hasSuffix(".csv") || file.hasSuffix(".html") {
            let text = (try? String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(!text.contains("DEMO0001") && !text.contains("2025-12-01") && !text.contains("20251201"), "\(file)")
        }
        #expect(try StudyProcessing.run(input: input, output: out, configuration: configuration).first?.unchanged == true)
        configuration.treatments = try Treatments.write(for: input, firstTACE: "2026-02-01", in: root).path
        let later = try #require(try StudyProcessing.run(input: input, output: out, configuration: configuration).first)
        #expect(!later.unchanged && later.manifest.context?.treatment == .preTreatment)
    }

    @Test("a tumour on a contrast phase with no unenhanced CT: Lipiodol is not measured, with a warning")
    func noUnenhancedPhase() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.copyItem(at: TestPaths.testdata("demo-study"), to: input)
        // The unenhanced series is the demo's series number 2 (tools/fixtures/make_fixtures.py DEMO_PHASES).
        let plain = try #require(try FolderScan.scan(input).instances.first { $0.seriesNumber == 2 })
        try FileManager.default.removeItem(at: URL(fileURLWithPath: plain.path).deletingLastPathComponent())
        var configuration = try ProcessConfiguration.parse("features: false\nqa: false\n")
        configuration.treatments = try Treatments.write(for: input, firstTACE: "2025-12-01", in: root).path
        let report = try #require(try StudyProcessing.run(input: input, output: root.appendingPathComponent("out"), configuration: configuration).first)
        #expect(report.manifest.stages.first { $0.name == "derived" }?.status == "done")
        #expect(report.manifest.warnings.contains { $0.hasPrefix("Lipiodol not measured: the tumour lies on the arterial phase") })
        let files = Set(report.manifest.outputs.map(\.file))
        #expect(files.contains("derived/measurements.json") && !files.contains("derived/lipiodol.nii.gz"))
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
        #expect(!ProcessConfiguration().dicomSeg)
        #expect(try ProcessConfiguration.parse("dicom_seg: true").dicomSeg)
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("dicom_seg: maybe") }
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("dicomseg: true") }
        #expect(ProcessConfiguration().hash != parsed.hash)
    }
}

@Suite("StudyProcessing with segmentations")
struct StudyProcessingSegmentationTests {
    @Test("an RTSTRUCT study goes through every stage: masks on the image grid, derived masks, features, QA")
    func rtstructStudy() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in"), out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestPaths.testdata("rtstruct/ct_axial"), to: input.appendingPathComponent("ct"))
        try FileManager.default.copyItem(at: TestPaths.testdata("rtstruct/rtstruct_axial.dcm"), to: input.appendingPathComponent("rs.dcm"))
        var configuration = try ProcessConfiguration.parse("dicom_seg: true")
        configuration.treatments = try Treatments.write(for: input, firstTACE: "1900-01-01", in: root).path
        let report = try #require(try StudyProcessing.run(input: input, output: out, configuration: configuration).first)
        let status = Dictionary(uniqueKeysWithValues: report.manifest.stages.map { ($0.name, $0.status) })
        #expect(status == ["volumes": "done", "align": "done", "segmentations": "done", "derived": "done", "features": "done", "qa": "done"])
        let files = Set(report.manifest.outputs.map(\.file))
        #expect(files.contains("derived/measurements.json") && files.contains("features/features.csv") && files.contains("qa/tumour-montage.png"))
        #expect(files.contains("qa/shell-map.png"))
        // Derived masks as DICOM SEG on the tumour's series (asked for), read back by our reader.
        #expect(files.contains("derived/derived-seg.dcm"))
        let seg = try DICOMSegmentation.read(path: report.folder.appendingPathComponent("derived/derived-seg.dcm").path)
        #expect(seg.descriptions.map(\.label) == ["Lipiodol", "Shell band", "Peritumoral ring"])
        let derivedBand = try VolumeFiles.labels(report.folder.appendingPathComponent("derived/shell-band.nii.gz"))
        let segBand = try #require(try seg.masks(onto: derivedBand.geometry).dropFirst().first)
        #expect(segBand.binary.voxels == derivedBand.voxels)
        let measurements = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report.folder.appendingPathComponent("derived/measurements.json"))) as? [String: Any])
        #expect((measurements["tumour"] as? [String: Any])?["meshVolumeML"] is Double)
        let page = try String(contentsOf: report.folder.appendingPathComponent("qa/index.html"), encoding: .utf8)
        #expect(page.contains("tumour volume") && page.contains("lipiodol coverage"))
        // Every mask lies on exactly the image's grid.
        let image = try VolumeFiles.image(report.folder.appendingPathComponent(try #require(files.first { $0.hasPrefix("volumes/") && $0.hasSuffix(".nii.gz") })))
        let masks = files.filter { $0.hasPrefix("masks/") && $0.hasSuffix(".nii.gz") }
        #expect(masks.count == 4)
        for m in masks {
            let mask = try VolumeFiles.labels(report.folder.appendingPathComponent(m))
            #expect(mask.geometry.isCongruent(with: image.geometry, tolerance: 1e-6), "\(m)")
        }
    }

    @Test("by default (dicom_seg: false) the derived masks are NIfTI only")
    func withoutDicomSeg() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestPaths.testdata("rtstruct/ct_axial"), to: input.appendingPathComponent("ct"))
        try FileManager.default.copyItem(at: TestPaths.testdata("rtstruct/rtstruct_axial.dcm"), to: input.appendingPathComponent("rs.dcm"))
        var configuration = try ProcessConfiguration.parse("features: false\nqa: false\n")
        configuration.treatments = try Treatments.write(for: input, firstTACE: "2025-12-01", in: root).path
        let report = try #require(try StudyProcessing.run(input: input, output: root.appendingPathComponent("out"), configuration: configuration).first)
        let files = Set(report.manifest.outputs.map(\.file))
        #expect(files.contains("derived/shell-band.nii.gz"))
        #expect(!files.contains("derived/derived-seg.dcm"))
    }
}

/// Writes a `treatments.csv` naming the PatientID of the first instance in `input` with a first TACE date.
enum Treatments {
    static func write(for input: URL, firstTACE date: String, in folder: URL) throws -> URL {
        let id = try #require(try FolderScan.scan(input).instances.compactMap(\.identity.patientID).first)
        let url = folder.appendingPathComponent("treatments.csv")
        try "PatientID,FirstTACEDate\n\(id),\(date)\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
