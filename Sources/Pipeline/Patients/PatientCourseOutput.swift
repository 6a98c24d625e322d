import DICOMBackend
import Foundation
import MaskMorphology
import Registration
import VolumeModule
#if canImport(Glibc)
import Glibc
#endif

/// The patient folders `<out>/<patientKey>/` of an output folder: `response.json` (``PatientResponse``),
/// `course.json` (``CourseRecord``: inputs, transforms, diameters with end points, QA picture geometry, warnings),
/// `qa/` (``CourseQA``, ``CourseQAPage``) and `followups/<studyKey>/` (``CourseFollowUpFiles``: the Lipiodol VOI's
/// masks and features), built from the **published study folders only** and published atomically
/// (``Publication``).
///
/// A patient gets a folder when one of its studies has a tumour mask (the baseline: the first pre-treatment
/// study with one, else the first with one, in StudyDate order) and a later study exists (the follow-ups).
/// A patient none of whose follow-ups can be measured (e.g. `elastix` is missing) gets no folder and a problem
/// in the summary; one with some measured gets them, the others in `course.json`'s warnings and `complete:
/// false`, so the next run tries again. A patient that stops qualifying (its studies removed from the output, or
/// no baseline with a tumour and a later study left) has its folder removed on the rebuild. A folder whose `course.json` records the same inputs (the studies' manifest hashes, their order and
/// treatment status, and the thresholds and margin the course uses) and is complete is left untouched.
public enum PatientCourseOutput {
    /// What a rebuild did.
    public struct Summary: Sendable, Equatable {
        /// Patients with a baseline and at least one follow-up.
        public var patients = 0
        /// Folders (re)published.
        public var rebuilt = 0
        /// Folders left untouched (same inputs).
        public var unchanged = 0
        /// Folders removed because their patient no longer has a course (baseline and a later published study).
        public var removed = 0
        /// Problems, by patient key (no patient values).
        public var problems: [String] = []
    }

    /// `course.json`: the identity of a patient folder's inputs and what the response could not say.
    public struct CourseRecord: Sendable, Codable, Equatable {
        /// One follow-up's registration in full (transform fixed → moving, stages, seconds).
        public struct FollowUp: Sendable, Codable, Equatable {
            /// Study key.
            public var study: String
            /// Method, stages with final metrics, the fixed → moving transform, seconds.
            public var registration: RegistrationResult
            /// What could not be measured and why.
            public var warnings: [String]
            /// d2: the follow-up viable tumour's longest axial diameter with its end points (LPS mm) and slice.
            public var d2: AxialDiameter?
            /// The files of `followups/<study>/` (``CourseFollowUpFiles``), relative to that folder.
            public var files: [String]?
        }

        /// The baseline's diameters with their end points (LPS mm) and slice index on the tumour's grid.
        public struct Baseline: Sendable, Codable, Equatable {
            /// Study key.
            public var study: String
            /// D1: the tumour's longest axial diameter.
            public var bigD1: AxialDiameter?
            /// d1: the viable tumour's longest axial diameter (`nil` when not measured or nothing enhances).
            public var d1: AxialDiameter?
        }

        /// Where a QA picture lies: its tile (above the legend) shows the axial slice `slice` of the study's grid,
        /// `width × height` pixels of `pixelSizeMM`, the tile's centre at `centreLPS`; image right = patient left,
        /// down = posterior (radiological).
        public struct Picture: Sendable, Codable, Equatable {
            /// File in `qa/`.
            public var file: String
            /// The study whose grid the picture shows.
            public var study: String
            /// Slice index `k` shown.
            public var slice: Int
            /// LPS mm at the tile's centre (the target lesion's centroid).
            public var centreLPS: Vector3
            /// Display pixel size, mm.
            public var pixelSizeMM: Double
            /// Tile size in pixels (the legend strip below it is extra).
            public var width: Int, height: Int
        }

        /// ``PatientCourseOutput/generator``.
        public var generator = PatientCourseOutput.generator
        /// Patient key.
        public var patient: String
        /// SHA-256 over the inputs (see the type's discussion).
        public var inputsHash: String
        /// Studies of the patient in course order.
        public var studies: [String]
        /// `false` when a follow-up could not be measured: the folder is rebuilt on the next run.
        public var complete: Bool
        /// The measured follow-ups.
        public var followUps: [FollowUp]
        /// Follow-ups that could not be measured, and why.
        public var warnings: [String]
        /// The baseline's diameters.
        public var baseline: Baseline?
        /// The pictures of `qa/`.
        public var qa: [Picture]?
        /// How the Lipiodol of `response.json` was bounded (`lipiodol_boundary`; its `thresholdHU` is the detection
        /// threshold); `nil` in records written before the key existed (threshold only).
        public var lipiodolBoundary: LipiodolSegmentation.Boundary? = nil
    }

    /// Producer and format version of `course.json` (v2: `qa/`, `followups/`, diameters with end points).
    public static let generator = "RadStation 0.1 (course v2)"

    /// Rebuilds the folder of every patient of `output` (or only of `patients`).
    /// - Parameters:
    ///   - configuration: the pipeline configuration (thresholds, margin, `treatments`).
    ///   - registration: elastix settings; `nil` uses the defaults.
    ///   - patients: patient keys to rebuild; `nil` = all.
    ///   - dicomFolders: the DICOM folders the studies came from (`process`'s inputs, `course --dicom`, `watch`'s
    ///     export folder); with `dicom_seg: true` each follow-up's Lipiodol is also written as
    ///     `followups/<study>/lipiodol-seg.dcm` referencing its series, inside the folder published atomically.
    ///     Scanned once per rebuild, and only when a follow-up has Lipiodol.
    /// - Throws: ``PipelineError`` when the lock, registry or treatments file cannot be used; a patient whose
    ///   course fails is reported in ``Summary/problems`` instead.
    @discardableResult
    public static func rebuild(output: URL, configuration: ProcessConfiguration, registration: ElastixRegistration? = nil,
                               patients: Set<String>? = nil, dicomFolders: [URL] = []) throws -> Summary {
        let state = output.appendingPathComponent(".radstation")
        return try locked(state) {
            let elastix = try registration ?? ElastixRegistration()
            let names = { try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(Conversion.keyFile)) }
            let schedule = try configuration.treatments.map { try TreatmentSchedule.read(URL(fileURLWithPath: $0), names: try names()) }
            let sources = configuration.dicomSeg && !dicomFolders.isEmpty
                ? CourseDICOMSources(folders: dicomFolders, names: try names()) : nil
            let registry = try PatientRegistry(stateFolder: state).all()
            var byPatient: [String: [PublishedStudy]] = [:]
            for study in PublishedStudy.all(in: output) {
                guard let patient = study.manifest.context?.patientKey, isSafeKey(patient) else { continue }
                if let patients, !patients.contains(patient) { continue }
                byPatient[patient, default: []].append(study)
            }
            var summary = Summary()
            // Patients that no longer qualify (studies removed, no baseline with a tumour, no later study) lose
            // their folder: every patient folder when rebuilding all, else those asked for.
            let planned = Set(byPatient.compactMap { patient, studies in
                CoursePlan(patient: patient, studies: studies, known: registry[patient] ?? [], schedule: schedule).map { _ in patient }
            })
            let existing = ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter(isSafeKey)
            for stale in existing where !planned.contains(stale) && (patients?.contains(stale) ?? true) {
                try Publication.remove(output.appendingPathComponent(stale), scratch: state)
                summary.removed += 1
            }
            for (patient, studies) in byPatient.sorted(by: { $0.key < $1.key }) {
                let course = CoursePlan(patient: patient, studies: studies, known: registry[patient] ?? [], schedule: schedule)
                guard let course else { continue }
                summary.patients += 1
                do {
                    if try rebuild(course, output: output, state: state, configuration: configuration, registration: elastix,
                                   sources: sources) {
                        summary.rebuilt += 1
                    } else { summary.unchanged += 1 }
                } catch {
                    summary.problems.append("\(patient): \(safeDescription(error))")
                }
            }
            return summary
        }
    }

    /// After the publication of `studyKey`: rebuilds its patient's folder when the patient has two or more
    /// published studies; `nil` when there is nothing to do.
    /// - Parameter dicomFolders: where the studies' DICOM files are (`watch`: its export folder), for
    ///   `dicom_seg`'s `lipiodol-seg.dcm`, as in ``rebuild(output:configuration:registration:patients:dicomFolders:)``.
    /// - Throws: as ``rebuild(output:configuration:registration:patients:dicomFolders:)``.
    @discardableResult
    public static func rebuildAfterPublication(of studyKey: String, output: URL, configuration: ProcessConfiguration,
                                               registration: ElastixRegistration? = nil, dicomFolders: [URL] = []) throws -> Summary? {
        guard let patient = PublishedStudy.read(output.appendingPathComponent(studyKey))?.manifest.context?.patientKey else { return nil }
        let count = PublishedStudy.all(in: output).filter { $0.manifest.context?.patientKey == patient }.count
        guard count >= 2 else { return nil }
        return try rebuild(output: output, configuration: configuration, registration: registration, patients: [patient],
                           dicomFolders: dicomFolders)
    }

    /// Measures and publishes one patient's course; `false` when the folder is already up to date.
    static func rebuild(_ course: CoursePlan, output: URL, state: URL, configuration: ProcessConfiguration,
                        registration: ElastixRegistration, sources: CourseDICOMSources?) throws -> Bool {
        let final = output.appendingPathComponent(course.patient)
        let hash = course.inputsHash(configuration: configuration, dicomSeg: sources != nil)
        if let data = FileManager.default.contents(atPath: final.appendingPathComponent("course.json").path),
           let old = try? JSONDecoder().decode(CourseRecord.self, from: data), old.inputsHash == hash, old.complete,
           FileManager.default.fileExists(atPath: final.appendingPathComponent("response.json").path) {
            return false
        }
        let baseline = try CourseBaseline(course.baseline, configuration: configuration)
        let temporary = state.appendingPathComponent("tmp-course-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let qaFolder = temporary.appendingPathComponent("qa")
        do {
            try FileManager.default.createDirectory(at: qaFolder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.output("cannot write the patient course (\(error.localizedDescription))")
        }
        var followUps: [PatientResponse.FollowUp] = []
        var records: [CourseRecord.FollowUp] = []
        var warnings: [String] = []
        // A picture that cannot be drawn costs a warning, never a measurement.
        var qa: CourseQA?
        var qaWarnings: [String] = []  // deterministic: they do not make the folder incomplete
        do { qa = try CourseQA(baseline) } catch { qaWarnings.append("QA pictures not drawn: \(safeDescription(error))") }
        var pictures = qa.map { [$0.baselinePicture] } ?? []
        for entry in course.followUps {
            do {
                let measured = try CourseFollowUp(entry.study, baseline: baseline, treatment: entry.treatment,
                                                  daysSinceBaseline: entry.days, configuration: configuration) { fixed, moving, mask in
                    try registration.register(fixed: fixed, moving: moving, movingMask: mask)
                }
                let phase = entry.study.volume(named: measured.masks.volume)?.phase.rawValue ?? ContrastPhase.unknown.rawValue
                let folder = temporary.appendingPathComponent("followups/\(entry.study.key)")
                var files = try CourseFollowUpFiles.write(measured.masks, phase: phase, into: folder, configuration: configuration)
                var notes: [String] = []
                if let sources, let lipiodol = measured.masks.lipiodol {
                    if let assembly = sources.assembly(of: entry.study.key),
                       let source = DerivedSegmentation.sourceVolume(in: assembly, matching: lipiodol.geometry) {
                        try DerivedSegmentation.writeCourseLipiodol(inTarget: lipiodol, offTarget: measured.masks.offTarget,
                                                                    boundary: configuration.lipiodolBoundary, source: source,
                                                                    instances: assembly.instances,
                                                                    to: folder.appendingPathComponent("lipiodol-seg.dcm"))
                        files.append("lipiodol-seg.dcm")
                    } else {
                        notes.append("Lipiodol DICOM SEG not written: the follow-up's unenhanced series is not among the DICOM inputs")
                    }
                }
                var drawn: (pictures: [CourseQA.Picture], warnings: [String]) = ([], [])
                do {
                    drawn = try qa?.followUp(followUps.count + 1, study: entry.study.key, days: entry.days, measured: measured) ?? drawn
                } catch {
                    drawn.warnings = ["QA pictures of follow-up \(entry.study.key) not drawn: \(safeDescription(error))"]
                }
                pictures += drawn.pictures
                followUps.append(measured.response)
                records.append(.init(study: entry.study.key, registration: measured.registration,
                                     warnings: measured.warnings + drawn.warnings + notes, d2: measured.masks.d2, files: files))
            } catch {
                warnings.append("follow-up \(entry.study.key) not measured: \(safeDescription(error))")
            }
        }
        // Nothing measured (elastix missing, every registration failed): publish nothing, report why.
        guard !followUps.isEmpty else { throw PipelineError.noInput(warnings.first ?? "no follow-up could be measured") }
        let response = PatientResponse(
            patient: course.patient,
            baseline: .init(study: baseline.study.key, tumourML: baseline.tumourML, bigD1MM: baseline.bigD1, d1MM: baseline.d1),
            followUps: followUps)
        let record = CourseRecord(patient: course.patient, inputsHash: hash, studies: course.order, complete: warnings.isEmpty,
                                  followUps: records, warnings: warnings + qaWarnings,
                                  baseline: .init(study: baseline.study.key, bigD1: baseline.bigD1Diameter, d1: baseline.d1Diameter),
                                  qa: pictures.map(\.record), lipiodolBoundary: configuration.lipiodolBoundary)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try CourseQAPage.write(pictures, response: response, patient: course.patient, into: qaFolder)
            try response.json().write(to: temporary.appendingPathComponent("response.json"))
            try encoder.encode(record).write(to: temporary.appendingPathComponent("course.json"))
        } catch {
            throw PipelineError.output("cannot write the patient course (\(safeDescription(error)))")
        }
        try Publication.publish(temporary, as: final, scratch: state)
        return true
    }

    /// `pt-` followed by lowercase hex digits only: the key may become a folder name.
    static func isSafeKey(_ key: String) -> Bool {
        key.hasPrefix("pt-") && key.count > 3 && key.dropFirst(3).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private static func locked<T>(_ state: URL, _ body: () throws -> T) throws -> T {
        try? FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let fd = open(state.appendingPathComponent("course.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PipelineError.output("cannot open the patient course lock") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw PipelineError.output("cannot lock the patient course") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
