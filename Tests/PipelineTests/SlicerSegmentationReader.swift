import Foundation
import VolumeIO
import VolumeModule

/// A test-only reader of `.seg.nrrd` files (3D or 4D with a leading list axis), independent of the writer:
/// header fields (`key: value` and `key:=value`), sizes, and the decompressed uint8 data.
struct SlicerSegmentationReader {
    var fields: [String: String] = [:]
    var keyValues: [String: String] = [:]
    var sizes: [Int] = []
    var data: [UInt8] = []

    init(_ url: URL) throws {
        let bytes = try [UInt8](Data(contentsOf: url))
        var start = 0, lineStart = 0
        for p in 0..<bytes.count where bytes[p] == 0x0A {
            let line = String(decoding: bytes[lineStart..<p], as: UTF8.self)
            lineStart = p + 1
            if line.isEmpty { start = p + 1; break }
            if let r = line.range(of: ":=") {
                keyValues[String(line[..<r.lowerBound])] = String(line[r.upperBound...])
            } else if let r = line.range(of: ": ") {
                fields[String(line[..<r.lowerBound])] = String(line[r.upperBound...])
            }
        }
        sizes = (fields["sizes"] ?? "").split(separator: " ").compactMap { Int($0) }
        let count = sizes.reduce(1, *)
        data = try bytes[start...].withUnsafeBytes { try Gzip.decompress($0, expectedSize: count) }
    }

    /// Layers (1 for a 3D file).
    var layers: Int { sizes.count == 4 ? sizes[0] : 1 }

    /// The binary mask of segment `n` (index in the file): voxels of its layer equal to its label value.
    func mask(_ n: Int, geometry: VolumeGeometry) -> Mask? {
        guard let layer = Int(keyValues["Segment\(n)_Layer"] ?? ""), let label = UInt8(keyValues["Segment\(n)_LabelValue"] ?? "") else {
            return nil
        }
        let voxels = (0..<geometry.size.count).map { data[$0 * layers + layer] == label ? UInt8(1) : 0 }
        return Mask(geometry: geometry, voxels: voxels)
    }
}
