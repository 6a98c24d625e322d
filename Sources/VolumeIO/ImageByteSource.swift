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
    ///
    /// `ready` lets a single gzip stream be inflated ahead while the caller still prepares its selection (e.g. reads
    /// a mask on another core): until it returns `true`, whole chunks are inflated and kept (at most
    /// ``readAheadLimit`` bytes), then `select` is called and the kept chunks are cut like the rest. The other
    /// layouts call `select` at once (it may wait).
    /// - Returns: those bytes, or `nil` when `select` returns `nil` (nothing more is read).
    /// - Throws: ``ShortData`` when the data is shorter than the selection's `required` count;
    ///   ``VolumeIOError/malformed(path:reason:)`` for gzip that does not inflate (or fails a CRC); what `select`
    ///   throws.
    func read(prefix: Int, ready: () -> Bool = { true }, select: ([UInt8]) throws -> Selection?) throws -> [UInt8]? {
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
                    return try GzipStream.inflating(raw) { try Self.kept(of: $0, prefix: prefix, ready: ready, select: select) }
                }
            } catch let VolumeIOError.compression(reason) {
                throw VolumeIOError.malformed(path: path, reason: reason)
            }
        }
    }

    /// Bytes of the stream inflated at a time: large enough for igzip's fast path and few calls, small beside a CT.
    static let streamChunk = 1 << 18

    /// The most bytes of a stream inflated ahead of the selection (``read(prefix:ready:select:)``).
    static let readAheadLimit = 64 << 20

    /// ``read(prefix:ready:select:)`` of one gzip stream: inflated chunk by chunk to its end (ahead of the selection
    /// while `ready` says no), the selected ranges copied out of each chunk as it passes.
    private static func kept(of stream: GzipStream, prefix: Int, ready: () -> Bool,
                             select: ([UInt8]) throws -> Selection?) throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: max(streamChunk, prefix))
        var produced = try chunk.withUnsafeMutableBytes { try stream.next(into: $0) }
        let head = Array(chunk[0..<min(prefix, produced)])
        var ahead: [[UInt8]] = [], aheadBytes = 0
        while produced > 0 && aheadBytes < readAheadLimit && !ready() {
            ahead.append(Array(chunk[0..<produced]))
            aheadBytes += produced
            produced = try chunk.withUnsafeMutableBytes { try stream.next(into: $0) }
        }
        guard let selection = try select(head) else { return nil }
        var cutter = RangeCutter(selection.ranges)
        for n in ahead.indices {
            ahead[n].withUnsafeBytes { cutter.take($0) }
            ahead[n] = []
        }
        while produced > 0 {
            chunk.withUnsafeBytes { cutter.take(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            produced = try chunk.withUnsafeMutableBytes { try stream.next(into: $0) }
        }
        guard cutter.position >= selection.required, cutter.isComplete else { throw ShortData(count: cutter.position) }
        return cutter.out
    }
}

/// Copies the bytes of ascending, non-overlapping ranges out of consecutive pieces of a stream as they pass.
struct RangeCutter {
    private let ranges: [Range<Int>]
    private var next = 0, written = 0
    /// Stream bytes seen so far.
    private(set) var position = 0
    /// The ranges' bytes, concatenated.
    private(set) var out: [UInt8]

    init(_ ranges: [Range<Int>]) {
        precondition(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound },
                     "ranges of a gzip stream must ascend without overlapping")
        self.ranges = ranges
        out = [UInt8](repeating: 0, count: ranges.reduce(0) { $0 + $1.count })
    }

    /// Whether every range has been seen whole.
    var isComplete: Bool { written == out.count }

    /// The next piece of the stream.
    mutating func take(_ piece: UnsafeRawBufferPointer) {
        let start = position, end = position + piece.count
        while next < ranges.count && ranges[next].lowerBound < end {
            let range = ranges[next]
            let from = max(range.lowerBound, start), to = min(range.upperBound, end)
            if from < to {
                let count = to - from, at = written
                out.withUnsafeMutableBytes { target in
                    target.baseAddress!.advanced(by: at).copyMemory(from: piece.baseAddress!.advanced(by: from - start),
                                                                    byteCount: count)
                }
                written += count
            }
            if range.upperBound > end { break }
            next += 1
        }
        position = end
    }
}
