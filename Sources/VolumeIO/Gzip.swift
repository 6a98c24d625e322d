import CZlib
import Foundation
import VolumeModule

/// gzip (RFC 1952) compression and decompression through zlib.
///
/// Compression splits the input into chunks deflated in parallel (as pigz does) and joins them into
/// **one** gzip member: every chunk but the last ends with a full flush at a byte boundary, so the raw
/// deflate streams concatenate into one valid stream, and the CRC-32s are combined with `crc32_combine`.
/// Any gzip reader (zlib, Python's gzip, nibabel, ITK) reads the result.
public enum Gzip {
    /// Default chunk size for parallel compression (1 MiB).
    public static let defaultChunkSize = 1 << 20

    /// Compresses `bytes` into a single gzip member.
    /// - Parameters:
    ///   - level: zlib level 0…9 (6 is zlib's and ITK's default; 1 is fastest).
    ///   - chunkSize: bytes per independently deflated chunk.
    /// - Throws: ``VolumeIOError/compression(reason:)`` if zlib fails.
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = 6,
                                chunkSize: Int = defaultChunkSize) throws -> [UInt8] {
        try compress(pieces: [bytes], level: level, chunkSize: chunkSize)
    }

    /// Compresses the concatenation of `pieces` (e.g. a header and a voxel buffer, without copying them
    /// together) into a single gzip member.
    public static func compress(pieces: [UnsafeRawBufferPointer], level: Int32 = 6,
                                chunkSize: Int = defaultChunkSize) throws -> [UInt8] {
        try compressedMember(pieces: pieces, level: level, chunkSize: chunkSize).flatMap { $0 }
    }

    /// The gzip member of ``compress(pieces:level:chunkSize:)`` as consecutive byte runs (gzip header,
    /// deflated chunks, trailer), so a writer can stream them without joining them in memory.
    public static func compressedMember(pieces: [UnsafeRawBufferPointer], level: Int32 = 6,
                                        chunkSize: Int = defaultChunkSize) throws -> [[UInt8]] {
        precondition(chunkSize > 0, "chunk size must be positive")
        var chunks: [UnsafeRawBufferPointer] = []
        for piece in pieces where piece.count > 0 {
            var start = 0
            while start < piece.count {
                let end = min(piece.count, start + chunkSize)
                chunks.append(UnsafeRawBufferPointer(rebasing: piece[start..<end]))
                start = end
            }
        }
        if chunks.isEmpty { chunks = [UnsafeRawBufferPointer(start: nil, count: 0)] }
        let total = chunks.reduce(0) { $0 + $1.count }
        let results = parallelMap(chunks.count) { c -> (data: [UInt8], crc: uLong, status: Int32) in
            let chunk = chunks[c]
            let (data, status) = deflateRaw(chunk, level: level, finish: c == chunks.count - 1)
            return (data, crc32(0, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count)), status)
        }
        if let bad = results.first(where: { $0.status != Z_OK }) {
            throw VolumeIOError.compression(reason: "deflate failed with zlib status \(bad.status)")
        }
        let parts = results.map(\.data), crcs = results.map(\.crc)
        var crc = crcs[0]
        for c in chunks.indices.dropFirst() {
            crc = crc32_combine(crc, crcs[c], off_t(chunks[c].count))
        }
        var trailer: [UInt8] = []
        appendLittleEndian(UInt32(truncatingIfNeeded: crc), to: &trailer)
        appendLittleEndian(UInt32(truncatingIfNeeded: total), to: &trailer)
        return [[0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]] + parts + [trailer]  // header: no name, no mtime, OS = Unix
    }

    /// The most bytes deflate can expand one input byte into (258-byte matches coded in 2 bits).
    static let maximumExpansion = 1032

    /// Inflates gzip or zlib data (auto-detected), including several concatenated gzip members.
    ///
    /// Single pass straight into the output array, sized from `expectedSize`, else from the gzip trailer's ISIZE
    /// (the last member's length mod 2³², exact for the usual single member), else 3× the input — never more
    /// than deflate can produce from the input (1032×) — and it grows by doubling if that was short.
    /// - Throws: ``VolumeIOError/compression(reason:)`` for corrupt or truncated input.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, expectedSize: Int? = nil) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw VolumeIOError.compression(reason: "inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        var out = [UInt8](repeating: 0, count: outputCapacity(bytes, expectedSize: expectedSize))
        var produced = 0
        while true {
            if produced == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
            let room = min(out.count - produced, Int(UInt32.max))
            let status: Int32 = out.withUnsafeMutableBufferPointer { b in
                stream.next_out = b.baseAddress! + produced
                stream.avail_out = uInt(room)
                return inflate(&stream, Z_NO_FLUSH)
            }
            produced += room - Int(stream.avail_out)
            if status == Z_STREAM_END {
                // Another gzip member may follow.
                if stream.avail_in == 0 { break }
                guard inflateReset(&stream) == Z_OK else { throw VolumeIOError.compression(reason: "inflateReset failed") }
                continue
            }
            if status == Z_BUF_ERROR && stream.avail_in == 0 {
                throw VolumeIOError.compression(reason: "truncated gzip data")
            }
            guard status == Z_OK else {
                throw VolumeIOError.compression(reason: "corrupt gzip data (zlib status \(status))")
            }
        }
        out.removeLast(out.count - produced)
        return out
    }

    /// The output buffer to allocate first for inflating `bytes`: `expectedSize`, else the gzip trailer's ISIZE (the
    /// last member's length mod 2³², exact for the usual single member), else 3× the input — never more than
    /// deflate can produce from the input (1032×), at least 64.
    static func outputCapacity(_ bytes: UnsafeRawBufferPointer, expectedSize: Int?) -> Int {
        var capacity = expectedSize ?? bytes.count * 3
        if expectedSize == nil && isGzip(bytes) && bytes.count >= 18 {
            let t = bytes.count - 4
            capacity = Int(bytes[t]) | Int(bytes[t + 1]) << 8 | Int(bytes[t + 2]) << 16 | Int(bytes[t + 3]) << 24
        }
        // A claimed size (trailer or caller) is a number from the data: never allocate more than deflate can
        // produce from these bytes (at most 1032 output bytes per input byte, RFC 1951's longest match per bit).
        return max(min(capacity, bytes.count * maximumExpansion + 64), 64)
    }

    /// Whether the bytes start with the gzip magic number.
    public static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    private static func deflateRaw(_ input: UnsafeRawBufferPointer, level: Int32, finish: Bool) -> ([UInt8], Int32) {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return ([], Z_STREAM_ERROR) }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 16
        var out = [UInt8](repeating: 0, count: bound)
        let status: Int32 = out.withUnsafeMutableBufferPointer { o in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = o.baseAddress
            stream.avail_out = uInt(bound)
            return deflate(&stream, finish ? Z_FINISH : Z_FULL_FLUSH)
        }
        let expected = finish ? Z_STREAM_END : Z_OK
        guard status == expected, stream.avail_in == 0 else { return ([], status == Z_OK ? Z_BUF_ERROR : status) }
        // Copy out the used bytes: the deflate bound is about the input size, and keeping that capacity
        // for every chunk would double peak memory.
        return (Array(out[0..<Int(stream.total_out)]), Z_OK)
    }

    private static func appendLittleEndian(_ v: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}
