import Foundation
import VolumeModule

extension NIfTI {
    /// Reads only the voxels inside a box of a `.nii`/`.nii.gz`: the box is chosen by `region` from the file's
    /// grid (e.g. ``VolumeModule/VolumeGeometry/indexBox(reaching:margin:)``, the voxels a resampling onto a small
    /// grid reads). Of a `.nii` only the box's rows are read; of a ``BGZF`` `.nii.gz` only the blocks holding them
    /// are inflated; other gzip (one zlib member, as most tools write it) is inflated to its end as one stream of
    /// which only the box's rows are kept (``GzipStream``), so memory follows the box. Values and geometry equal
    /// ``read(_:)`` followed by `Volume.cropped(to:)`.
    /// - Parameter region: the box (clamped to the grid by the caller's choice; it must lie inside it), or `nil`
    ///   when nothing of the file is needed; called once with the header's grid, before any voxel is read, and
    ///   what it throws is thrown.
    /// - Parameter ready: for a single-stream gzip, the stream is inflated ahead (at most 64 MiB kept) until it
    ///   returns `true`, and only then is `region` called — so a caller still preparing its choice on another core
    ///   (e.g. reading a mask) loses no time; `region` may also simply wait.
    /// - Returns: the box's voxels on the cropped grid (origin at the box's first voxel), or `nil` when `region`
    ///   returned `nil`.
    /// - Throws: as ``read(_:)``; ``VolumeIOError/malformed(path:reason:)`` when the box leaves the grid; what
    ///   `region` throws.
    public static func read(_ url: URL, ready: () -> Bool = { true },
                            region: (VolumeGeometry) throws -> IndexBox?) throws -> Image? {
        try readRegion(url, ready: ready, region: region, decode: floats).map { Image(volume: $0.0, storedType: $0.1, qformCode: $0.2, sformCode: $0.3) }
    }

    /// ``readLabels(_:)`` of only the voxels inside a box; see ``read(_:region:)``.
    public static func readLabels(_ url: URL, region: (VolumeGeometry) throws -> IndexBox?) throws -> Mask? {
        try readRegion(url, region: region) { type, raw, count, bigEndian, slope, intercept in
            try labels(type, raw, count: count, bigEndian: bigEndian, slope: slope, intercept: intercept, path: url.path)
        }?.0
    }

    /// The header, then the box's rows (one byte range per row of the box), decoded by `decode`.
    static func readRegion<Voxel>(
        _ url: URL, ready: () -> Bool = { true }, region: (VolumeGeometry) throws -> IndexBox?,
        decode: (VoxelType, UnsafeRawBufferPointer, Int, Bool, Float, Float) throws -> [Voxel]
    ) throws -> (Volume<Voxel>, VoxelType, Int16, Int16)? {
        var found: (header: NIfTIHeader, box: IndexBox)?
        let read: [UInt8]?
        do {
            read = try ImageByteSource(url).read(prefix: 348, ready: ready) { prefix -> ImageByteSource.Selection? in
                guard prefix.count >= 348 else {
                    throw VolumeIOError.malformed(path: url.path, reason: "shorter than a NIfTI-1 header")
                }
                let header = try prefix.withUnsafeBytes { try NIfTIHeader($0, path: url.path) }
                guard let box = try region(header.geometry) else { return nil }
                let size = header.size
                guard size.contains(box.lower.i, box.lower.j, box.lower.k),
                      size.contains(box.upper.i, box.upper.j, box.upper.k) else {
                    throw VolumeIOError.malformed(path: url.path, reason: "region \(box) outside the grid \(size)")
                }
                found = (header, box)
                return ImageByteSource.Selection(ranges: rows(of: box, header: header),
                                                 required: header.dataOffset + header.dataBytes)
            }
        } catch let short as ImageByteSource.ShortData {
            let needed = found.map { $0.header.dataOffset + $0.header.dataBytes } ?? 0
            throw VolumeIOError.malformed(path: url.path, reason: "data shorter than dim × bitpix (\(short.count) of \(needed) bytes)")
        }
        guard let bytes = read, let (header, box) = found else { return nil }
        let values = try bytes.withUnsafeBytes {
            try decode(header.type, $0, box.size.count, header.bigEndian, header.slope, header.intercept)
        }
        var geometry = header.geometry
        geometry.origin = header.geometry.physicalPoint(i: box.lower.i, j: box.lower.j, k: box.lower.k)
        geometry.size = box.size
        return (Volume(geometry: geometry, voxels: values), header.type, header.qformCode, header.sformCode)
    }

    /// The byte range of every row of `box` in the file (ascending: i fastest, then j, then k).
    static func rows(of box: IndexBox, header: NIfTIHeader) -> [Range<Int>] {
        let width = header.type.byteCount, rowBytes = box.size.i * width
        var rows: [Range<Int>] = []
        rows.reserveCapacity(box.size.j * box.size.k)
        for k in box.lower.k...box.upper.k {
            for j in box.lower.j...box.upper.j {
                let start = header.dataOffset + header.size.offset(box.lower.i, j, k) * width
                rows.append(start..<(start + rowBytes))
            }
        }
        return rows
    }
}
