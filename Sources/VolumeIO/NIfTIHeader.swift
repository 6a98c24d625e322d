import Foundation
import VolumeModule

/// What a NIfTI-1 header says about its voxels: grid (LPS), stored type, where the data start, scaling.
struct NIfTIHeader {
    /// Voxels along i, j, k.
    var size: Size3
    var type: VoxelType
    /// `vox_offset`: byte offset of the first voxel in the (uncompressed) file.
    var dataOffset: Int
    var bigEndian: Bool
    /// `scl_slope` and `scl_inter` as stored.
    var slope: Float, intercept: Float
    var qformCode: Int16, sformCode: Int16
    /// The grid in LPS: from the sform when sform_code > 0 (as ITK ≥ 5.3 prefers), else from the qform, else
    /// from pixdim alone.
    var geometry: VolumeGeometry

    /// Bytes of voxel data the header promises (dim × bitpix).
    var dataBytes: Int { size.count * type.byteCount }

    /// Parses the first bytes of a `.nii` (at least 348; either byte order). Every number is checked before it
    /// is used: a malformed or lying header throws, it never traps.
    /// - Throws: ``VolumeIOError/malformed(path:reason:)`` or ``VolumeIOError/unsupported(path:reason:)``
    ///   naming `path` and the field.
    init(_ raw: UnsafeRawBufferPointer, path: String) throws {
        guard raw.count >= 348 else { throw VolumeIOError.malformed(path: path, reason: "shorter than a NIfTI-1 header") }
        var r = ByteReader(bytes: raw)
        if r.integer(Int32.self, at: 0) != 348 {
            r.bigEndian = true
            guard r.integer(Int32.self, at: 0) == 348 else {
                throw VolumeIOError.malformed(path: path, reason: "sizeof_hdr is not 348 (not NIfTI-1)")
            }
        }
        let magic = String(decoding: raw[344..<347], as: UTF8.self)
        guard magic == "n+1" else {
            throw VolumeIOError.unsupported(path: path, reason: "only single-file NIfTI-1 (magic n+1) is read")
        }
        let dims = (0..<8).map { Int(r.integer(Int16.self, at: 40 + 2 * $0)) }
        guard (1...7).contains(dims[0]), dims[1...3].allSatisfy({ $0 >= 1 }) || dims[0] < 3 else {
            throw VolumeIOError.malformed(path: path, reason: "invalid dim \(dims)")
        }
        if dims[0] > 3 && dims[4...dims[0]].contains(where: { $0 > 1 }) {
            throw VolumeIOError.unsupported(path: path, reason: "\(dims[0])D image (only 3D volumes are read)")
        }
        size = Size3(max(dims[1], 1), dims[0] >= 2 ? max(dims[2], 1) : 1, dims[0] >= 3 ? max(dims[3], 1) : 1)
        let code = r.integer(Int16.self, at: 70)
        guard let type = VoxelType(niftiCode: code) else {
            throw VolumeIOError.unsupported(path: path, reason: "NIfTI datatype \(code)")
        }
        self.type = type
        let offset = r.float(at: 108)
        guard offset.isFinite, offset >= 348, offset <= Float(Int32.max) else {
            throw VolumeIOError.malformed(path: path, reason: "vox_offset is not a byte offset ≥ 348")
        }
        dataOffset = Int(offset)
        bigEndian = r.bigEndian
        slope = r.float(at: 112)
        intercept = r.float(at: 116)
        let pixdim = (0..<8).map { Double(r.float(at: 76 + 4 * $0)) }
        qformCode = r.integer(Int16.self, at: 252)
        sformCode = r.integer(Int16.self, at: 254)
        var affine: AffineRAS
        if sformCode > 0 {
            let rows = (0..<3).map { row in (0..<4).map { Double(r.float(at: 280 + 16 * row + 4 * $0)) } }
            affine = AffineRAS(linear: Matrix3(rowMajor: rows.flatMap { $0.prefix(3) }),
                               translation: Vector3(rows[0][3], rows[1][3], rows[2][3]))
        } else {
            let spacing = Vector3(abs(pixdim[1]), abs(pixdim[2]), abs(pixdim[3]))
            var rotation = Matrix3.identity
            var translation = Vector3.zero
            if qformCode > 0 {
                let q = NIfTIQuaternion(b: Double(r.float(at: 256)), c: Double(r.float(at: 260)),
                                        d: Double(r.float(at: 264)), qfac: pixdim[0] < 0 ? -1 : 1)
                rotation = q.rotation
                translation = Vector3(Double(r.float(at: 268)), Double(r.float(at: 272)), Double(r.float(at: 276)))
            }
            affine = AffineRAS(linear: Matrix3(columns: rotation.columns.0 * spacing.x, rotation.columns.1 * spacing.y,
                                               rotation.columns.2 * spacing.z), translation: translation)
        }
        guard let geometry = affine.geometry(size: size) else {
            throw VolumeIOError.malformed(path: path, reason: "degenerate affine (a zero column)")
        }
        self.geometry = geometry
    }
}
