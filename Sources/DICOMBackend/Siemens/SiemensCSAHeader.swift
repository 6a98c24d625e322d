/// A Siemens CSA header: the binary private attribute CSAImageHeaderInfo (0029,1010) or
/// CSASeriesHeaderInfo (0029,1020) under private creator "SIEMENS CSA HEADER", holding named elements
/// (e.g. `NumberOfImagesInMosaic`, `SliceNormalVector`, `B_value`, `DiffusionGradientDirection`,
/// `MosaicRefAcqTimes`) whose values are text items.
///
/// Layout (little-endian), as documented by NiBabel's "Siemens mosaic format" notes and read by dcm2niix:
/// - CSA2 starts with "SV10", 4 unused bytes, the element count (UInt32) and a check word; CSA1 starts
///   directly with the count and the check word.
/// - Each element: name (64 bytes, NUL-terminated), VM (Int32), VR (4 bytes), SyngoDT, item count, check
///   (Int32 each).
/// - Each item: four Int32 words, then the value bytes padded to a multiple of 4. The length is word 2 in
///   CSA2, and word 1 minus the first element's item count in CSA1.
///
/// Every count and length is checked against the bytes present before it is used: a truncated or lying
/// header is an error naming what is wrong, never a trap or a read beyond the buffer.
public struct SiemensCSAHeader: Sendable, Equatable {
    /// Why a CSA header could not be read (names the part, never quotes a value).
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The most elements a header may declare (real headers hold about 100).
    public static let maximumElements = 1024
    /// The most bytes read from one header (real image headers are about 10 KB, series headers 100–200 KB).
    public static let maximumBytes = 8 << 20

    /// Element values by name: the non-empty items, trimmed of NULs and spaces, at most VM of them (all when
    /// VM is 0, as `MosaicRefAcqTimes`).
    public var elements: [String: [String]]

    /// Parses a header.
    /// - Throws: ``ReadError`` when the header is shorter than its counts and lengths say, or declares more
    ///   than ``maximumElements`` elements.
    public init(bytes: [UInt8]) throws {
        guard bytes.count <= Self.maximumBytes else { throw ReadError(description: "longer than \(Self.maximumBytes) bytes") }
        var reader = Reader(bytes: bytes)
        let isCSA2 = bytes.count >= 4 && bytes[0] == 0x53 && bytes[1] == 0x56 && bytes[2] == 0x31 && bytes[3] == 0x30  // "SV10"
        if isCSA2 { try reader.skip(8) }
        let count = try reader.int32()
        _ = try reader.int32()  // check word
        guard count >= 1, count <= Self.maximumElements else {
            throw ReadError(description: "\(count) elements declared (accepted: 1…\(Self.maximumElements))")
        }
        var elements: [String: [String]] = [:]
        var firstItemCount: Int?
        for _ in 0..<count {
            let name = try reader.text(64)
            let vm = try reader.int32()
            try reader.skip(8)  // VR and SyngoDT
            let itemCount = try reader.int32()
            _ = try reader.int32()  // check word
            guard vm >= 0, itemCount >= 0, itemCount <= reader.remaining / 16 else {
                throw ReadError(description: "element \(elements.count + 1) declares more items than the header holds")
            }
            if firstItemCount == nil { firstItemCount = itemCount }
            var values: [String] = []
            for _ in 0..<itemCount {
                let words = (try reader.int32(), try reader.int32(), try reader.int32(), try reader.int32())
                let length = isCSA2 ? words.1 : words.0 - (firstItemCount ?? 0)
                guard length >= 0, length <= reader.remaining else {
                    throw ReadError(description: "an item of element \(elements.count + 1) is longer than the bytes left")
                }
                let value = try reader.text(length)
                try reader.skip(min((4 - length % 4) % 4, reader.remaining))
                if !value.isEmpty && (vm == 0 || values.count < vm) { values.append(value) }
            }
            if !name.isEmpty { elements[name] = values }
        }
        self.elements = elements
    }

    /// The values of element `name` as numbers; `nil` when absent, empty or not all finite numbers.
    public func numbers(_ name: String) -> [Double]? {
        guard let items = elements[name], !items.isEmpty else { return nil }
        let values = items.map { Double($0) }
        guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return values.map { $0! }
    }

    /// Bounds-checked little-endian reading.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var remaining: Int { bytes.count - offset }

        mutating func skip(_ n: Int) throws {
            guard n <= remaining else { throw ReadError(description: "truncated") }
            offset += n
        }

        mutating func int32() throws -> Int {
            guard remaining >= 4 else { throw ReadError(description: "truncated") }
            let v = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return Int(Int32(bitPattern: v))
        }

        /// `n` bytes as text up to the first NUL, trimmed of spaces.
        mutating func text(_ n: Int) throws -> String {
            guard n >= 0, n <= remaining else { throw ReadError(description: "truncated") }
            let slice = bytes[offset..<(offset + n)]
            offset += n
            let end = slice.firstIndex(of: 0) ?? slice.endIndex
            return DICOMFile.trimming(String(decoding: slice[slice.startIndex..<end], as: UTF8.self)) { $0 == " " || $0 == "\t" }
        }
    }
}
