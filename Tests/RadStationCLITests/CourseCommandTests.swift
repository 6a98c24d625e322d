import DICOMBackend
import Foundation
import Pipeline
import VolumeIO
import Testing
import TestSupport
@testable import RadStationCLI

/// `process` of the `testdata/followup` baseline and follow-up, then `course`: `<out>/<patientKey>/response.json`
/// against `truth.json` (make_followup_study.py). Skipped (with a printed reason) when `elastix` is not on PATH.
@Suite struct CourseCommandTests {
    struct Truth: Decodable {
        var followup_lesion_ml: Double
        var followup_lipiodol_in_lesion_ml: Double
        var followup_off_target_ml: Double
        var lesion_radius_mm: Double
    }

    static var hasElastix: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        if path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/elastix") }) { return true }
        print("skipped: elastix is not on PATH (Debian package elastix)")
        return false
    }

    static func run(_ arguments: [String]) throws {
        var command = try RadStationCommand.parseAsRoot(arguments)
        try command.run()
    }

    /// Processes both fixture studies into a fresh folder (no features, no QA: the course needs neither).
    static func processFixture(extra: String = "") throws -> URL {
        let work = try TestPaths.temporaryFolder()
        let config = work.appendingPathComponent("pipeline.yaml")
        try ("features: false\nqa: false\n" + extra).write(to: config, atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("out")
        try run(["process", TestPaths.testdata("followup/baseline").path, TestPaths.testdata("followup/followup").path,
                 "--out", out.path, "--config", config.path, "--in-process", "--quiet"])
        return out
    }

    static func close(_ value: Double?, _ truth: Double, within fraction: Double) -> Bool {
        guard let value else { return false }
        return abs(value - truth) <= fraction * truth
    }

    @Test("process writes the patient's response.json: registered, target lesion carried, Lipiodol in and off target")
    func responseOfTheFixture() throws {
        guard Self.hasElastix else { return }
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: TestPaths.testdata("followup/truth.json")))
        let out = try Self.processFixture()
        let patients = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("pt-") }
        try #require(patients.count == 1)
        let folder = out.appendingPathComponent(patients[0])
        let data = try Data(contentsOf: folder.appendingPathComponent("response.json"))
        let response = try JSONDecoder().decode(PatientResponse.self, from: data)
        #expect(response.patient == patients[0])
        let followUp = try #require(response.followUps.first)
        #expect(response.followUps.count == 1 && followUp.daysSinceBaseline == 60)
        #expect(!followUp.registration.sameFrameOfReference && followUp.registration.method.hasPrefix("elastix"))
        #expect(followUp.registration.metric != nil)
        #expect(Self.close(followUp.targetLesionML, truth.followup_lesion_ml, within: 0.08), "target lesion \(followUp.targetLesionML) mL")
        let lipiodol = try #require(followUp.lipiodol)
        #expect(Self.close(lipiodol.inTargetML, truth.followup_lipiodol_in_lesion_ml, within: 0.10), "in target \(lipiodol.inTargetML) mL")
        #expect(Self.close(lipiodol.offTargetML, truth.followup_off_target_ml, within: 0.10), "off target \(String(describing: lipiodol.offTargetML)) mL")
        #expect(lipiodol.thresholdHU == 100 && lipiodol.coverage > 0.15 && lipiodol.coverage < 0.30)
        // No arterial phase in the fixture: viable tumour and necrosis rate are null, and written as null.
        #expect(followUp.viable == nil && followUp.necrosisRate == nil && response.baseline.d1MM == nil)
        let sphere = 4.0 / 3.0 * Double.pi * pow(truth.lesion_radius_mm, 3) / 1000
        #expect(Self.close(response.baseline.tumourML, sphere, within: 0.08))
        #expect(Self.close(response.baseline.bigD1MM, 2 * truth.lesion_radius_mm, within: 0.15))

        // The cohort dashboard, rebuilt after the course, shows the follow-up's coverage.
        let page = try String(contentsOf: out.appendingPathComponent("cohort/index.html"), encoding: .utf8)
        #expect(page.contains(String(format: "Lipiodol %.1f %%", 100 * lipiodol.coverage)), "dashboard")

        // Exactly the keys of issue 17.
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["patient", "baseline", "followUps"])
        #expect(Set((object["baseline"] as? [String: Any])?.keys ?? [:].keys) == ["study", "tumourML", "D1MM", "d1MM"])
        let first = try #require((object["followUps"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["study", "daysSinceBaseline", "registration", "targetLesionML", "lipiodol", "viable", "necrosisRate"])
        #expect(Set((first["registration"] as? [String: Any])?.keys ?? [:].keys) == ["method", "metric", "sameFrameOfReference"])
        #expect(Set((first["lipiodol"] as? [String: Any])?.keys ?? [:].keys) == ["thresholdHU", "inTargetML", "coverage", "offTargetML"])

        // No patient value anywhere in the patient folder (the fixture's sentinel tags, dates and UID root).
        let sentinels = ["FOLLOWUP", "FU0001", "FUACC", "20260105", "20260306", "2026-01-05", "2026-03-06", "19700101",
                         "1.2.826.0.1.3680043.10.1411"]
        let files = FileManager.default.subpaths(atPath: folder.path) ?? []
        #expect(files.contains("qa/index.html") && files.contains("qa/checkerboard-1.png"))
        for name in files {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            for sentinel in sentinels {
                #expect(bytes.range(of: Data(sentinel.utf8)) == nil, "\(name) holds \(sentinel)")
                #expect(!name.contains(sentinel), "a file name holds \(sentinel)")
            }
        }
    }

    /// The course Lipiodol SEG of `out`'s only patient, read back with the repository's SEG reader: segments
    /// "Lipiodol" and "Off-target Lipiodol" (algorithms named by the default half-maximum boundary) on the follow-up's grid, voxel for voxel the NIfTI masks beside it,
    /// their voxel counts those of `response.json`'s `inTargetML` and `offTargetML`.
    static func expectLipiodolSEG(in out: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let patient = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("pt-") },
                                   sourceLocation: sourceLocation)
        let folder = out.appendingPathComponent(patient)
        let record = try JSONDecoder().decode(PatientCourseOutput.CourseRecord.self, from: Data(contentsOf: folder.appendingPathComponent("course.json")))
        let response = try JSONDecoder().decode(PatientResponse.self, from: Data(contentsOf: folder.appendingPathComponent("response.json")))
        let followUp = try #require(record.followUps.first, sourceLocation: sourceLocation)
        #expect(followUp.files?.contains("lipiodol-seg.dcm") == true, "\(followUp.warnings)", sourceLocation: sourceLocation)
        let files = folder.appendingPathComponent("followups/\(followUp.study)")
        let lipiodol = try NIfTI.readLabels(files.appendingPathComponent("lipiodol.nii.gz"))
        let offTarget = try NIfTI.readLabels(files.appendingPathComponent("off-target-lipiodol.nii.gz"))
        let seg = try DICOMSegmentation.read(path: files.appendingPathComponent("lipiodol-seg.dcm").path)
        let masks = try seg.masks(onto: lipiodol.geometry)
        #expect(masks.map(\.description.label) == ["Lipiodol", "Off-target Lipiodol"], sourceLocation: sourceLocation)
        #expect(masks.map(\.description.algorithmName) == ["RadStation lipiodol half maximum", "RadStation course lipiodol half maximum"],
                "named by the default boundary", sourceLocation: sourceLocation)
        #expect(masks.first?.binary.voxels == lipiodol.voxels && masks.last?.binary.voxels == offTarget.voxels, sourceLocation: sourceLocation)
        let voxelML = lipiodol.geometry.spacing.x * lipiodol.geometry.spacing.y * lipiodol.geometry.spacing.z / 1000
        let measured = try #require(response.followUps.first?.lipiodol, sourceLocation: sourceLocation)
        let counts = masks.map { $0.binary.count(of: 1) }
        #expect(counts.count == 2 && counts.allSatisfy { $0 > 0 }, "\(counts)", sourceLocation: sourceLocation)
        #expect(abs(Double(counts.first ?? 0) * voxelML - measured.inTargetML) < 1e-6, sourceLocation: sourceLocation)
        #expect(abs(Double(counts.last ?? 0) * voxelML - (measured.offTargetML ?? -1)) < 1e-6, sourceLocation: sourceLocation)
    }

    @Test("dicom_seg: process writes the course's Lipiodol as a DICOM SEG on the follow-up's series, read back to the same voxels; course writes it with --dicom")
    func lipiodolSEG() throws {
        guard Self.hasElastix else { return }
        let out = try Self.processFixture(extra: "dicom_seg: true\n")
        try Self.expectLipiodolSEG(in: out)
        let patient = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("pt-") })
        let segFile = out.appendingPathComponent(patient).appendingPathComponent("followups")
        let config = out.deletingLastPathComponent().appendingPathComponent("pipeline.yaml")
        // `course` without the DICOM inputs cannot write it: the folder is rebuilt without the SEG.
        let plain = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration.parse("dicom_seg: true\n"))
        #expect(plain.rebuilt == 1)
        #expect(!(FileManager.default.subpaths(atPath: segFile.path) ?? []).contains { $0.hasSuffix("lipiodol-seg.dcm") })
        // With them (`--dicom`, as many as the studies came from), the same SEG is back, published with the folder.
        try Self.run(["course", out.path, "--config", config.path, "--dicom", TestPaths.testdata("followup/baseline").path,
                      "--dicom", TestPaths.testdata("followup/followup").path])
        try Self.expectLipiodolSEG(in: out)
        let again = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration.read(config),
                                                    dicomFolders: [TestPaths.testdata("followup/followup")])
        #expect(again.unchanged == 1 && again.rebuilt == 0)
    }

    @Test("course leaves an up-to-date patient folder untouched and rebuilds it when a course threshold changes")
    func idempotent() throws {
        guard Self.hasElastix else { return }
        let out = try Self.processFixture()
        // The studies were processed with features and QA off: keys the course does not use.
        let unchanged = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration())
        #expect(unchanged.patients == 1 && unchanged.unchanged == 1 && unchanged.rebuilt == 0 && unchanged.problems.isEmpty)
        var margin = ProcessConfiguration()
        margin.lipiodolMarginMM = 3
        let rebuilt = try PatientCourseOutput.rebuild(output: out, configuration: margin)
        #expect(rebuilt.rebuilt == 1 && rebuilt.problems.isEmpty)
        try Self.run(["course", out.path])
        let again = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration())
        #expect(again.unchanged == 1 && again.rebuilt == 0)
    }

    @Test("watch rebuilds the patient's course when the second study of the patient is published",
          arguments: [false, true])
    func watchBuildsTheCourse(dicomSEG: Bool) throws {
        guard Self.hasElastix else { return }
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let export = root.appendingPathComponent("export"), out = root.appendingPathComponent("out")
        for name in ["baseline", "followup"] {
            try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: TestPaths.testdata("followup/\(name)"), to: export.appendingPathComponent(name))
        }
        let config = root.appendingPathComponent("pipeline.yaml")
        try ("features: false\nqa: false\n" + (dicomSEG ? "dicom_seg: true\n" : "")).write(to: config, atomically: true, encoding: .utf8)
        try Self.run(["watch", export.path, "--out", out.path, "--config", config.path, "--quiet-seconds", "1",
                      "--grace-seconds", "0.5", "--poll-seconds", "0.2", "--once", "--log-format", "json"])
        let patients = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("pt-") }
        try #require(patients.count == 1)
        let response = try JSONDecoder().decode(PatientResponse.self,
                                                from: Data(contentsOf: out.appendingPathComponent("\(patients[0])/response.json")))
        #expect(response.followUps.count == 1 && response.followUps.first?.lipiodol != nil)
        // dicom_seg: the course's Lipiodol SEG from the export folder's DICOM files, as `process` writes it.
        let files = FileManager.default.subpaths(atPath: out.appendingPathComponent(patients[0]).path) ?? []
        if dicomSEG { try Self.expectLipiodolSEG(in: out) } else { #expect(!files.contains { $0.hasSuffix(".dcm") }) }
    }
}
