import TestSupport

// An independent PNG reader for tests: chunk parser with CRC-32 (ISO 3309, as in the PNG spec annex D),
// a decoder for stored (uncompressed, zlib level 0) deflate streams, and PNG row unfiltering (spec §9).
// It shares no code with libpng, so a round trip through it checks what libpng wrote.

enum PNGFileError: Error, Equatable {
    case badSignature, truncated, badCRC(String), notStored, badAdler, badFilter(UInt8)
}

struct PNGChunk: Equatable {
    var type: String
    var data: [UInt8]
}

struct PNGHeader: Equatable {
    var width: Int, height: Int, bitDepth: Int, colorType: Int, compression: Int, filter: Int, interlace: Int
    var channels: Int { [0: 1, 2: 3, 4: 2, 6: 4][colorType] ?? 0 }
}

enum PNGFile {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func be32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    /// Every chunk, checking the signature and each CRC.
    static func chunks(_ bytes: [UInt8]) throws -> [PNGChunk] {
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw PNGFileError.badSignature }
        var o = 8
        var out: [PNGChunk] = []
        while o < bytes.count {
            guard o + 12 <= bytes.count else { throw PNGFileError.truncated }
            let length = Int(be32(bytes, o))
            guard o + 12 + length <= bytes.count else { throw PNGFileError.truncated }
            let type = String(decoding: bytes[(o + 4)..<(o + 8)], as: UTF8.self)
            guard crc32(bytes[(o + 4)..<(o + 8 + length)]) == be32(bytes, o + 8 + length) else {
                throw PNGFileError.badCRC(type)
            }
            out.append(PNGChunk(type: type, data: Array(bytes[(o + 8)..<(o + 8 + length)])))
            o += 12 + length
        }
        return out
    }

    static func header(_ chunks: [PNGChunk]) -> PNGHeader? {
        guard let c = chunks.first, c.type == "IHDR", c.data.count == 13 else { return nil }
        let d = c.data
        return PNGHeader(width: Int(be32(d, 0)), height: Int(be32(d, 4)), bitDepth: Int(d[8]), colorType: Int(d[9]),
                         compression: Int(d[10]), filter: Int(d[11]), interlace: Int(d[12]))
    }

    /// The payload of a zlib stream made only of stored deflate blocks (RFC 1950/1951), Adler-32 checked.
    static func inflateStored(_ z: [UInt8]) throws -> [UInt8] {
        guard z.count >= 6, z[0] & 0x0F == 8 else { throw PNGFileError.notStored }
        var o = 2
        var out: [UInt8] = []
        var last = false
        while !last {
            guard o + 5 <= z.count else { throw PNGFileError.truncated }
            let header = z[o]
            last = header & 1 == 1
            guard (header >> 1) & 3 == 0 else { throw PNGFileError.notStored }
            let len = Int(z[o + 1]) | Int(z[o + 2]) << 8
            let nlen = Int(z[o + 3]) | Int(z[o + 4]) << 8
            guard len ^ 0xFFFF == nlen, o + 5 + len <= z.count else { throw PNGFileError.truncated }
            out += z[(o + 5)..<(o + 5 + len)]
            o += 5 + len
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for x in out {
            a = (a + UInt32(x)) % 65521
            b = (b + a) % 65521
        }
        guard o + 4 <= z.count, be32(z, o) == b << 16 | a else { throw PNGFileError.badAdler }
        return out
    }

    /// Undoes the per-row filters (``TestSupport/PNGRows``), with this reader's errors.
    static func unfilter(_ data: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        do {
            return try PNGRows.unfilter(data, width: width, height: height, channels: channels)
        } catch PNGRows.Failure.badFilter(let filter) {
            throw PNGFileError.badFilter(filter)
        } catch {
            throw PNGFileError.truncated
        }
    }

    /// Decodes a PNG written with compression level 0 into (header, samples).
    static func decodeStored(_ bytes: [UInt8]) throws -> (PNGHeader, [UInt8]) {
        let chunks = try chunks(bytes)
        guard let h = header(chunks) else { throw PNGFileError.truncated }
        let z = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        return (h, try unfilter(try inflateStored(z), width: h.width, height: h.height, channels: h.channels))
    }
}

/// FNV-1a 64-bit hash of a byte buffer (the raster hash of the rendering tests).
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}
