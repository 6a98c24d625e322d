/// Little-endian fixed-layout byte buffer for binary headers.
struct ByteWriter {
    private(set) var bytes: [UInt8]

    init(count: Int) { bytes = [UInt8](repeating: 0, count: count) }

    /// Starts from existing bytes (to change a few fields of a header).
    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { for (n, b) in $0.enumerated() { bytes[offset + n] = b } }
    }

    mutating func put(_ value: Float, at offset: Int) { put(value.bitPattern, at: offset) }

    mutating func put(_ text: String, at offset: Int, capacity: Int) {
        for (n, b) in text.utf8.prefix(capacity).enumerated() { bytes[offset + n] = b }
    }
}

/// Fixed-layout reader for binary headers of either byte order.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var bigEndian = false

    func integer<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
    }

    func float(at offset: Int) -> Float { Float(bitPattern: integer(UInt32.self, at: offset)) }
}
