import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import VolumeIO

/// ``GzipStream`` (igzip) on single-stream gzip as other tools write it: equal to zlib's whole inflate for one
/// member, several members and a member with a file name; corrupt, truncated or CRC-damaged data throws, also
/// through a region read of a `.nii.gz` (``NIfTI/read(_:region:)``), which keeps only the box's rows.
@Suite struct GzipStreamTests {
    static let data = BGZFTests.bytes(700_001, seed: 12)

    /// One gzip member of `bytes` (zlib, single member), optionally with an FNAME field as `gzip` writes it.
    static func member(_ bytes: [UInt8], name: String? = nil) throws -> [UInt8] {
        var out = try bytes.withUnsafeBytes { try Gzip.compress($0, chunkSize: 1 << 16) }
        if let name {
            out[3] |= 8  // FLG.FNAME
            out.insert(contentsOf: Array(name.utf8) + [0], at: 10)
        }
        return out
    }

    static func streamed(_ gzip: [UInt8], piece: Int) throws -> [UInt8] {
        try gzip.withUnsafeBytes { raw in
            try GzipStream.inflating(raw) { stream in
                var out: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: piece)
                while true {
                    let n = try buffer.withUnsafeMutableBytes { try stream.next(into: $0) }
                    if n == 0 { return out }
                    out += buffer[0..<n]
                }
            }
        }
    }

    @Test(arguments: [1, 4096, 1 << 18])
    func inflatesAsZlibDoes(piece: Int) throws {
        let one = try Self.member(Self.data)
        let named = try Self.member(Self.data, name: "image.nii")
        let two = try Self.member(Array(Self.data[0..<1000])) + Self.member(Array(Self.data[1000...]))
        for gzip in [one, named, two] {
            #expect(try Self.streamed(gzip, piece: piece) == Self.data)
            #expect(try gzip.withUnsafeBytes { try Gzip.decompress($0) } == Self.data)
            #expect(try gzip.withUnsafeBytes { try ImageFile.inflate($0) } == Self.data)
        }
    }

    @Test func damagedDataThrows() throws {
        let gzip = try Self.member(Self.data)
        var crc = gzip
        crc[crc.count - 6] ^= 0x40  // CRC-32 of the trailer
        var length = gzip
        length[length.count - 3] ^= 0x01  // ISIZE
        let truncated = Array(gzip.dropLast(9))
        var body = gzip
        body[body.count / 2] ^= 0xFF
        for bad in [crc, length, truncated, body] {
            #expect(throws: VolumeIOError.self) { try Self.streamed(bad, piece: 1 << 16) }
        }
    }

    /// A region read of a single-stream `.nii.gz` inflates to the end, so a damaged trailer is found even though
    /// the box's rows come first; a clean file gives the cropped whole image.
    @Test func regionReadsCheckTheWholeStream() throws {
        let geometry = VolumeGeometry(size: Size3(160, 130, 20), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-10, 5, 0))
        var random = SplitMix(state: 77)
        let volume = Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { _ in Int16(random.uniform(-1024, 3000)) })
        let folder = try TestPaths.temporaryFolder()
        let raw = folder.appendingPathComponent("image.nii")
        try NIfTI.write(volume, to: raw)
        let gzip = try Self.member([UInt8](Data(contentsOf: raw)), name: "image.nii")
        let url = folder.appendingPathComponent("image.nii.gz")
        let box = IndexBox(lower: Index3(3, 4, 1), upper: Index3(20, 12, 5))
        try Data(gzip).write(to: url)
        let part = try #require(try NIfTI.read(url, region: { _ in box }))
        #expect(part.volume.voxels == volume.cropped(to: box).voxels.map { Float($0) })
        // Inflated ahead while the caller is not ready to choose (read-ahead chunks are cut like the rest).
        for polls in [1, 2, 1000] {
            var asked = 0
            let ahead = try #require(try NIfTI.read(url, ready: { asked += 1; return asked > polls }, region: { _ in box }))
            #expect(ahead.volume.voxels == part.volume.voxels, "ready after \(polls) polls")
        }
        var damaged = gzip
        damaged[damaged.count - 6] ^= 0x40
        try Data(damaged).write(to: url)
        #expect(throws: VolumeIOError.self) { try NIfTI.read(url, region: { _ in box }) }
        try Data(gzip.dropLast(5000)).write(to: url)
        #expect(throws: VolumeIOError.self) { try NIfTI.read(url, region: { _ in box }) }
        #expect(throws: VolumeIOError.self) { try NIfTI.readLabels(url) }
    }
}
