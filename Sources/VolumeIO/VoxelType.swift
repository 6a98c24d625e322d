import VolumeModule

/// Scalar types that NIfTI-1 and NRRD files store, with their codes in each format.
public enum VoxelType: String, Sendable, Codable, CaseIterable {
    case uint8, int8, uint16, int16, uint32, int32, float32, float64

    /// NIfTI-1 `datatype` code (nifti1.h DT_*).
    public var niftiCode: Int16 {
        switch self {
        case .uint8: return 2
        case .int16: return 4
        case .int32: return 8
        case .float32: return 16
        case .float64: return 64
        case .int8: return 256
        case .uint16: return 512
        case .uint32: return 768
        }
    }

    /// Bytes per value.
    public var byteCount: Int {
        switch self {
        case .uint8, .int8: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .float64: return 8
        }
    }

    /// NRRD `type:` field value.
    public var nrrdName: String {
        switch self {
        case .uint8: return "uchar"
        case .int8: return "signed char"
        case .uint16: return "ushort"
        case .int16: return "short"
        case .uint32: return "uint"
        case .int32: return "int"
        case .float32: return "float"
        case .float64: return "double"
        }
    }

    /// The type with a NIfTI `datatype` code, if we read it.
    public init?(niftiCode: Int16) {
        guard let t = VoxelType.allCases.first(where: { $0.niftiCode == niftiCode }) else { return nil }
        self = t
    }

    /// The type named by a NRRD `type:` field (every spelling the NRRD specification allows).
    public init?(nrrdName raw: String) {
        switch raw.lowercased().trimmingCharacters(in: .whitespaces) {
        case "signed char", "int8", "int8_t": self = .int8
        case "uchar", "unsigned char", "uint8", "uint8_t": self = .uint8
        case "short", "short int", "signed short", "signed short int", "int16", "int16_t": self = .int16
        case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t": self = .uint16
        case "int", "signed int", "int32", "int32_t": self = .int32
        case "uint", "unsigned int", "uint32", "uint32_t": self = .uint32
        case "float": self = .float32
        case "double": self = .float64
        default: return nil
        }
    }

    /// Converts `count` little- or big-endian values starting at `bytes` to `Float`.
    func decode(_ bytes: UnsafeRawBufferPointer, count: Int, bigEndian: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { o in
            func load<T: FixedWidthInteger>(_: T.Type) -> (Int) -> T {
                { i in
                    let v = bytes.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
                    return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
                }
            }
            switch self {
            case .uint8: for i in 0..<count { o[i] = Float(bytes[i]) }
            case .int8: for i in 0..<count { o[i] = Float(Int8(bitPattern: bytes[i])) }
            case .uint16: let f = load(UInt16.self); for i in 0..<count { o[i] = Float(f(i)) }
            case .int16: let f = load(Int16.self); for i in 0..<count { o[i] = Float(f(i)) }
            case .uint32: let f = load(UInt32.self); for i in 0..<count { o[i] = Float(f(i)) }
            case .int32: let f = load(Int32.self); for i in 0..<count { o[i] = Float(f(i)) }
            case .float32:
                let f = load(UInt32.self); for i in 0..<count { o[i] = Float(bitPattern: f(i)) }
            case .float64:
                let f = load(UInt64.self); for i in 0..<count { o[i] = Float(Double(bitPattern: f(i))) }
            }
        }
        return out
    }
}

/// A voxel Swift type that can be written to NIfTI/NRRD as is (little-endian bytes of the array).
public protocol StorableVoxel: BitwiseCopyable, Sendable {
    /// The on-disk type.
    static var voxelType: VoxelType { get }
}

extension UInt8: StorableVoxel { public static var voxelType: VoxelType { .uint8 } }
extension Int16: StorableVoxel { public static var voxelType: VoxelType { .int16 } }
extension UInt16: StorableVoxel { public static var voxelType: VoxelType { .uint16 } }
extension Int32: StorableVoxel { public static var voxelType: VoxelType { .int32 } }
extension Float: StorableVoxel { public static var voxelType: VoxelType { .float32 } }
extension Double: StorableVoxel { public static var voxelType: VoxelType { .float64 } }

import Foundation
