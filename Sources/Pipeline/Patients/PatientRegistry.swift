import DICOMBackend
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The studies of every patient seen in one output folder, kept in `<out>/.radstation/patients.json` (mode
/// 0600, beside the pseudonym key and the watcher's database), so a follow-up processed today is ordered after
/// the baseline processed last month. It holds pseudonymous keys and each study's day number (days since
/// 1970-01-01 of its StudyDate): private state like the rest of `.radstation/`, never published, never logged.
///
/// Updates are serialised by an exclusive `flock` on `patients.lock` and written by rename, so concurrent
/// `process --jobs N` children and a watcher never lose an entry.
public struct PatientRegistry: Sendable {
    /// One study of a patient.
    public struct Study: Sendable, Codable, Equatable {
        /// Pseudonymous study key.
        public var studyKey: String
        /// Day number of the StudyDate (0008,0020); `nil` when absent or unreadable.
        public var day: Int?

        /// Creates an entry.
        public init(studyKey: String, day: Int?) {
            self.studyKey = studyKey
            self.day = day
        }
    }

    struct File: Codable {
        var version = 1
        var patients: [String: [Study]] = [:]
    }

    /// The registry file.
    public let url: URL

    /// The registry of the output folder whose private folder (`.radstation/`) is `stateFolder`.
    public init(stateFolder: URL) {
        url = stateFolder.appendingPathComponent("patients.json")
    }

    /// Adds (or updates) the studies, by patient key, and returns every known study of the patients concerned.
    /// - Throws: ``PipelineError/output(_:)`` when the registry cannot be locked, read or written.
    public func register(_ studies: [(patientKey: String, study: Study)]) throws -> [String: [Study]] {
        try locked {
            var file = try read()
            for (patient, study) in studies {
                var list = file.patients[patient, default: []]
                list.removeAll { $0.studyKey == study.studyKey }
                list.append(study)
                file.patients[patient] = list.sorted { $0.studyKey < $1.studyKey }
            }
            try write(file)
            return file.patients.filter { key, _ in studies.contains { $0.patientKey == key } }
        }
    }

    /// Every known study of every patient (empty when there is no registry yet).
    public func all() throws -> [String: [Study]] { try read().patients }

    private func read() throws -> File {
        guard let data = FileManager.default.contents(atPath: url.path) else { return File() }
        do { return try JSONDecoder().decode(File.self, from: data) } catch {
            throw PipelineError.output("the patient registry .radstation/patients.json is not readable JSON")
        }
    }

    private func write(_ file: File) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = url.deletingLastPathComponent().appendingPathComponent("patients.json.tmp-\(getpid())")
        do {
            let data = try encoder.encode(file)
            guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw PipelineError.output("cannot write the patient registry")
            }
            guard rename(temporary.path, url.path) == 0 else { throw PipelineError.output("cannot replace the patient registry") }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error as? PipelineError ?? PipelineError.output("cannot write the patient registry (\(error.localizedDescription))")
        }
    }

    private func locked<T>(_ body: () throws -> T) throws -> T {
        try ExclusiveFileLock.withLock(at: url.deletingLastPathComponent().appendingPathComponent("patients.lock"),
                                       what: "patient registry", body)
    }
}
