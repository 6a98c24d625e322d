import Foundation
import Hashing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations with the durability the watcher promises: content hashes while copying, `fsync` of
/// files and folders, and publication by `rename(2)` so a reader never sees half a study.
enum DurableFiles {
    /// SHA-256 (hex) of a file's bytes, read in 1 MiB chunks.
    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw IngestError.output(reason: "cannot open an input file for hashing") }
        defer { try? handle.close() }
        let hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().hexString
    }

    /// Copies `source` to `destination` and returns the SHA-256 of the bytes copied.
    static func copy(_ source: String, to destination: String) throws -> String {
        guard let input = FileHandle(forReadingAtPath: source) else { throw IngestError.output(reason: "an input file vanished or cannot be read") }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil),
              let output = FileHandle(forWritingAtPath: destination) else {
            throw IngestError.output(reason: "cannot create a work file (\(String(cString: strerror(errno))))")
        }
        defer { try? output.close() }
        let hasher = SHA256()
        do {
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
        } catch {
            throw IngestError.output(reason: "copying an input file failed (\(error.localizedDescription))")
        }
        return hasher.finalize().hexString
    }

    /// `fsync` every file and folder under `root`, then `root` itself.
    static func syncTree(_ root: String) throws {
        let walker = FileManager.default.enumerator(atPath: root)
        while let relative = walker?.nextObject() as? String {
            try sync(root + "/" + relative)
        }
        try sync(root)
    }

    /// `fsync` one file or folder.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IngestError.output(reason: "cannot open an output for fsync (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw IngestError.output(reason: "fsync failed (\(String(cString: strerror(errno))))") }
    }

    /// Atomic rename within one file system.
    static func atomicRename(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw IngestError.output(reason: "rename failed (\(String(cString: strerror(errno))))")
        }
    }

    /// Removes a tree, ignoring absence.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Creates a folder (and parents).
    static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw IngestError.output(reason: "cannot create a folder (\(error.localizedDescription))")
        }
    }
}
