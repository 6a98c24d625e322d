import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small JSON and text files of a submission, written atomically (temporary file, fsync, rename) so a task
/// on another node never reads half of one; private ones with mode 0600.
enum PrivateFile {
    /// Writes `data` to `url` atomically with `mode` (0600 by default).
    static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws {
        let temporary = url.path + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ClusterExecutionError.submission(reason: "cannot create \(url.lastPathComponent) (\(String(cString: strerror(errno))))") }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let synced = fsync(fd) == 0
        fchmod(fd, mode)
        close(fd)
        guard written, synced, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            throw ClusterExecutionError.submission(reason: "cannot write \(url.lastPathComponent) (\(String(cString: strerror(errno))))")
        }
    }

    /// Writes a value as sorted, pretty JSON.
    static func writeJSON<T: Encodable>(_ value: T, to url: URL, mode: mode_t = 0o600) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try write(try encoder.encode(value), to: url, mode: mode)
    }

    /// Reads a JSON value.
    /// - Throws: ``ClusterExecutionError/submission(reason:)`` naming the file.
    static func readJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: Data(contentsOf: url))
        } catch {
            throw ClusterExecutionError.submission(reason: "cannot read \(url.lastPathComponent)")
        }
    }
}
