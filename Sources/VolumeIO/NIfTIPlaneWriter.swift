import Foundation
import VolumeModule
#if canImport(Glibc)
import Glibc
#endif

/// Writes an uncompressed `.nii` slice by slice, straight into its file, so the volume never has to exist
/// as one buffer: the caller decodes a plane into a small reusable buffer and hands it over.
///
/// The file is byte-identical to ``NIfTI/write(_:to:compressionLevel:)`` of the same voxels (same 352-byte
/// header, ITK index order `i + nx·(j + ny·k)`, little endian), and appears atomically: the planes go into a
/// temporary file beside `url` (`pwrite` at `352 + k · nx · ny · bytes`), which ``commit()`` renames into
/// place once every plane has been written. ``discard()`` (or `deinit` without a commit) removes it.
/// No `fsync`, as the other writers (see ``ImageFile``).
///
/// ``write(plane:_:)`` may be called from several threads at once, in any plane order (the writes themselves
/// are serialised); ``commit()`` and ``discard()`` are called once, after the writes.
public final class NIfTIPlaneWriter: @unchecked Sendable {
    /// The final path.
    public let url: URL
    /// The grid of the volume being written.
    public let geometry: VolumeGeometry
    /// The stored voxel type.
    public let voxelType: VoxelType
    private let temporary: URL
    private let fd: Int32
    private let planeBytes: Int
    private let lock = NSLock()
    private var written: [Bool]
    private var finished = false

    /// Creates the temporary file and writes the header.
    /// - Parameters:
    ///   - url: final path (`.nii`; compression is not supported here).
    ///   - geometry: the grid (LPS, as ``NIfTI`` writes it).
    ///   - voxelType: stored type of every plane.
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)`` when the file cannot be created or written,
    ///   ``VolumeIOError/unsupported(path:reason:)`` for a `.gz` path.
    public init(url: URL, geometry: VolumeGeometry, voxelType: VoxelType) throws {
        guard !url.path.hasSuffix(".gz") else {
            throw VolumeIOError.unsupported(path: url.path, reason: "plane-by-plane writing is for uncompressed .nii only")
        }
        self.url = url
        self.geometry = geometry
        self.voxelType = voxelType
        planeBytes = geometry.size.i * geometry.size.j * voxelType.byteCount
        written = [Bool](repeating: false, count: geometry.size.k)
        temporary = ImageFile.temporaryURL(for: url)
        let header = try NIfTI.makeHeader(geometry: geometry, type: voxelType, path: url.path)
        fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot create file (\(String(cString: strerror(errno))))")
        }
        let failure = header.withUnsafeBytes { ImageFile.writeAll(fd, $0, at: 0) }
        if let failure {
            close(fd)
            unlink(temporary.path)
            finished = true
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot write (\(failure))")
        }
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporary.path)
        }
    }

    /// Writes plane `k` (0-based slice index): `nx · ny` voxels, `i` fastest, of the declared type.
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)`` when the write fails.
    public func write<Voxel: StorableVoxel>(plane k: Int, _ voxels: UnsafeBufferPointer<Voxel>) throws {
        precondition(Voxel.voxelType == voxelType, "plane type differs from the file's voxel type")
        precondition(k >= 0 && k < geometry.size.k && voxels.count * voxelType.byteCount == planeBytes, "plane index or size out of range")
        // One write at a time: the kernel serialises buffered writes to one file anyway (ext4 takes the inode
        // lock), and a second writer waiting here sleeps, where in the kernel it spun (~5 % of the CPU time).
        lock.lock()
        let failure = ImageFile.writeAll(fd, UnsafeRawBufferPointer(voxels), at: NIfTI.dataOffset + k * planeBytes)
        if failure == nil { written[k] = true }
        lock.unlock()
        if let failure {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot write (\(failure))")
        }
    }

    /// Closes the file and moves it into place.
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)`` when a plane was never written (nothing is left
    ///   behind), or when closing or renaming fails.
    public func commit() throws {
        precondition(!finished, "commit() or discard() was already called")
        finished = true
        let missing = written.firstIndex(of: false).map { "plane \($0) of \(written.count) was never written" }
        try ImageFile.finishAtomically(fd: fd, temporary: temporary, url: url, failure: missing)
    }

    /// Closes and removes the temporary file; `url` is left untouched.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(fd)
        unlink(temporary.path)
    }
}
