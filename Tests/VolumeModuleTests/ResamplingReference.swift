import Foundation
import TestSupport
import VolumeModule

/// Decoding of `testdata/reference/resampling-*.json` (written by tools/references/make_resampling_references.py).
enum ResamplingReference {
    struct Geometry: Decodable {
        var size: [Int]
        var spacing: [Double]
        var origin: [Double]
        var direction: [Double]

        var volumeGeometry: VolumeGeometry {
            VolumeGeometry(size: Size3(size[0], size[1], size[2]), spacing: Vector3(spacing), origin: Vector3(origin),
                           direction: Matrix3(rowMajor: direction))
        }
    }

    struct GridCase: Decodable {
        var grid: String
        var interpolation: String
        var defaultValue: Float
        var geometry: Geometry
        var valuesFloat32: String
    }

    struct PyRadiomicsCase: Decodable {
        var name: String
        var spacing: [Double]
        var interpolator: String
        var padDistance: Int
        var label: UInt8
        var geometry: Geometry
        var maskGeometry: Geometry
        var mask: String
        var imageInt16: String?
        var imageFloat32: String?
        var source: String
        var exact: Bool
        var subMask: Bool?
    }

    struct SubMask: Decodable {
        var geometry: Geometry
        var mask: String
    }

    struct FlatSource: Decodable {
        var geometry: Geometry
        var float32: String
    }

    struct PyRadiomicsSource: Decodable {
        var geometry: Geometry
        var int16: String
        var mask: String
        var subMask: SubMask?
    }

    struct Synthetic: Decodable {
        var source: Geometry
        var sourceFloat32: String
        var cases: [GridCase]
        var pyradiomicsSources: [String: PyRadiomicsSource]
        var flatSource: FlatSource
        var pyradiomics: [PyRadiomicsCase]
    }

    struct Brain1Case: Decodable {
        var interpolator: String
        var geometry: Geometry
        var maskGeometry: Geometry
        var imageSHA256: String
        var maskSHA256: String
        var imageMin: Int
        var imageMax: Int
        var imageSum: Int
        var maskCount: Int
    }

    struct Brain1Input: Decodable {
        var imageGeometry: Geometry
        var maskGeometry: Geometry
    }

    struct Brain1: Decodable {
        var input: Brain1Input
        var cases: [Brain1Case]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: TestPaths.testdata("reference/\(name)"))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Little-endian base64 arrays.
    static func floats(_ base64: String) -> [Float] {
        decode(base64, as: UInt32.self).map { Float(bitPattern: UInt32(littleEndian: $0)) }
    }
    static func int16s(_ base64: String) -> [Int16] {
        decode(base64, as: Int16.self).map { Int16(littleEndian: $0) }
    }
    static func bytes(_ base64: String) -> [UInt8] { decode(base64, as: UInt8.self) }

    private static func decode<T: FixedWidthInteger>(_ base64: String, as: T.Type) -> [T] {
        guard let data = Data(base64Encoded: base64) else { return [] }
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
    }

    static func interpolation(_ name: String) -> Interpolation {
        switch name {
        case "sitkLinear", "linear": return .linear
        case "sitkNearestNeighbor", "nearest": return .nearest
        default: return .bSpline
        }
    }
}

/// Per-voxel comparison of two equally long arrays: the largest absolute difference and where it is.
struct VoxelComparison: CustomStringConvertible {
    var maxDifference: Double = 0
    var worstOffset = -1
    var mismatches = 0

    init(_ actual: [Float], _ expected: [Float], tolerance: Double) {
        precondition(actual.count == expected.count, "arrays differ in length")
        for n in actual.indices {
            let a = Double(actual[n]), e = Double(expected[n])
            let d = a == e ? 0 : (a.isNaN || e.isNaN ? .infinity : abs(a - e))
            if d > tolerance { mismatches += 1 }
            if d > maxDifference { maxDifference = d; worstOffset = n }
        }
    }

    var description: String { "max |Δ| = \(maxDifference) at offset \(worstOffset), \(mismatches) voxels beyond tolerance" }
}
