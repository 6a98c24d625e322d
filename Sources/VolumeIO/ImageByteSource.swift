import Foundation

/// The uncompressed bytes of an image file, read by ranges without inflating more than they need: a `.nii` or
/// raw file straight from its memory map, a ``BGZF`` file block by block, any other gzip inflated whole once.
final class ImageByteSource {
    /// The mapped file (kept alive while the source is used).
    private let file: Data
    private enum Layout { case raw, blocks(BGZF.Index), inflated([UInt8]) }
    private let layout: Layout
    private let path: String

    /// Number of uncompressed bytes.
    let count: Int

    /// Maps `url` and, for gzip, walks its BGZF blocks (or inflates it when it is not BGZF).
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)``, or ``VolumeIOError/malformed(path:reason:)`` for
    ///   gzip that does not inflate.
    init(_ url: URL) throws {
        path = url.path
        do {
            file = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        let (layout, count): (Layout, Int) = try file.withUnsafeBytes { raw in
            guard Gzip.isGzip(raw) else { return (.raw, raw.count) }
            if let index = BGZF.Index(raw) { return (.blocks(index), index.count) }
            do {
                let bytes = try Gzip.decompress(raw)
                return (.inflated(bytes), bytes.count)
            } catch let VolumeIOError.compression(reason) {
                throw VolumeIOError.malformed(path: url.path, reason: reason)
            }
        }
        self.layout = layout
        self.count = count
    }

    /// The bytes of `ranges` (each inside `0..<count`), concatenated in the order given.
    /// - Throws: ``VolumeIOError/malformed(path:reason:)`` for a BGZF block that fails to inflate or its CRC.
    func bytes(_ ranges: [Range<Int>]) throws -> [UInt8] {
        try file.withUnsafeBytes { raw in
            switch layout {
            case .raw: return ranges.flatMap { raw[$0] }
            case .inflated(let bytes): return ranges.flatMap { bytes[$0] }
            case .blocks(let index):
                do { return try index.bytes(ranges, from: raw) } catch let VolumeIOError.compression(reason) {
                    throw VolumeIOError.malformed(path: path, reason: reason)
                }
            }
        }
    }
}
