import DICOMBackend
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

@Suite struct SlicerSegmentationFileTests {
    /// A non-square anisotropic oblique grid.
    static let geometry = VolumeGeometry(size: Size3(7, 5, 4), spacing: Vector3(0.7, 0.9, 2.5), origin: Vector3(-10, 4, 30),
                                         direction: Matrix3(columns: Vector3(0, 1, 0), Vector3(0, 0, -1), Vector3(-1, 0, 0)))

    static func box(_ i: ClosedRange<Int>, _ j: ClosedRange<Int>, _ k: ClosedRange<Int>) -> Mask {
        var m = Mask(geometry: geometry, repeating: 0)
        for z in k { for y in j { for x in i { m[x, y, z] = 1 } } }
        return m
    }

    static func segment(_ id: String, _ mask: Mask, colour: [UInt8]? = nil) -> SlicerSegmentationFile.Segment {
        .init(id: id, description: SegmentDescription(source: .seg, number: 1, label: "Label \(id)\nsecond line",
                                                      category: CodedConcept(value: "49755003", scheme: "SCT", meaning: "Morphologically Altered Structure"),
                                                      type: CodedConcept(value: "4147007", scheme: "SCT", meaning: "Mass"), colour: colour),
              mask: mask)
    }

    @Test("non-overlapping segments: a 3D label map our NRRD reader reads on the same geometry, with Slicer fields")
    func threeD() throws {
        let a = Self.box(0...2, 0...1, 0...0), b = Self.box(4...6, 2...4, 1...3)
        let url = try TestPaths.temporaryFolder().appendingPathComponent("x.seg.nrrd")
        let placement = try SlicerSegmentationFile.write([Self.segment("a", a, colour: [255, 0, 0]), Self.segment("b", b)],
                                                         geometry: Self.geometry, to: url)
        #expect(placement.map(\.layer) == [0, 0] && placement.map(\.label) == [1, 2])
        let image = try NRRD.read(url)
        #expect(image.storedType == .uint8)
        #expect(image.volume.geometry.isCongruent(with: Self.geometry, tolerance: 1e-9))
        for n in 0..<Self.geometry.size.count {
            let expected: Float = a.voxels[n] != 0 ? 1 : b.voxels[n] != 0 ? 2 : 0
            #expect(image.volume.voxels[n] == expected)
        }
        let reader = try SlicerSegmentationReader(url)
        #expect(reader.keyValues["Segment0_Color"] == "1 0 0")
        #expect(reader.keyValues["Segment0_Extent"] == "0 2 0 1 0 0")
        #expect(reader.keyValues["Segment1_Extent"] == "4 6 2 4 1 3")
        #expect(reader.keyValues["Segment0_Name"] == "Label a second line")
        #expect(reader.keyValues["Segment1_Tags"]?.contains("~SCT^49755003^Morphologically Altered Structure~SCT^4147007^Mass~") == true)
        #expect(reader.keyValues["Segmentation_SourceRepresentation"] == "Binary labelmap")
    }

    @Test("overlapping segments go to separate layers of a 4D file; each reads back exactly")
    func fourD() throws {
        let a = Self.box(0...3, 0...3, 0...2), b = Self.box(2...5, 1...4, 1...3), c = Self.box(6...6, 0...0, 0...0)
        let url = try TestPaths.temporaryFolder().appendingPathComponent("y.seg.nrrd")
        let placement = try SlicerSegmentationFile.write([Self.segment("a", a), Self.segment("b", b), Self.segment("c", c)],
                                                         geometry: Self.geometry, to: url)
        #expect(placement.map(\.layer) == [0, 1, 0])
        let reader = try SlicerSegmentationReader(url)
        #expect(reader.sizes == [2, 7, 5, 4])
        #expect(reader.fields["space directions"]?.hasPrefix("none ") == true)
        for (n, mask) in [a, b, c].enumerated() {
            #expect(reader.mask(n, geometry: Self.geometry)?.voxels == mask.voxels, "segment \(n)")
        }
        // The comparator sees a difference: segment b is not segment a.
        #expect(reader.mask(1, geometry: Self.geometry)?.voxels != a.voxels)
    }
}
