/// A SHA-256 digest (FIPS 180-4): 32 bytes, iterated in order.
///
/// Also the value type of an HMAC-SHA256 authentication code (``HMACSHA256``), which has the same length.
public struct SHA256Digest: Sendable, Hashable, Sequence {
    /// The number of bytes of a digest.
    public static let byteCount = 32

    /// The digest's bytes, most significant first as FIPS 180-4 writes them.
    public let bytes: [UInt8]

    init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Iterates over the digest's bytes.
    public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    /// The digest as 64 lower-case hexadecimal digits (the form `sha256sum` prints).
    public var hexString: String { Self.hex(bytes[...]) }

    /// The first `count` bytes as `2 × count` lower-case hexadecimal digits.
    /// - Parameter count: bytes to keep, 0…32.
    /// - Returns: a hexadecimal prefix of ``hexString``.
    public func hexPrefix(bytes count: Int) -> String {
        precondition((0...Self.byteCount).contains(count), "a prefix of 0 to 32 bytes")
        return Self.hex(bytes.prefix(count))
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
