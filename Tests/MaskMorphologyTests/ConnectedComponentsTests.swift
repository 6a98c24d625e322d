import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct ConnectedComponentsTests {
    static let g = VolumeGeometry(size: Size3(8, 8, 6), spacing: Vector3(0.7, 0.7, 2.5), origin: .zero)

    static func cubes(_ second: (Int, Int, Int)) -> Mask {
        var m = Mask(geometry: g, repeating: 0)
        for k in 0...1 { for j in 0...1 { for i in 0...1 { m[i, j, k] = 1 } } }
        for k in 0...1 { for j in 0...1 { for i in 0...1 { m[second.0 + i, second.1 + j, second.2 + k] = 1 } } }
        return m
    }

    @Test func cornerEdgeAndFaceContactGiveTheRightCounts() {
        let corner = Self.cubes((2, 2, 2)), edge = Self.cubes((2, 2, 0)), face = Self.cubes((2, 0, 0))
        #expect(ConnectedComponents(corner, connectivity: .vertices26).count == 1)
        #expect(ConnectedComponents(corner, connectivity: .edges18).count == 2)
        #expect(ConnectedComponents(edge, connectivity: .edges18).count == 1)
        #expect(ConnectedComponents(edge, connectivity: .faces6).count == 2)
        #expect(ConnectedComponents(face, connectivity: .faces6).count == 1)
        #expect(ConnectedComponents(edge, connectivity: .faces6).voxelCounts == [8, 8])
        // Per slice, each two-slice cube splits in two and the cubes (slices 0–1 and 2–3) never touch.
        #expect(ConnectedComponents(corner, connectivity: .vertices26, dimensionality: .slices).voxelCounts == [4, 4, 4, 4])
    }

    @Test func neighbourCountsAreThoseOfTheNames() {
        #expect(Connectivity.allCases.map { $0.offsets().count } == [6, 18, 26])
        #expect(Connectivity.allCases.map { $0.offsets(planar: true).count } == [4, 8, 8])
    }

    @Test func smallComponentsAreRemovedByVolumeInCubicMillimetres() throws {
        var m = Self.cubes((4, 4, 3))  // two 8-voxel cubes = 9.8 mm³ each
        m[7, 0, 5] = 1  // 1.225 mm³
        #expect(ConnectedComponents(m).count == 3)
        let filtered = try m.removingComponents(smallerThan: 2)
        #expect(filtered.count(of: 1) == 16 && filtered[7, 0, 5] == 0)
        #expect(try m.removingComponents(smallerThan: 9.8).count(of: 1) == 16)  // exactly the limit is kept
        #expect(try m.removingComponents(smallerThan: 9.81).count(of: 1) == 0)
        #expect(throws: MaskMorphologyError.self) { try m.removingComponents(smallerThan: -1) }
    }

    @Test func keepLargestKeepsTheBiggestComponent() {
        var m = Self.cubes((4, 4, 3))
        m[6, 4, 3] = 1  // grows the second cube to 9 voxels
        let largest = m.keepingLargestComponent()
        #expect(largest.count(of: 1) == 9 && largest[6, 4, 3] == 1 && largest[0, 0, 0] == 0)
        #expect(Mask(geometry: Self.g, repeating: 0).keepingLargestComponent().count(of: 1) == 0)
    }
}
