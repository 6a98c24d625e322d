import Foundation
import VolumeModule

/// NIfTI-1 single-file images (`.nii`, `.nii.gz`; https://nifti.nimh.nih.gov/nifti-1/).
///
/// Written as SimpleITK 2.5 writes them: qform_code = sform_code = 1 (scanner anat), identical qform and
/// sform in RAS (``AffineRAS``), data in ITK order without a row flip, `scl_slope` 1 / `scl_inter` 0,
/// `xyzt_units` mm+s, empty `descrip` (no patient data in headers); `.nii.gz` as ``BGZF`` (valid gzip). A grid whose direction is not
/// orthonormal gets only an sform (qform_code 0), since a quaternion cannot hold a shear.
public enum NIfTI {
    /// Header size plus the 4-byte empty extension flag: voxel data start here.
    static let dataOffset = 352

    /// Writes a volume. The extension decides compression: `.nii.gz` → gzip as ``BGZF`` blocks (parallel,
    /// seekable by ``read(_:region:)``), `.nii` → raw.
    /// - Parameter compressionLevel: zlib level for `.nii.gz`.
    /// - Throws: ``VolumeIOError`` when the file cannot be written.
    public static func write<Voxel: StorableVoxel>(_ volume: Volume<Voxel>, to url: URL,
                                                   compressionLevel: Int32 = 6) throws {
        let header = try makeHeader(geometry: volume.geometry, type: Voxel.voxelType, path: url.path)
        try ImageFile.write(url, header: header, voxels: volume.voxels,
                            compression: url.path.hasSuffix(".gz") ? .whole(level: compressionLevel) : .none)
    }

    /// The most voxels along one axis NIfTI-1 can hold (`dim[]` is `int16`).
    public static let maximumExtent = Int(Int16.max)

    /// The 352-byte header (348 + empty extension) for a grid and voxel type.
    /// - Throws: ``VolumeIOError/unsupported(path:reason:)`` for an axis longer than ``maximumExtent``.
    static func makeHeader(geometry g: VolumeGeometry, type: VoxelType, path: String) throws -> [UInt8] {
        guard [g.size.i, g.size.j, g.size.k].allSatisfy({ $0 <= maximumExtent }) else {
            throw VolumeIOError.unsupported(path: path, reason: "NIfTI-1 holds at most \(maximumExtent) voxels per axis; the grid is \(g.size) (use NRRD)")
        }
        var h = ByteWriter(count: dataOffset)
        let affine = AffineRAS(g)
        h.put(Int32(348), at: 0)
        h.put(UInt8(ascii: "r"), at: 38)
        for (n, d) in [3, g.size.i, g.size.j, g.size.k, 1, 1, 1, 1].enumerated() { h.put(Int16(d), at: 40 + 2 * n) }
        h.put(type.niftiCode, at: 70)
        h.put(Int16(type.byteCount * 8), at: 72)
        let orthonormal = g.direction.isOrthonormal(tolerance: 1e-4)
        let rotation = Matrix3(columns: affine.linear.columns.0 / g.spacing.x, affine.linear.columns.1 / g.spacing.y,
                               affine.linear.columns.2 / g.spacing.z)
        let quaternion = NIfTIQuaternion(rotation: rotation)
        let pixdim = [orthonormal ? quaternion.qfac : 1, g.spacing.x, g.spacing.y, g.spacing.z, 1, 1, 1, 1]
        for (n, v) in pixdim.enumerated() { h.put(Float(v), at: 76 + 4 * n) }
        h.put(Float(dataOffset), at: 108)
        h.put(Float(1), at: 112)  // scl_slope
        h.put(Float(0), at: 116)  // scl_inter
        h.put(UInt8(2 | 8), at: 123)  // NIFTI_UNITS_MM | NIFTI_UNITS_SEC
        h.put(Int16(orthonormal ? 1 : 0), at: 252)  // qform_code
        h.put(Int16(1), at: 254)  // sform_code
        if orthonormal {
            h.put(Float(quaternion.b), at: 256)
            h.put(Float(quaternion.c), at: 260)
            h.put(Float(quaternion.d), at: 264)
        }
        h.put(Float(affine.translation.x), at: 268)
        h.put(Float(affine.translation.y), at: 272)
        h.put(Float(affine.translation.z), at: 276)
        for (r, row) in affine.rows.enumerated() {
            for (c, v) in row.enumerated() { h.put(Float(v), at: 280 + 16 * r + 4 * c) }
        }
        h.put("n+1", at: 344, capacity: 4)
        return h.bytes
    }

    /// What ``read(_:)`` returns: the image as `Float` plus how it was stored.
    public struct Image: Sendable {
        /// Voxels (after `scl_slope`/`scl_inter`) on the LPS geometry.
        public var volume: Volume<Float>
        /// The on-disk data type.
        public var storedType: VoxelType
        /// qform_code and sform_code as found.
        public var qformCode: Int16
        public var sformCode: Int16
    }

    /// Reads a `.nii` or `.nii.gz` (either byte order). The geometry comes from the sform when
    /// sform_code > 0 (as ITK ≥ 5.3 prefers), else from the qform, else from pixdim alone; it is converted
    /// from RAS to LPS.
    /// - Throws: ``VolumeIOError`` for unreadable, malformed or unsupported files (e.g. 4D with t > 1).
    public static func read(_ url: URL) throws -> Image {
        let (volume, type, qformCode, sformCode) = try readVolume(url, decode: floats)
        return Image(volume: volume, storedType: type, qformCode: qformCode, sformCode: sformCode)
    }

    /// Stored values as `Float`, after `scl_slope`/`scl_inter` (ignored when the slope is 0 or not finite, and
    /// when it is the identity).
    static func floats(_ type: VoxelType, _ raw: UnsafeRawBufferPointer, count: Int, bigEndian: Bool, slope: Float,
                       intercept: Float) -> [Float] {
        var values = type.decode(raw, count: count, bigEndian: bigEndian)
        if slope != 0 && slope.isFinite && (slope != 1 || intercept != 0) {
            for n in values.indices { values[n] = values[n] * slope + intercept }
        }
        return values
    }

    /// Parses the header and geometry of a `.nii`/`.nii.gz`, then turns the voxel bytes into `Voxel`s with
    /// `decode(storedType, bytes, count, bigEndian, scl_slope, scl_inter)`.
    static func readVolume<Voxel>(
        _ url: URL,
        decode: (VoxelType, UnsafeRawBufferPointer, Int, Bool, Float, Float) throws -> [Voxel]
    ) throws -> (Volume<Voxel>, VoxelType, Int16, Int16) {
        let bytes = try ImageFile.readBytes(url)
        return try bytes.withUnsafeBytes { raw in
            let header = try NIfTIHeader(raw, path: url.path)
            let needed = header.dataOffset + header.dataBytes
            guard raw.count >= needed else {
                throw VolumeIOError.malformed(path: url.path, reason: "data shorter than dim × bitpix (\(raw.count) of \(needed) bytes)")
            }
            let values = try decode(header.type, UnsafeRawBufferPointer(rebasing: raw[header.dataOffset..<needed]),
                                    header.size.count, header.bigEndian, header.slope, header.intercept)
            return (Volume(geometry: header.geometry, voxels: values), header.type, header.qformCode, header.sformCode)
        }
    }
}
