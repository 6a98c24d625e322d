import Foundation

/// The studies of a submission, one array task each: `studies.json` in the submission folder, mode 0600.
///
/// It holds each study's pseudonymous key, the identity of its inputs and the absolute paths of its files,
/// which the tasks need to read them. Paths may carry patient names (a receiver that sorts files by patient),
/// so the list is private like the watcher's state database: never copied into job names, scripts or logs.
public struct StudyList: Sendable, Codable, Equatable {
    /// One study: its task index is its position in ``studies``.
    public struct Study: Sendable, Codable, Equatable {
        /// Pseudonymous study key (`st-…`).
        public var key: String
        /// `StudyManifest.inputsHash` of its files when the list was written.
        public var inputsHash: String
        /// Absolute paths of its files (images, SEG, RTSTRUCT).
        public var files: [String]

        /// A study with these values.
        public init(key: String, inputsHash: String, files: [String]) {
            self.key = key
            self.inputsHash = inputsHash
            self.files = files
        }
    }

    /// The studies, by task index.
    public var studies: [Study]

    /// A list of these studies.
    public init(studies: [Study]) { self.studies = studies }

    /// Writes the list atomically with mode 0600.
    /// - Throws: ``ClusterExecutionError/submission(reason:)``.
    public func write(to url: URL) throws { try PrivateFile.writeJSON(self, to: url) }

    /// Reads a list.
    /// - Throws: ``ClusterExecutionError/submission(reason:)``.
    public static func read(_ url: URL) throws -> StudyList { try PrivateFile.readJSON(StudyList.self, from: url) }

    /// The folders holding the listed files, for a recursive scan that finds each file once: a folder inside
    /// another listed folder is left out. Sorted.
    public var folders: [URL] {
        let parents = Set(studies.flatMap { $0.files.map { URL(fileURLWithPath: $0).deletingLastPathComponent().standardized.path } })
        let outer = parents.filter { p in !parents.contains { $0 != p && p.hasPrefix($0 == "/" ? "/" : $0 + "/") } }
        return outer.sorted().map { URL(fileURLWithPath: $0, isDirectory: true) }
    }
}
