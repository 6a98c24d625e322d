import Foundation

/// JSON sidecars: stable formatting (sorted keys, pretty printed, no escaped slashes) and atomic writes.
public enum JSONSidecar {
    /// Encodes a value as sidecar JSON.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                       negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(value)
    }

    /// Writes a value as JSON to `url` atomically.
    /// - Throws: ``VolumeIOError/fileAccess(path:reason:)`` or an `EncodingError`.
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        var data = try encode(value)
        data.append(0x0A)
        try data.withUnsafeBytes { try ImageFile.writeAtomically(url, pieces: [$0]) }
    }
}
