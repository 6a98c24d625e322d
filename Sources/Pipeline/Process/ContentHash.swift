import Foundation
import Hashing

/// SHA-256 content hashes (hex) for manifests.
public enum ContentHash {
    /// Hash of bytes.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).hexString
    }

    /// Hash of a file's bytes, read in 1 MiB chunks; `nil` when it cannot be read.
    public static func sha256(file url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().hexString
    }
}
