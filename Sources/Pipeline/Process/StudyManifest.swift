import Foundation

/// `manifest.json`, written last into every processed study folder: what went in (content hashes only),
/// with which configuration and tools, what came out (hashes), and what went wrong. A study folder
/// without it is incomplete by definition.
public struct StudyManifest: Sendable, Codable, Equatable {
    /// One input file: content hash and size (no paths, no UIDs).
    public struct Input: Sendable, Codable, Equatable, Comparable {
        public var sha256: String
        public var bytes: Int64
        public static func < (a: Input, b: Input) -> Bool { (a.sha256, a.bytes) < (b.sha256, b.bytes) }
    }

    /// One output file, relative to the study folder.
    public struct Output: Sendable, Codable, Equatable {
        public var file: String
        public var sha256: String
        public var bytes: Int64
    }

    /// One stage: name, "done" / "skipped" / "failed", seconds, and a note (why skipped or failed).
    public struct Stage: Sendable, Codable, Equatable {
        public var name: String
        public var status: String
        public var seconds: Double
        public var note: String?
    }

    public var generator = "RadStation 0.1 (manifest v1)"
    public var studyKey: String
    /// SHA-256 over the sorted input hashes: equal inputs ⇔ equal value.
    public var inputsHash: String
    /// ``ProcessConfiguration/hash``.
    public var configurationHash: String
    /// Tool versions (RadStation, DCMTK).
    public var tools: [String: String]
    public var inputs: [Input]
    public var outputs: [Output]
    public var stages: [Stage]
    public var warnings: [String]
    /// The study's place in its patient's course (pseudonymous patient key, timepoint, treatment status);
    /// `nil` in manifests written before patients were tracked.
    public var context: StudyContext? = nil

    /// The identity of a set of inputs.
    public static func inputsHash(_ inputs: [Input]) -> String {
        ContentHash.sha256(Data(inputs.sorted().map { "\($0.sha256) \($0.bytes)\n" }.joined().utf8))
    }

    /// Hashes every file under `folder` (except the manifest itself), sorted by path.
    public static func outputs(in folder: URL) -> [Output] {
        let root = folder.standardizedFileURL.path
        var outputs: [Output] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])
        while let url = walker?.nextObject() as? URL {
            guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey]), values.isRegularFile == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(root + "/") { relative.removeFirst(root.count + 1) }
            guard relative != "manifest.json", let hash = ContentHash.sha256(file: url) else { continue }
            outputs.append(Output(file: relative, sha256: hash, bytes: Int64(values.fileSize ?? 0)))
        }
        return outputs.sorted { $0.file < $1.file }
    }

    /// Reads a manifest, or `nil`.
    public static func read(_ url: URL) -> StudyManifest? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(StudyManifest.self, from: data)
    }

    /// Writes pretty, key-sorted JSON.
    public func write(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url)
    }
}
