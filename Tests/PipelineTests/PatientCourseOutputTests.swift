import DICOMBackend
import Foundation
import MaskMorphology
import Registration
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

/// The patient course on hand-made published study folders in one frame of reference (patient coordinates, no
/// elastix): unenhanced + arterial phases at both timepoints, Lipiodol in half the follow-up lesion, viable
/// tumour in a quarter of it.
@Suite("PatientCourseOutput")
struct PatientCourseOutputTests {
    static let grid = VolumeGeometry(size: Size3(40, 40, 16), spacing: Vector3(1.5, 1.5, 3), origin: Vector3(-30, -30, -24))
    static let patient = "pt-00112233aabbccdd"
    static let centre = Vector3(0, 0, 0)
    static let radius = 12.0

    static func inLesion(_ i: Int, _ j: Int, _ k: Int) -> Bool {
        (grid.physicalPoint(at: Vector3(Double(i), Double(j), Double(k))) - centre).length <= radius
    }

    /// A volume of `value(i, j, k)` on the grid.
    static func image(_ value: (Int, Int, Int) -> Float) -> Volume<Float> {
        var v = Volume<Float>(geometry: grid, repeating: 0)
        for k in 0..<grid.size.k { for j in 0..<grid.size.j { for i in 0..<grid.size.i { v[i, j, k] = value(i, j, k) } } }
        return v
    }

    /// Writes `<out>/<key>/` as `process` publishes it: manifest with context, sidecars, SEG masks on the NC volume.
    static func publish(_ key: String, in out: URL, followUp: Int, nc: Volume<Float>, ap: Volume<Float>, masks: Bool,
                        frame: String = "fr-0123456789ab") throws {
        let folder = out.appendingPathComponent(key)
        let volumes = folder.appendingPathComponent("volumes"), maskFolder = folder.appendingPathComponent("masks")
        try FileManager.default.createDirectory(at: volumes, withIntermediateDirectories: true)
        for (name, phase, image) in [("se-nc_1", "NON_CONTRAST", nc), ("se-ap_1", "ARTERIAL", ap)] {
            try NIfTI.write(image, to: volumes.appendingPathComponent("\(name).nii.gz"))
            let sidecar = #"{"volume":"\#(name)","image":"\#(name).nii.gz","phase":{"phase":"\#(phase)"},"report":{"modality":"CT"},"frameOfReferenceKey":"\#(frame)"}"#
            try Data(sidecar.utf8).write(to: volumes.appendingPathComponent("\(name).json"))
        }
        if masks {
            try FileManager.default.createDirectory(at: maskFolder, withIntermediateDirectories: true)
            var tumour = Mask(geometry: grid, repeating: 0), liver = Mask(geometry: grid, repeating: 1)
            for k in 0..<grid.size.k { for j in 0..<grid.size.j { for i in 0..<grid.size.i where inLesion(i, j, k) { tumour[i, j, k] = 1 } } }
            liver[0, 0, 0] = 0
            try NIfTI.write(liver, to: maskFolder.appendingPathComponent("se-nc_1_seg1-1.nii.gz"))
            try NIfTI.write(tumour, to: maskFolder.appendingPathComponent("se-nc_1_seg1-2.nii.gz"))
            let labels = #"[{"description":{"label":"Liver"},"file":"se-nc_1_seg1-1.nii.gz"},{"description":{"label":"Tumour"},"file":"se-nc_1_seg1-2.nii.gz"}]"#
            try Data(labels.utf8).write(to: maskFolder.appendingPathComponent("se-nc_1_seg1.json"))
        }
        let context = StudyContext(patientKey: patient, timepoint: StudyTimepoint(followUpNumber: followUp, daysSinceBaseline: followUp * 30,
                                                                                 studiesOfPatient: 2),
                                   treatment: followUp == 0 ? .preTreatment : .postTreatment, treatmentRule: "earliest study is pre-treatment")
        let manifest = StudyManifest(studyKey: key, inputsHash: key, configurationHash: "", tools: [:], inputs: [], outputs: [],
                                     stages: [], warnings: [], context: context)
        try manifest.write(folder.appendingPathComponent("manifest.json"))
    }

    @Test("same frame: patient coordinates; Lipiodol in the lesion, viable tumour without it, necrosis rate (d1 − d2) / D1")
    func sameFrameCourse() throws {
        let out = try TestPaths.temporaryFolder()
        // Baseline: the whole lesion enhances (AP − NC = 60 HU).
        try Self.publish("st-0000000000000001", in: out, followUp: 0,
                         nc: Self.image { i, j, k in Self.inLesion(i, j, k) ? 40 : 60 },
                         ap: Self.image { i, j, k in Self.inLesion(i, j, k) ? 100 : 80 }, masks: true)
        // Follow-up: Lipiodol (500 HU) where i < 20; of the rest, only j ≥ 20 still enhances.
        let lipiodol: (Int, Int, Int) -> Bool = { i, j, k in Self.inLesion(i, j, k) && i < 20 }
        let viable: (Int, Int, Int) -> Bool = { i, j, k in Self.inLesion(i, j, k) && i >= 20 && j >= 20 }
        try Self.publish("st-0000000000000002", in: out, followUp: 1,
                         nc: Self.image { i, j, k in lipiodol(i, j, k) ? 500 : Self.inLesion(i, j, k) ? 40 : 60 },
                         ap: Self.image { i, j, k in lipiodol(i, j, k) ? 520 : viable(i, j, k) ? 100 : Self.inLesion(i, j, k) ? 45 : 80 },
                         masks: false)
        let summary = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration())
        #expect(summary.patients == 1 && summary.rebuilt == 1 && summary.problems.isEmpty, "\(summary.problems)")
        let data = try Data(contentsOf: out.appendingPathComponent("\(Self.patient)/response.json"))
        let response = try JSONDecoder().decode(PatientResponse.self, from: data)

        let voxelML = Self.grid.voxelVolume / 1000
        func count(_ f: (Int, Int, Int) -> Bool) -> Int {
            var n = 0
            for k in 0..<Self.grid.size.k { for j in 0..<Self.grid.size.j { for i in 0..<Self.grid.size.i where f(i, j, k) { n += 1 } } }
            return n
        }
        let lesion = count(Self.inLesion)
        #expect(abs(response.baseline.tumourML - Double(lesion) * voxelML) < 1e-9)
        #expect(response.followUps.count == 1)
        let f = try #require(response.followUps.first)
        #expect(f.daysSinceBaseline == 30 && f.registration.sameFrameOfReference && f.registration.metric == nil)
        #expect(f.registration.method == "patient coordinates (same FrameOfReferenceUID)")
        #expect(f.targetLesionML == response.baseline.tumourML)
        let l = try #require(f.lipiodol)
        #expect(abs(l.inTargetML - Double(count(lipiodol)) * voxelML) < 1e-9)
        #expect(abs(l.coverage - Double(count(lipiodol)) / Double(lesion)) < 1e-9)
        #expect(l.offTargetML == 0)
        let v = try #require(f.viable)
        #expect(abs(v.ml - Double(count(viable)) * voxelML) < 1e-9)
        // d1: the whole baseline lesion is viable, so d1 = D1; d2 is the viable quarter's diameter.
        let bigD1 = try #require(response.baseline.bigD1MM), d1 = try #require(response.baseline.d1MM)
        #expect(d1 == bigD1 && v.longestAxialDiameterMM < d1 && v.longestAxialDiameterMM > 0)
        let n = try #require(f.necrosisRate)
        #expect(n.d1MM == d1 && n.bigD1MM == bigD1 && n.d2MM == v.longestAxialDiameterMM)
        #expect(abs(n.rate - (d1 - n.d2MM) / bigD1) < 1e-12 && n.response == (n.rate >= 0.30))

        // Unchanged inputs: untouched; a republished study (new manifest bytes): rebuilt.
        #expect(try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration()).unchanged == 1)
        let manifestURL = out.appendingPathComponent("st-0000000000000002/manifest.json")
        var manifest = try #require(StudyManifest.read(manifestURL))
        manifest.warnings = ["republished"]
        try manifest.write(manifestURL)
        #expect(try PatientCourseOutput.rebuildAfterPublication(of: "st-0000000000000002", output: out,
                                                               configuration: ProcessConfiguration())?.rebuilt == 1)
    }

    @Test("a patient whose follow-up is removed from the output loses its folder on the next rebuild")
    func staleFolderRemoved() throws {
        let out = try TestPaths.temporaryFolder()
        let plain = Self.image { i, j, k in Self.inLesion(i, j, k) ? 40 : 60 }
        try Self.publish("st-0000000000000001", in: out, followUp: 0, nc: plain, ap: plain, masks: true)
        try Self.publish("st-0000000000000002", in: out, followUp: 1, nc: plain, ap: plain, masks: false)
        let folder = out.appendingPathComponent(Self.patient)
        #expect(try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration()).rebuilt == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("response.json").path))
        // A folder of an unknown patient (copied in, or left from a removed study) goes too; other folders stay.
        let orphan = out.appendingPathComponent("pt-0000000000000fff"), other = out.appendingPathComponent("cohort")
        try FileManager.default.createDirectory(at: orphan, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: out.appendingPathComponent("st-0000000000000002"))
        let summary = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration())
        #expect(summary.patients == 0 && summary.removed == 2 && summary.problems.isEmpty, "\(summary)")
        #expect(!FileManager.default.fileExists(atPath: folder.path) && !FileManager.default.fileExists(atPath: orphan.path))
        #expect(FileManager.default.fileExists(atPath: other.path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("st-0000000000000001/manifest.json").path))
    }

    @Test("another frame and no elastix: no patient folder, a problem naming the missing package")
    func missingElastix() throws {
        let out = try TestPaths.temporaryFolder()
        let plain = Self.image { i, j, k in Self.inLesion(i, j, k) ? 40 : 60 }
        try Self.publish("st-0000000000000001", in: out, followUp: 0, nc: plain, ap: plain, masks: true)
        try Self.publish("st-0000000000000002", in: out, followUp: 1, nc: plain, ap: plain, masks: false, frame: "fr-ba9876543210")
        var elastix = try ElastixRegistration()
        elastix.executable = URL(fileURLWithPath: "/nonexistent/elastix")
        let summary = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration(), registration: elastix)
        #expect(summary.patients == 1 && summary.rebuilt == 0 && summary.problems.count == 1)
        #expect(summary.problems.first?.contains("elastix") == true, "\(summary.problems)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(Self.patient).path))
    }

    @Test("response.json writes every key, null for what was not measured")
    func nullsAreWritten() throws {
        let response = PatientResponse(
            patient: "pt-1", baseline: .init(study: "st-1", tumourML: 1, bigD1MM: nil, d1MM: nil),
            followUps: [.init(study: "st-2", daysSinceBaseline: nil, registration: .init(method: "m", metric: nil, sameFrameOfReference: true),
                              targetLesionML: 1, lipiodol: nil, viable: nil, necrosisRate: nil)])
        let text = String(decoding: try response.json(), as: UTF8.self)
        for key in ["\"D1MM\" : null", "\"d1MM\" : null", "\"daysSinceBaseline\" : null", "\"metric\" : null",
                    "\"lipiodol\" : null", "\"viable\" : null", "\"necrosisRate\" : null"] {
            #expect(text.contains(key), "\(key)")
        }
        #expect(try JSONDecoder().decode(PatientResponse.self, from: Data(text.utf8)) == response)
    }

    @Test("lipiodol_margin_mm and enhancement_threshold_hu: parsed, checked, and absent from the hash at their defaults")
    func configurationKeys() throws {
        let parsed = try ProcessConfiguration.parse("lipiodol_margin_mm: 2\nenhancement_threshold_hu: 25\n")
        #expect(parsed.lipiodolMarginMM == 2 && parsed.enhancementThresholdHU == 25)
        #expect(parsed.hash != ProcessConfiguration().hash)
        #expect(try ProcessConfiguration.parse("lipiodol_margin_mm: 0\n").hash == ProcessConfiguration().hash)
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("lipiodol_margin_mm: -1\n") }
    }

    @Test("lipiodol_boundary: half_maximum by default, threshold hashes as configurations from before the key, bad values refused")
    func lipiodolBoundaryKey() throws {
        #expect(ProcessConfiguration().lipiodolBoundary == .halfMaximum)
        let threshold = try ProcessConfiguration.parse("lipiodol_boundary: threshold\n")
        #expect(threshold.lipiodolBoundary == .threshold && threshold.hash != ProcessConfiguration().hash)
        // The canonical JSON of a threshold configuration has no such key: it hashes as before the key existed.
        let json = String(decoding: try JSONEncoder().encode(threshold), as: UTF8.self)
        let defaults = String(decoding: try JSONEncoder().encode(ProcessConfiguration()), as: UTF8.self)
        #expect(!json.contains("lipiodol_boundary") && defaults.contains(#""lipiodol_boundary":"half_maximum""#))
        #expect(try ProcessConfiguration.parse("lipiodol_boundary: half_maximum\n") == ProcessConfiguration())
        #expect(throws: PipelineError.self) { try ProcessConfiguration.parse("lipiodol_boundary: fwhm\n") }
    }

    @Test("a patient key becomes a folder name only when it is pt- and lowercase hex")
    func safeKeys() {
        #expect(PatientCourseOutput.isSafeKey("pt-0123abcd"))
        #expect(!PatientCourseOutput.isSafeKey("pt-../x") && !PatientCourseOutput.isSafeKey("pt-") && !PatientCourseOutput.isSafeKey("st-01"))
        #expect(!PatientCourseOutput.isSafeKey("pt-ABCD"))
    }
}
