import Foundation
import Testing
import TestSupport
@testable import PNGRender

@Suite struct PNGEncoderTests {
    /// A small image whose every byte differs from its neighbours' (so filters and channel order matter).
    static func pattern(width: Int, height: Int) -> RGBAImage {
        var image = RGBAImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[x, y] = RGBAColor(UInt8(x * 37 % 256), UInt8(y * 53 % 256), UInt8((x * y + 7) % 256), UInt8((x + 3 * y) % 256))
            }
        }
        return image
    }

    @Test func storedRGBARoundTripsThroughAnIndependentDecoder() throws {
        let image = Self.pattern(width: 13, height: 7)
        let png = try PNGEncoder.encode(image, keepAlpha: true, compressionLevel: 0)
        let (header, samples) = try PNGFile.decodeStored(png)
        #expect(header == PNGHeader(width: 13, height: 7, bitDepth: 8, colorType: 6, compression: 0, filter: 0, interlace: 0))
        #expect(samples == image.pixels)
    }

    @Test func opaqueRGBDropsTheFourthByte() throws {
        let image = Self.pattern(width: 9, height: 5)
        let (header, samples) = try PNGFile.decodeStored(try PNGEncoder.encode(image, compressionLevel: 0))
        #expect(header.colorType == 2)
        let rgb = stride(from: 0, to: image.pixels.count, by: 4).flatMap { image.pixels[$0..<($0 + 3)] }
        #expect(samples == rgb)
    }

    @Test(arguments: [PNGEncoder.PixelFormat.grey8, .rgb8])
    func rawBuffersRoundTrip(format: PNGEncoder.PixelFormat) throws {
        let bytes = (0..<(11 * 6 * format.channels)).map { UInt8(($0 * 91 + 5) % 256) }
        let (header, samples) = try PNGFile.decodeStored(
            try PNGEncoder.encode(bytes: bytes, width: 11, height: 6, format: format, compressionLevel: 0))
        #expect(header.colorType == (format == .grey8 ? 0 : 2))
        #expect(samples == bytes)
    }

    @Test func compressedFileHasOnlyCriticalChunksWithValidCRCs() throws {
        let folder = try TestPaths.temporaryFolder()
        let url = folder.appendingPathComponent("x.png")
        try PNGEncoder.write(Self.pattern(width: 40, height: 30), to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        let chunks = try PNGFile.chunks(bytes)
        #expect(chunks.first?.type == "IHDR" && chunks.last?.type == "IEND")
        #expect(Set(chunks.map(\.type)).isSubset(of: ["IHDR", "IDAT", "IEND"]))
        #expect(PNGFile.header(chunks)?.width == 40 && PNGFile.header(chunks)?.height == 30)
    }

    @Test func chunkCheckerRejectsCorruptionAndBadSignatures() throws {
        var png = try PNGEncoder.encode(Self.pattern(width: 4, height: 4))
        png[20] ^= 1  // inside IHDR data
        #expect(throws: PNGFileError.badCRC("IHDR")) { try PNGFile.chunks(png) }
        png[20] ^= 1
        png[1] = 0
        #expect(throws: PNGFileError.badSignature) { try PNGFile.chunks(png) }
        // A compressed stream is not mistaken for a stored one.
        let compressed = try PNGEncoder.encode(Self.pattern(width: 64, height: 64), compressionLevel: 9)
        #expect(throws: PNGFileError.notStored) { try PNGFile.decodeStored(compressed) }
    }

    @Test func compressedOutputDecodesWithPythonZlibWhenAvailable() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) else {
            print("skipped: python3 not found")
            return
        }
        let folder = try TestPaths.temporaryFolder()
        let image = Self.pattern(width: 33, height: 21)
        try PNGEncoder.write(image, to: folder.appendingPathComponent("a.png"), keepAlpha: true, compressionLevel: 9)
        try Data(image.pixels).write(to: folder.appendingPathComponent("a.raw"))
        // Python's zlib inflates (a decoder independent of libpng's writer); unfilter as the PNG spec §9.
        let script = """
        import struct, sys, zlib
        d = open(sys.argv[1] + '/a.png', 'rb').read(); o = 8; idat = b''; w = h = 0
        while o < len(d):
            n, t = struct.unpack('>I4s', d[o:o+8]); body = d[o+8:o+8+n]
            if t == b'IHDR': w, h = struct.unpack('>II', body[:8])
            if t == b'IDAT': idat += body
            o += 12 + n
        raw = zlib.decompress(idat); s = w * 4; out = bytearray(); prev = bytearray(s)
        for y in range(h):
            f = raw[y*(s+1)]; row = bytearray(raw[y*(s+1)+1:(y+1)*(s+1)])
            for x in range(s):
                a = row[x-4] if x >= 4 else 0; b = prev[x]; c = prev[x-4] if x >= 4 else 0
                p = [0, a, b, (a+b)//2, None][f]
                if f == 4:
                    q = a + b - c; pa, pb, pc = abs(q-a), abs(q-b), abs(q-c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[x] = (row[x] + p) & 255
            out += row; prev = row
        sys.exit(0 if bytes(out) == open(sys.argv[1] + '/a.raw', 'rb').read() else 1)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, folder.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func badInputThrowsAndLeavesNoFile() throws {
        #expect(throws: PNGRenderError.self) { try PNGEncoder.encode(RGBAImage(width: 0, height: 3)) }
        let folder = try TestPaths.temporaryFolder()
        let missing = folder.appendingPathComponent("no/such/dir/x.png")
        #expect(throws: PNGRenderError.self) { try PNGEncoder.write(Self.pattern(width: 2, height: 2), to: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing.path))
        #expect(throws: PNGRenderError.self) { try PNGEncoder.encode(Self.pattern(width: 2, height: 2), compressionLevel: 12) }
    }

    @Test func libpngVersionIsReported() {
        #expect(PNGEncoder.libpngVersion.hasPrefix("1."))
    }
}
