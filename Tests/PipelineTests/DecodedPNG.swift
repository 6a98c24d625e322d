import Foundation
import TestSupport
import VolumeIO

/// A PNG file decoded for pixel checks: chunks, IDAT inflated with zlib (``VolumeIO/Gzip``, not libpng),
/// rows unfiltered (PNG spec §9). 8-bit RGB or RGBA only (what PNGRender writes).
struct DecodedPNG {
    var width: Int, height: Int, channels: Int
    var bytes: [UInt8]

    enum Failure: Error { case notPNG, unsupported(Int, Int) }

    init(contentsOf url: URL) throws {
        let data = [UInt8](try Data(contentsOf: url))
        guard data.count > 8, data[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw Failure.notPNG }
        func be32(_ o: Int) -> Int { Int(data[o]) << 24 | Int(data[o + 1]) << 16 | Int(data[o + 2]) << 8 | Int(data[o + 3]) }
        var o = 8, idat: [UInt8] = [], w = 0, h = 0, depth = 0, type = 0
        while o + 8 <= data.count {
            let length = be32(o), name = String(decoding: data[(o + 4)..<(o + 8)], as: UTF8.self)
            let body = Array(data[(o + 8)..<(o + 8 + length)])
            if name == "IHDR" { (w, h, depth, type) = (be32(o + 8), be32(o + 12), Int(body[8]), Int(body[9])) }
            if name == "IDAT" { idat += body }
            o += 12 + length
        }
        guard depth == 8, type == 2 || type == 6 else { throw Failure.unsupported(depth, type) }
        let c = type == 2 ? 3 : 4
        let raw = try idat.withUnsafeBytes { try Gzip.decompress($0, expectedSize: h * (w * c + 1)) }
        let out = try PNGRows.unfilter(raw, width: w, height: h, channels: c)
        (width, height, channels, bytes) = (w, h, c, out)
    }

    /// (R, G, B) of pixel (x, y).
    func rgb(_ x: Int, _ y: Int) -> [UInt8] {
        let o = (y * width + x) * channels
        return Array(bytes[o..<(o + 3)])
    }
}
