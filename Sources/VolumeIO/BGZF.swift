import CDeflate
import Foundation
import VolumeModule

/// BGZF, the blocked gzip of the SAM/BAM specification (§4.1, https://samtools.github.io/hts-specs/SAMv1.pdf):
/// a series of independent gzip members ("blocks") of at most 64 KiB each, every one carrying its own size in a
/// `BC` extra subfield, ending with the standard 28-byte empty block.
///
/// Every gzip reader reads it as ordinary gzip (zlib, Python's `gzip`, nibabel, ITK/SimpleITK, FSL: concatenated
/// members are part of RFC 1952). RadStation writes `.nii.gz` this way (not NRRD: pynrrd inflates only a stream's
/// first member, so NRRD gzip stays one member, ``Gzip``) because
/// - blocks are compressed and decompressed independently, on every core, with libdeflate (2–3× zlib's speed at
///   the same level and ratio), and each has its own CRC-32;
/// - the blocks' sizes make the file **seekable**: a reader walks the block headers (no inflating) and then
///   inflates only the blocks that hold the bytes it needs (``Index``), e.g. one lesion's box of a full-size CT.
///
/// Each block holds ``blockDataSize`` uncompressed bytes (the last one fewer); block boundaries fall at multiples
/// of it in the uncompressed stream.
public enum BGZF {
    /// Uncompressed bytes per block: htslib's `BGZF_BLOCK_SIZE` (0xff00), so that even a stored (incompressible)
    /// block fits the 64 KiB limit.
    public static let blockDataSize = 0xFF00

    /// Header (with the 6-byte extra field) and trailer bytes around each block's deflate data.
    static let headerSize = 18, trailerSize = 8
    /// The largest block, header and trailer included (`BSIZE` is the total size − 1 in 16 bits).
    static let maximumBlockSize = 1 << 16

    /// The empty block that ends every BGZF file (SAM spec §4.1.2).
    static let endOfFile: [UInt8] = [0x1F, 0x8B, 8, 4, 0, 0, 0, 0, 0, 0xFF, 6, 0, 0x42, 0x43, 2, 0, 0x1B, 0,
                                     3, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    /// Blocks per parallel task (one libdeflate compressor or decompressor each): about 1 MiB of data.
    static let blocksPerTask = 16

    /// Compresses the concatenation of `pieces` (e.g. a header and a voxel buffer, not joined in memory) into
    /// BGZF, on all cores.
    /// - Parameter level: libdeflate level 0…12 (6, the default, compresses like zlib's 6; 1 is fastest).
    /// - Returns: consecutive byte runs (about 1 MiB of input each, then the end-of-file block) to be written
    ///   one after another.
    /// - Throws: ``VolumeIOError/compression(reason:)`` if libdeflate cannot allocate a compressor.
    public static func compress(pieces: [UnsafeRawBufferPointer], level: Int32 = 6) throws -> [[UInt8]] {
        let stream = PieceStream(pieces)
        let blocks = (stream.count + blockDataSize - 1) / blockDataSize
        let tasks = (blocks + blocksPerTask - 1) / blocksPerTask
        let clamped = min(max(level, 0), 12)
        let runs = parallelMap(tasks) { task -> [UInt8]? in
            guard let compressor = libdeflate_alloc_compressor(clamped) else { return nil }
            defer { libdeflate_free_compressor(compressor) }
            var run: [UInt8] = []
            var scratch = [UInt8](repeating: 0, count: blockDataSize)
            var deflated = [UInt8](repeating: 0, count: maximumBlockSize)
            for block in (task * blocksPerTask)..<min(blocks, (task + 1) * blocksPerTask) {
                let start = block * blockDataSize, end = min(stream.count, start + blockDataSize)
                let ok = stream.withContiguous(start..<end, scratch: &scratch) { data in
                    appendBlock(data, compressor: compressor, deflated: &deflated, to: &run)
                }
                if !ok { return nil }
            }
            return run
        }
        guard runs.allSatisfy({ $0 != nil }) else {
            throw VolumeIOError.compression(reason: "libdeflate could not allocate a compressor")
        }
        return runs.compactMap { $0 } + [endOfFile]
    }

    /// Deflates one block's data and appends the block (header with `BC` = size − 1, data, CRC-32, size).
    /// Data that does not shrink enough is stored (level 0), which always fits.
    private static func appendBlock(_ data: UnsafeRawBufferPointer, compressor: OpaquePointer,
                                    deflated: inout [UInt8], to run: inout [UInt8]) -> Bool {
        let room = maximumBlockSize - headerSize - trailerSize
        var size = deflated.withUnsafeMutableBytes { out in
            libdeflate_deflate_compress(compressor, data.baseAddress, data.count, out.baseAddress, room)
        }
        if size == 0 {
            guard let stored = libdeflate_alloc_compressor(0) else { return false }
            defer { libdeflate_free_compressor(stored) }
            size = deflated.withUnsafeMutableBytes { out in
                libdeflate_deflate_compress(stored, data.baseAddress, data.count, out.baseAddress, room)
            }
            if size == 0 { return false }
        }
        let total = headerSize + size + trailerSize
        run += [0x1F, 0x8B, 8, 4, 0, 0, 0, 0, 0, 0xFF, 6, 0, 0x42, 0x43, 2, 0,
                UInt8((total - 1) & 0xFF), UInt8((total - 1) >> 8)]
        run += deflated[0..<size]
        let crc = libdeflate_crc32(0, data.baseAddress, data.count)
        for value in [crc, UInt32(data.count)] {
            for shift in stride(from: 0, to: 32, by: 8) { run.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return true
    }
}

extension BGZF {
    /// Where each block of a BGZF file lies, found by walking the block headers without inflating anything.
    public struct Index: Sendable {
        /// Byte offset of each block in the file, plus the file's length at the end.
        let fileOffsets: [Int]
        /// Offset of each block's first byte in the uncompressed stream, plus the stream's length at the end.
        let streamOffsets: [Int]

        /// Number of uncompressed bytes.
        public var count: Int { streamOffsets.last ?? 0 }
        /// Number of blocks (the empty end-of-file block included).
        public var blockCount: Int { fileOffsets.count - 1 }

        /// Walks `file`'s blocks. Returns `nil` when `file` is not BGZF (not gzip, a member without the `BC`
        /// subfield, other flags, a size that does not add up): such files are read as plain gzip instead.
        public init?(_ file: UnsafeRawBufferPointer) {
            var files: [Int] = [], streams: [Int] = []
            var offset = 0, produced = 0
            while offset < file.count {
                guard let (blockSize, dataSize) = BGZF.block(at: offset, in: file) else { return nil }
                files.append(offset)
                streams.append(produced)
                offset += blockSize
                produced += dataSize
            }
            guard !files.isEmpty else { return nil }
            fileOffsets = files + [offset]
            streamOffsets = streams + [produced]
        }

        /// The block holding uncompressed byte `position` (0 ≤ position < ``count``).
        func block(holding position: Int) -> Int {
            var low = 0, high = blockCount - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if streamOffsets[middle] <= position { low = middle } else { high = middle - 1 }
            }
            return low
        }

        /// The uncompressed bytes of `ranges` (each inside 0..<``count``), concatenated in the order given:
        /// only the blocks that hold them are inflated (on all cores), each checked against its CRC-32 and size, and
        /// each block's part of the ranges is copied into place as soon as it is inflated (memory: the output and one
        /// block per task, not every block needed).
        /// - Throws: ``VolumeIOError/compression(reason:)`` for a block that does not inflate to its recorded
        ///   size and CRC.
        public func bytes(_ ranges: [Range<Int>], from file: UnsafeRawBufferPointer) throws -> [UInt8] {
            // Every piece of a range inside one block: (block, start in the block, length, start in the output).
            var pieces: [(block: Int, start: Int, count: Int, target: Int)] = []
            var total = 0
            for range in ranges where !range.isEmpty {
                precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the stream")
                var position = range.lowerBound
                var b = block(holding: position)
                while position < range.upperBound {
                    while streamOffsets[b + 1] <= position { b += 1 }
                    let end = min(range.upperBound, streamOffsets[b + 1])
                    pieces.append((b, position - streamOffsets[b], end - position, total))
                    total += end - position
                    position = end
                }
            }
            pieces.sort { ($0.block, $0.start) < ($1.block, $1.start) }
            // Runs of pieces per block, in block order.
            var runs: [(block: Int, pieces: Range<Int>)] = []
            for (n, piece) in pieces.enumerated() {
                if let last = runs.last, last.block == piece.block {
                    runs[runs.count - 1].pieces = last.pieces.lowerBound..<(n + 1)
                } else {
                    runs.append((piece.block, n..<(n + 1)))
                }
            }
            var out = [UInt8](repeating: 0, count: total)
            let failures = out.withUnsafeMutableBytes { buffer -> [String?] in
                let target = UncheckedSendable(buffer)
                let tasks = (runs.count + BGZF.blocksPerTask - 1) / BGZF.blocksPerTask
                return parallelMap(tasks) { task -> String? in
                    guard let decompressor = libdeflate_alloc_decompressor() else { return "libdeflate could not allocate a decompressor" }
                    defer { libdeflate_free_decompressor(decompressor) }
                    var scratch = [UInt8](repeating: 0, count: BGZF.blockDataSize)
                    for run in runs[(task * BGZF.blocksPerTask)..<min(runs.count, (task + 1) * BGZF.blocksPerTask)] {
                        let b = run.block, size = streamOffsets[b + 1] - streamOffsets[b]
                        let failure = scratch.withUnsafeMutableBytes { data -> String? in
                            if let failure = inflateBlock(b, from: file, into: UnsafeMutableRawBufferPointer(rebasing: data[0..<size]),
                                                          decompressor) { return failure }
                            for piece in pieces[run.pieces] {
                                target.value.baseAddress!.advanced(by: piece.target)
                                    .copyMemory(from: data.baseAddress!.advanced(by: piece.start), byteCount: piece.count)
                            }
                            return nil
                        }
                        if let failure { return failure }
                    }
                    return nil
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw VolumeIOError.compression(reason: failure) }
            return out
        }

        /// The whole uncompressed stream, every block inflated straight into its place (on all cores).
        /// - Throws: as ``bytes(_:from:)``.
        public func all(from file: UnsafeRawBufferPointer) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            let failures = out.withUnsafeMutableBytes { buffer -> [String?] in
                let target = UncheckedSendable(buffer)
                let tasks = (blockCount + BGZF.blocksPerTask - 1) / BGZF.blocksPerTask
                return parallelMap(tasks) { task -> String? in
                    guard let decompressor = libdeflate_alloc_decompressor() else { return "libdeflate could not allocate a decompressor" }
                    defer { libdeflate_free_decompressor(decompressor) }
                    for b in (task * BGZF.blocksPerTask)..<min(blockCount, (task + 1) * BGZF.blocksPerTask) {
                        let slice = UnsafeMutableRawBufferPointer(rebasing: target.value[streamOffsets[b]..<streamOffsets[b + 1]])
                        if let failure = inflateBlock(b, from: file, into: slice, decompressor) { return failure }
                    }
                    return nil
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw VolumeIOError.compression(reason: failure) }
            return out
        }

        /// Inflates block `b` into `target` (exactly its recorded size) and checks its CRC-32; returns the
        /// failure, or `nil`.
        private func inflateBlock(_ b: Int, from file: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer,
                                  _ decompressor: OpaquePointer) -> String? {
            let start = fileOffsets[b], end = fileOffsets[b + 1]
            let extra = Int(file[start + 10]) | Int(file[start + 11]) << 8
            let data = UnsafeRawBufferPointer(rebasing: file[(start + 12 + extra)..<(end - BGZF.trailerSize)])
            var produced = 0
            let status = libdeflate_deflate_decompress(decompressor, data.baseAddress, data.count, target.baseAddress,
                                                       target.count, &produced)
            guard status == LIBDEFLATE_SUCCESS, produced == target.count else {
                return "corrupt BGZF block \(b) (libdeflate status \(status.rawValue))"
            }
            let trailer = end - BGZF.trailerSize
            let recorded = UInt32(file[trailer]) | UInt32(file[trailer + 1]) << 8 | UInt32(file[trailer + 2]) << 16
                | UInt32(file[trailer + 3]) << 24
            guard libdeflate_crc32(0, target.baseAddress, target.count) == recorded else {
                return "BGZF block \(b) fails its CRC-32"
            }
            return nil
        }
    }

    /// The total size and uncompressed size of the BGZF block at `offset`, or `nil` when there is none: gzip
    /// magic, deflate, flags exactly FEXTRA, a `BC` subfield of length 2 inside the extra field, a total size
    /// that fits the file and holds header and trailer, ISIZE ≤ 64 KiB.
    static func block(at offset: Int, in file: UnsafeRawBufferPointer) -> (size: Int, dataSize: Int)? {
        guard file.count - offset >= headerSize + trailerSize, file[offset] == 0x1F, file[offset + 1] == 0x8B,
              file[offset + 2] == 8, file[offset + 3] == 4 else { return nil }
        let extra = Int(file[offset + 10]) | Int(file[offset + 11]) << 8
        guard extra >= 6, file.count - offset >= 12 + extra + trailerSize else { return nil }
        var blockSize: Int?
        var field = offset + 12
        while field + 4 <= offset + 12 + extra {
            let length = Int(file[field + 2]) | Int(file[field + 3]) << 8
            guard field + 4 + length <= offset + 12 + extra else { return nil }
            if file[field] == 0x42 && file[field + 1] == 0x43 && length == 2 {
                blockSize = (Int(file[field + 4]) | Int(file[field + 5]) << 8) + 1
            }
            field += 4 + length
        }
        guard let size = blockSize, size >= 12 + extra + trailerSize, size <= file.count - offset else { return nil }
        let t = offset + size - 4
        let dataSize = Int(file[t]) | Int(file[t + 1]) << 8 | Int(file[t + 2]) << 16 | Int(file[t + 3]) << 24
        guard dataSize <= maximumBlockSize else { return nil }
        return (size, dataSize)
    }
}

/// The logical concatenation of several buffers, read by ranges.
private struct PieceStream {
    let pieces: [UnsafeRawBufferPointer]
    let starts: [Int]
    let count: Int

    init(_ pieces: [UnsafeRawBufferPointer]) {
        self.pieces = pieces.filter { $0.count > 0 }
        var starts: [Int] = [], total = 0
        for piece in self.pieces {
            starts.append(total)
            total += piece.count
        }
        self.starts = starts
        count = total
    }

    /// Calls `body` with the bytes of `range`: straight from the piece when one holds it all, else copied into
    /// `scratch` (at least `range.count` bytes).
    func withContiguous<R>(_ range: Range<Int>, scratch: inout [UInt8], _ body: (UnsafeRawBufferPointer) -> R) -> R {
        for (n, piece) in pieces.enumerated() where starts[n] <= range.lowerBound && range.upperBound <= starts[n] + piece.count {
            return body(UnsafeRawBufferPointer(rebasing: piece[(range.lowerBound - starts[n])..<(range.upperBound - starts[n])]))
        }
        var filled = 0
        for (n, piece) in pieces.enumerated() {
            let low = max(range.lowerBound, starts[n]), high = min(range.upperBound, starts[n] + piece.count)
            guard low < high else { continue }
            scratch.withUnsafeMutableBytes { out in
                out.baseAddress!.advanced(by: filled).copyMemory(from: piece.baseAddress!.advanced(by: low - starts[n]),
                                                                 byteCount: high - low)
            }
            filled += high - low
        }
        return scratch.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<filled])) }
    }
}
