import Foundation
import VolumeModule

/// NRRD images (http://teem.sourceforge.net/nrrd/format.html) in patient space.
///
/// Written with `space: left-posterior-superior`: `space directions` are the columns of
/// `direction · diag(spacing)` (so a sheared grid is representable), `space origin` is the centre of the
/// first voxel (cell-centred, as ITK/Slicer), encoding gzip or raw, little endian.
public enum NRRD {
    /// Writes a volume; `gzip` selects `encoding: gzip` (parallel deflate) over `raw`.
    /// - Throws: ``VolumeIOError`` when the file cannot be written.
    public static func write<Voxel: StorableVoxel>(_ volume: Volume<Voxel>, to url: URL, gzip: Bool = true,
                                                   compressionLevel: Int32 = 6) throws {
        // The header stays plain text; only the data are compressed.
        let header = makeHeader(geometry: volume.geometry, type: Voxel.voxelType, gzip: gzip)
        try ImageFile.write(url, header: Array(header.utf8), voxels: volume.voxels,
                            compression: gzip ? .voxelsOnly(level: compressionLevel) : .none)
    }

    static func makeHeader(geometry g: VolumeGeometry, type: VoxelType, gzip: Bool) -> String {
        let m = g.indexToPhysical
        func vector(_ v: Vector3) -> String { "(\(format(v.x)),\(format(v.y)),\(format(v.z)))" }
        return """
            NRRD0004
            # Complete NRRD file format specification at:
            # http://teem.sourceforge.net/nrrd/format.html
            type: \(type.nrrdName)
            dimension: 3
            space: left-posterior-superior
            sizes: \(g.size.i) \(g.size.j) \(g.size.k)
            space directions: \(vector(m.columns.0)) \(vector(m.columns.1)) \(vector(m.columns.2))
            kinds: domain domain domain
            endian: little
            encoding: \(gzip ? "gzip" : "raw")
            space origin: \(vector(g.origin))


            """
    }

    /// Shortest text that reads back as the same `Double`.
    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// What ``read(_:)`` returns.
    public struct Image: Sendable {
        /// Voxels as `Float` on the LPS geometry.
        public var volume: Volume<Float>
        /// The on-disk data type.
        public var storedType: VoxelType
        /// Every `key: value` field of the header (lower-cased keys), for callers that need more.
        public var fields: [String: String]
    }

    /// Reads a 3D NRRD with attached data (raw or gzip, either endianness). `space` may be LPS or RAS
    /// (converted to LPS); without `space`, `spacings` give an axis-aligned grid at the origin.
    /// - Throws: ``VolumeIOError`` for malformed or unsupported files (detached data, other encodings,
    ///   dimension ≠ 3).
    public static func read(_ url: URL) throws -> Image {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw VolumeIOError.fileAccess(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        return try data.withUnsafeBytes { raw in
            guard raw.count >= 4, String(decoding: raw[0..<4], as: UTF8.self) == "NRRD" else {
                throw VolumeIOError.malformed(path: url.path, reason: "no NRRD magic")
            }
            // Header lines end at the first empty line.
            var fields: [String: String] = [:]
            var position = 0, lineStart = 0, dataStart: Int?
            while position < raw.count {
                if raw[position] == 0x0A {
                    var line = String(decoding: raw[lineStart..<position], as: UTF8.self)
                    if line.hasSuffix("\r") { line.removeLast() }
                    if line.isEmpty && lineStart > 0 {
                        dataStart = position + 1
                        break
                    }
                    if !line.hasPrefix("#"), !line.hasPrefix("NRRD"), let colon = line.range(of: ": ") {
                        fields[line[..<colon.lowerBound].lowercased()] = String(line[colon.upperBound...])
                    }
                    lineStart = position + 1
                }
                position += 1
            }
            func fail(_ reason: String) -> VolumeIOError { .malformed(path: url.path, reason: reason) }
            guard let start = dataStart else { throw fail("header does not end with an empty line") }
            if fields["data file"] != nil || fields["datafile"] != nil {
                throw VolumeIOError.unsupported(path: url.path, reason: "detached data file")
            }
            guard fields["dimension"] == "3" else {
                throw VolumeIOError.unsupported(path: url.path, reason: "dimension \(fields["dimension"] ?? "?") (only 3 is read)")
            }
            guard let typeName = fields["type"], let type = VoxelType(nrrdName: typeName) else {
                throw VolumeIOError.unsupported(path: url.path, reason: "type \(fields["type"] ?? "?")")
            }
            let sizes = (fields["sizes"] ?? "").split(separator: " ").compactMap { Int($0) }
            guard sizes.count == 3, sizes.allSatisfy({ $0 > 0 }) else { throw fail("sizes") }
            let size = Size3(sizes[0], sizes[1], sizes[2])
            let geometry = try parseGeometry(fields, size: size, fail: fail)
            let encoding = (fields["encoding"] ?? "raw").lowercased()
            let body = UnsafeRawBufferPointer(rebasing: raw[start...])
            let bytes: [UInt8]
            switch encoding {
            case "raw": bytes = [UInt8](body)
            case "gzip", "gz":
                do { bytes = try ImageFile.inflate(body, expectedSize: size.count * type.byteCount) } catch let VolumeIOError.compression(reason) {
                    throw fail(reason)
                }
            default: throw VolumeIOError.unsupported(path: url.path, reason: "encoding \(encoding)")
            }
            let needed = size.count * type.byteCount
            guard bytes.count >= needed else { throw fail("data shorter than sizes × type (\(bytes.count) of \(needed) bytes)") }
            let bigEndian = (fields["endian"] ?? "little").lowercased() == "big" && type.byteCount > 1
            // Raw data may be preceded by a byte skip; NRRD puts the data at the end, so read the tail.
            let values = bytes.withUnsafeBytes { b in
                type.decode(UnsafeRawBufferPointer(rebasing: b[(b.count - needed)...]), count: size.count,
                            bigEndian: bigEndian)
            }
            return Image(volume: Volume(geometry: geometry, voxels: values), storedType: type, fields: fields)
        }
    }

    private static func parseVector(_ text: Substring) -> Vector3? {
        let numbers = text.trimmingCharacters(in: CharacterSet(charactersIn: "() ")).split(separator: ",")
            .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return numbers.count == 3 ? Vector3(numbers) : nil
    }

    private static func parseGeometry(_ fields: [String: String], size: Size3,
                                      fail: (String) -> VolumeIOError) throws -> VolumeGeometry {
        guard let space = fields["space"]?.lowercased() else {
            let spacings = (fields["spacings"] ?? "1 1 1").split(separator: " ").compactMap { Double($0) }
            guard spacings.count == 3, spacings.allSatisfy({ $0 > 0 }) else { throw fail("spacings") }
            return VolumeGeometry(size: size, spacing: Vector3(spacings), origin: .zero)
        }
        let flip: Double
        switch space {
        case "left-posterior-superior", "lps": flip = 1
        case "right-anterior-superior", "ras": flip = -1
        default: throw fail("space \(space) (LPS or RAS expected)")
        }
        let columns = (fields["space directions"] ?? "").split(separator: " ").compactMap(parseVector)
        guard columns.count == 3, let originText = fields["space origin"], let origin = parseVector(Substring(originText)) else {
            throw fail("space directions / space origin")
        }
        let toLPS = { (v: Vector3) in Vector3(flip * v.x, flip * v.y, v.z) }
        let lps = columns.map(toLPS)
        let spacing = Vector3(lps[0].length, lps[1].length, lps[2].length)
        guard spacing.x > 0, spacing.y > 0, spacing.z > 0 else { throw fail("zero space direction") }
        return VolumeGeometry(size: size, spacing: spacing, origin: toLPS(origin),
                              direction: Matrix3(columns: lps[0] / spacing.x, lps[1] / spacing.y, lps[2] / spacing.z))
    }
}
