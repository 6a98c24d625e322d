import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and atomic writes for image files.
enum ImageFile {
    /// Reads a file, inflating it when it starts with the gzip magic number (BGZF blocks on all cores, any
    /// other gzip through zlib).
    static func readBytes(_ url: URL) throws -> [UInt8] {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        return try data.withUnsafeBytes { raw in
            if Gzip.isGzip(raw) {
                do {
                    return try inflate(raw)
                } catch let VolumeIOError.compression(reason) {
                    throw VolumeIOError.malformed(path: url.path, reason: reason)
                }
            }
            return [UInt8](raw)
        }
    }

    /// Inflates gzip data: BGZF (``BGZF/Index``) block by block with libdeflate on all cores, other gzip (one member
    /// or several) as a ``GzipStream`` (igzip), zlib-headed data through zlib.
    /// - Throws: ``VolumeIOError/compression(reason:)`` for corrupt or truncated data.
    static func inflate(_ raw: UnsafeRawBufferPointer, expectedSize: Int? = nil) throws -> [UInt8] {
        if let index = BGZF.Index(raw) { return try index.all(from: raw) }
        guard Gzip.isGzip(raw) else { return try Gzip.decompress(raw, expectedSize: expectedSize) }
        return try GzipStream.inflating(raw) { try $0.all(capacity: Gzip.outputCapacity(raw, expectedSize: expectedSize)) }
    }

    /// Writes `pieces` one after another to a temporary file beside `url`, then renames it into place, so a
    /// reader never sees a partial file and a failed write leaves nothing behind.
    ///
    /// Atomic for readers, not durable against power loss: there is no `fsync` here (dcm2niix and ITK
    /// writers have none either). Callers that promise durability (`process`, `watch`) fsync the whole
    /// tree once before publishing it.
    static func writeAtomically(_ url: URL, pieces: [UnsafeRawBufferPointer]) throws {
        let temporary = temporaryURL(for: url)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot create file (\(String(cString: strerror(errno))))")
        }
        var failure: String?
        for piece in pieces where failure == nil {
            failure = writeAll(fd, piece)
        }
        try finishAtomically(fd: fd, temporary: temporary, url: url, failure: failure)
    }

    /// The last step of a write-then-rename: closes `fd`, renames `temporary` onto `url` unless an earlier
    /// `failure` (or the close) went wrong, and otherwise removes `temporary` and throws.
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)`` naming `url` and the first failure.
    static func finishAtomically(fd: Int32, temporary: URL, url: URL, failure earlier: String?) throws {
        var failure = earlier
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary.path, url.path) != 0 {
            failure = "cannot move into place (\(String(cString: strerror(errno))))"
        }
        if let failure {
            unlink(temporary.path)
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot write (\(failure))")
        }
    }

    /// A hidden temporary path beside `url` (process id and a random number), for write-then-rename.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// `pwrite(2)` at `offset` until every byte is out, retrying on `EINTR`; returns the error text, or `nil`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if n == 0 { return "no progress writing" }
            done += n
        }
        return nil
    }

    /// `write(2)` until every byte is out, retrying on `EINTR`; returns the error text, or `nil`.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Glibc.write(fd, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            next += written
            left -= written
        }
        return nil
    }

    /// Writes byte runs one after another, atomically (see ``writeAtomically(_:pieces:)``).
    static func writeAtomically(_ url: URL, runs: [[UInt8]]) throws {
        func nest(_ index: Int, _ done: [UnsafeRawBufferPointer]) throws {
            if index == runs.count { return try writeAtomically(url, pieces: done) }
            try runs[index].withUnsafeBytes { try nest(index + 1, done + [$0]) }
        }
        try nest(0, [])
    }

    /// How a file's bytes are compressed.
    enum Compression {
        /// Header and voxels as they are (`.nii`, NRRD `encoding: raw`).
        case none
        /// Header and voxels as one BGZF stream (`.nii.gz`; ``BGZF``).
        case whole(level: Int32)
        /// Plain header, voxels as one gzip member (NRRD `encoding: gzip`): pynrrd, and with it slicerio, inflates
        /// only the first member of a stream, so NRRD stays single-member (``Gzip``), not ``BGZF``.
        case voxelsOnly(level: Int32)
    }

    /// Writes header bytes and a voxel array, compressing as asked; compressed chunks are streamed to the
    /// file, never joined in memory.
    static func write<Voxel: StorableVoxel>(_ url: URL, header: [UInt8], voxels: [Voxel], compression: Compression) throws {
        try voxels.withUnsafeBytes { body in
            switch compression {
            case .whole(let level):
                let runs = try header.withUnsafeBytes { h in try BGZF.compress(pieces: [h, body], level: level) }
                try writeAtomically(url, runs: runs)
            case .voxelsOnly(let level):
                try writeAtomically(url, runs: [header] + Gzip.compressedMember(pieces: [body], level: level))
            case .none:
                try header.withUnsafeBytes { h in try writeAtomically(url, pieces: [h, body]) }
            }
        }
    }
}
