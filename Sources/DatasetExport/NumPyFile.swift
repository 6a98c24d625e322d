import Foundation

/// NumPy `.npy` files, format version 1.0 (numpy.lib.format): the magic `\x93NUMPY`, version bytes 1 0, a
/// little-endian uint16 header length, an ASCII Python dict `{'descr': '<f4', 'fortran_order': False,
/// 'shape': (…), }` padded with spaces and ended by `\n` so the data starts at a multiple of 64 bytes, then the
/// array in C order (last axis fastest), float32 little-endian.
public enum NumPyFile {
    /// The bytes of a float32 array of `shape` (C order; `values.count` must equal the product of `shape`).
    public static func float32(_ values: [Float], shape: [Int]) -> Data {
        precondition(shape.reduce(1, *) == values.count, "the shape must hold every value")
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        if UInt32(1).littleEndian == 1 {
            values.withUnsafeBytes { data.append(contentsOf: $0) }  // the host's order is the file's
        } else {
            data.append(contentsOf: values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) })
        }
        return data
    }
}
