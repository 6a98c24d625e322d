import Foundation

/// The uncompressed bytes of an image file, read by ranges without keeping more than they need: a `.nii` or raw
/// file straight from its memory map, a ``BGZF`` file block by block (only the blocks holding the ranges are
/// inflated), any other gzip as one stream (``GzipStream``: inflated to its end, but only the ranges are kept).
final class ImageByteSource {
    /// The mapped file (kept alive while the source is used).
    private let file: Data
    private enum Layout { case raw, blocks(BGZF.Index), stream }
    private let layout: Layout
    private let path: String

    /// What a reader keeps of the file once it has seen its first bytes (e.g. a header).
    struct Selection {
        /// Byte ranges of the uncompressed data, ascending and not overlapping, returned concatenated.
        var ranges: [Range<Int>]
        /// Uncompressed bytes the file must hold (e.g. header + dim × bitpix), whether or not they are kept.
        var required: Int
    }

    /// The file holds fewer uncompressed bytes than a ``Selection`` requires.
    struct ShortData: Error {
        /// The uncompressed bytes it holds.
        var count: Int
    }

    /// Maps `url` and, for gzip, walks its BGZF blocks (no inflating yet).
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)``.
    init(_ url: URL) throws {
        path = url.path
        do {
            file = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        layout = file.withUnsafeBytes { raw in
            guard Gzip.isGzip(raw) else { return .raw }
            return BGZF.Index(raw).map { .blocks($0) } ?? .stream
        }
    }

    /// The first `prefix` bytes (fewer if the data is shorter) handed to `select`, then the bytes of the ranges it
    /// selects, concatenated in order.
    /// - Returns: those bytes, or `nil` when `select` returns `nil` (nothing more is read).
    /// - Throws: ``ShortData`` when the data is shorter than the selection's `required` count;
    ///   ``VolumeIOError/malformed(path:reason:)`` for gzip that does not inflate (or fails a CRC); what `select`
    ///   throws.
    func read(prefix: Int, select: ([UInt8]) throws -> Selection?) throws -> [UInt8]? {
        try file.withUnsafeBytes { raw in
            do {
                switch layout {
                case .raw:
                    guard let selection = try select([UInt8](raw.prefix(prefix))) else { return nil }
                    guard raw.count >= selection.required else { throw ShortData(count: raw.count) }
                    return selection.ranges.flatMap { raw[$0] }
                case .blocks(let index):
                    guard let selection = try select(try index.bytes([0..<min(prefix, index.count)], from: raw)) else {
                        return nil
                    }
                    guard index.count >= selection.required else { throw ShortData(count: index.count) }
                    return try index.bytes(selection.ranges, from: raw)
                case .stream:
                    return try GzipStream.inflating(raw) { try Self.kept(of: $0, prefix: prefix, select: select) }
                }
            } catch let VolumeIOError.compression(reason) {
                throw VolumeIOError.malformed(path: path, reason: reason)
            }
        }
    }

    /// Bytes of the stream inflated at a time: large enough for zlib's fast path and few calls, small beside a CT.
    static let streamChunk = 1 << 18

    /// ``read(prefix:select:)`` of one gzip stream: inflated chunk by chunk to its end, the selected ranges copied
    /// out of each chunk as it passes.
    private static func kept(of stream: GzipStream, prefix: Int, select: ([UInt8]) throws -> Selection?) throws
        -> [UInt8]?
    {
        var chunk = [UInt8](repeating: 0, count: max(streamChunk, prefix))
        var produced = try chunk.withUnsafeMutableBytes { try stream.next(into: $0) }
        guard let selection = try select(Array(chunk[0..<min(prefix, produced)])) else { return nil }
        let ranges = selection.ranges
        precondition(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound },
                     "ranges of a gzip stream must ascend without overlapping")
        var out = [UInt8](repeating: 0, count: ranges.reduce(0) { $0 + $1.count })
        var next = 0, written = 0
        var chunkStart = 0
        while produced > 0 {
            let chunkEnd = chunkStart + produced
            // Copy every selected byte of this chunk.
            while next < ranges.count && ranges[next].lowerBound < chunkEnd {
                let range = ranges[next]
                let from = max(range.lowerBound, chunkStart), to = min(range.upperBound, chunkEnd)
                if from < to {
                    chunk.withUnsafeBytes { source in
                        out.withUnsafeMutableBytes { target in
                            target.baseAddress!.advanced(by: written)
                                .copyMemory(from: source.baseAddress!.advanced(by: from - chunkStart), byteCount: to - from)
                        }
                    }
                    written += to - from
                }
                if range.upperBound > chunkEnd { break }
                next += 1
            }
            chunkStart = chunkEnd
            produced = try chunk.withUnsafeMutableBytes { try stream.next(into: $0) }
        }
        guard chunkStart >= selection.required, written == out.count else { throw ShortData(count: chunkStart) }
        return out
    }
}
