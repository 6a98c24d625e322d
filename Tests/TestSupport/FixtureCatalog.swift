import Foundation
import VolumeModule

/// `testdata/dicom/fixtures.json`, written by `tools/fixtures/make_fixtures.py`: the truth about every
/// synthetic DICOM fixture (expected volumes, classifications, slice positions and the pixel formula).
public struct FixtureCatalog: Decodable, Sendable {
    public var fixtures: [String: Fixture]

    public struct Fixture: Decodable, Sendable {
        public var path: String
        public var expected_volume_count: Int
        public var bad_file_count: Int?
        public var volumes: [FixtureVolume]
    }

    public struct FixtureVolume: Decodable, Sendable {
        public var label: String
        public var classification: String
        public var series_instance_uid: String
        public var modality: String
        public var rows: Int
        public var columns: Int
        public var pixel_spacing: [Double]
        public var image_orientation_patient: [Double]
        public var slices: [FixtureSlice]
        public var pixel: PixelRule
    }

    public struct FixtureSlice: Decodable, Sendable {
        public var ipp: [Double]
        public var k: Int
        public var rescale_slope: Double
        public var rescale_intercept: Double
        public var instance_number: Int?
    }

    public struct PixelRule: Decodable, Sendable {
        public var c0: Double, ci: Double, cj: Double, ck: Double
        public var stored: String
        public var hu: Bool
        public var tolerance: Double
    }

    /// Loads the catalogue.
    public static func load() throws -> FixtureCatalog {
        let data = try Data(contentsOf: TestPaths.testdata("dicom/fixtures.json"))
        return try JSONDecoder().decode(FixtureCatalog.self, from: data)
    }
}

extension FixtureCatalog.FixtureVolume {
    /// The value the fixture put at pixel (i, j) of a slice (HU when `pixel.hu`).
    public func expectedValue(i: Int, j: Int, slice: FixtureCatalog.FixtureSlice) -> Double {
        let v = pixel.c0 + pixel.ci * Double(i) + pixel.cj * Double(j) + pixel.ck * Double(slice.k)
        let s = slice.rescale_slope, b = slice.rescale_intercept
        let stored = pixel.stored == "v" ? v : ((v - 1024 - b) / s).rounded(.down)
        return pixel.hu ? s * stored + b : stored
    }

    /// Patient-space centre of pixel (i, j) of a slice.
    public func point(i: Int, j: Int, slice: FixtureCatalog.FixtureSlice) -> Vector3 {
        let o = image_orientation_patient
        return Vector3(slice.ipp) + Vector3(o[0], o[1], o[2]) * (Double(i) * pixel_spacing[1])
            + Vector3(o[3], o[4], o[5]) * (Double(j) * pixel_spacing[0])
    }
}
