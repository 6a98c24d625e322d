import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// SEG reading on the repository's own fixtures (tools/fixtures/make_seg_fixtures.py → testdata/seg): a
/// sagittal, non-square, anisotropic 19 × 12 × 6 CT; frames shuffled and sparse, bit stream packed across
/// frame boundaries, fractional values; and the files that must be refused. Expected voxels come from the
/// generator's shape definitions (testdata/seg/expected.json), not from the reader.
@Suite struct SegmentationFixtureTests {
    typealias Support = SegmentationTestSupport
    static let folder = TestPaths.testdata("seg")

    struct Expected: Decodable {
        struct Fraction: Decodable {
            var max: Int
            var values: [String: Int]
        }
        struct Grid: Decodable {
            var size: [Int]
            var spacing: [Double]
            var origin: [Double]
        }
        var shuffled: [String: [Int]]
        var fractional: [String: Fraction]
        var grid: Grid
        enum CodingKeys: String, CodingKey {
            case shuffled = "shuffled_sparse.dcm", fractional = "fractional.dcm", grid
        }
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    static func ct() throws -> LoadedVolume { try Support.loadImage(folder.appendingPathComponent("ct")).loaded }

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func ctGridIsTheSagittalAnisotropicGrid() throws {
        let g = try Self.ct().data.geometry
        let e = try Self.expected().grid
        #expect([g.size.i, g.size.j, g.size.k] == e.size)
        #expect(g.spacing.maxAbsDifference(Vector3(e.spacing[0], e.spacing[1], e.spacing[2])) < 1e-9)
        #expect(g.origin.maxAbsDifference(Vector3(e.origin[0], e.origin[1], e.origin[2])) < 1e-9)
        #expect(g.direction.columns.2.maxAbsDifference(Vector3(-1, 0, 0)) < 1e-9)
    }

    @Test func shuffledSparseOverlappingFramesLandOnTheirSlices() throws {
        let ct = try Self.ct()
        let seg = try DICOMSegmentation.read(path: Self.path("shuffled_sparse.dcm"))
        #expect(seg.references(ct.plan))
        #expect(seg.descriptions.map(\.number) == [1, 2])
        #expect(seg.descriptions[0].category == CodedConcept(value: "91723000", scheme: "SCT", meaning: "Anatomical Structure"))
        #expect(seg.descriptions[0].algorithmType == "AUTOMATIC" && seg.descriptions[0].algorithmName == "FixtureGen")
        #expect(seg.descriptions[0].colour?.count == 3)
        let masks = try seg.masks(onto: ct.data.geometry)
        let expected = try Self.expected().shuffled
        for mask in masks {
            let set = mask.binary.voxels.indices.filter { mask.binary.voxels[$0] != 0 }
            #expect(set == expected[String(mask.description.number)], "segment \(mask.description.number)")
            #expect(mask.warnings.isEmpty)
        }
        // Only segment 2 is asked for, in that order.
        let only2 = try seg.masks(onto: ct.data.geometry, segments: [2])
        #expect(only2.map(\.description.number) == [2] && only2[0].binary.voxels == masks[1].binary.voxels)
        #expect(throws: DICOMError.self) { try seg.masks(onto: ct.data.geometry, segments: [7]) }
    }

    @Test func fractionalIsScaledAndThresholdedAtOneHalf() throws {
        let ct = try Self.ct()
        let seg = try DICOMSegmentation.read(path: Self.path("fractional.dcm"))
        #expect(seg.kind == .fractional && seg.maximumFractionalValue == 200)
        let mask = try #require(try seg.masks(onto: ct.data.geometry).first)
        let fraction = try #require(mask.fraction)
        let expected = try #require(try Self.expected().fractional["1"])
        var wanted = [Float](repeating: 0, count: fraction.voxels.count)
        for (offset, value) in expected.values { wanted[Int(offset)!] = Float(value) / Float(expected.max) }
        #expect(zip(fraction.voxels, wanted).allSatisfy { abs($0 - $1) < 1e-6 })
        // 100/200 = 0.5 is inside, 99/200 is not.
        #expect(mask.binary.voxels == wanted.map { $0 >= 0.5 ? 1 : 0 })
        #expect(mask.binary.voxels.contains(1) && wanted.contains { $0 > 0 && $0 < 0.5 })
    }

    @Test func mismatchedOrientationIsAClearError() throws {
        let ct = try Self.ct()
        let seg = try DICOMSegmentation.read(path: Self.path("rotated.dcm"))
        let error = try #require(throws: DICOMError.self) { try seg.masks(onto: ct.data.geometry) }
        #expect(error.code == .inconsistent && error.message.contains("orientation") && error.file == Self.path("rotated.dcm"))
    }

    @Test func framesBetweenPixelCentresAreRefused() throws {
        let ct = try Self.ct()
        let seg = try DICOMSegmentation.read(path: Self.path("off_grid.dcm"))
        let error = try #require(throws: DICOMError.self) { try seg.masks(onto: ct.data.geometry) }
        #expect(error.code == .inconsistent && error.message.contains("between voxel centres"))
    }

    @Test func labelMapSopClassIsUnsupported() throws {
        let error = try #require(throws: DICOMError.self) { try DICOMSegmentation.read(path: Self.path("labelmap.dcm")) }
        #expect(error.code == .unsupported && error.message.contains("1.2.840.10008.5.1.4.1.1.66.7"))
    }

    @Test func aGridShiftedByOneSliceMovesTheMaskBack() throws {
        // Positions, not frame order or slice numbers, place frames: on a grid whose origin is one slice
        // further along the normal, every voxel moves down by one k (and a frame on slice 0 falls off).
        let ct = try Self.ct()
        var shifted = ct.data.geometry
        shifted.origin = shifted.physicalPoint(i: 0, j: 0, k: 1)
        let seg = try DICOMSegmentation.read(path: Self.path("shuffled_sparse.dcm"))
        let a = try seg.masks(onto: ct.data.geometry)[0].binary
        let b = try seg.masks(onto: shifted)[0].binary
        #expect(Support.sliceCounts(b) == Array(Support.sliceCounts(a).dropFirst()) + [0])
    }

    @Test func doesNotReferenceAnotherSeries() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_small_seg_bitpacking_labelmap/23x38x3") else { return }
        let (other, _) = try Support.loadImage(root.appendingPathComponent("image"))
        let seg = try DICOMSegmentation.read(path: Self.path("shuffled_sparse.dcm"))
        #expect(!seg.references(other.plan))
    }

    @Test func errorsNameTheFileButNoIdentifiers() throws {
        let ct = try Self.ct()
        let seg = try DICOMSegmentation.read(path: Self.path("rotated.dcm"))
        let error = try #require(throws: DICOMError.self) { try seg.masks(onto: ct.data.geometry) }
        #expect(!error.description.contains("1.2.826.0.1.3680043.10.1411"))
    }
}
