import Foundation
import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct DilationErosionTests {
    // Tumour-sized balls (TACE targets are 20–60 mm across). Distances run between voxel centres (ITK's
    // Maurer convention), which biases the result radius by about −0.14 voxel for dilation and +0.12
    // voxel for erosion (see `centreToCentreBiasIsBelowAFifthOfAVoxel`): at 0.5 mm that is under 1 % of
    // the volume once the result radius is ≥ 20 mm, and 1.2 % at 17 mm.
    @Test func sphereDilatedAtHalfMillimetreHasBallVolumeWithinOnePercent() throws {
        let g = Phantoms.isotropic(126)
        let sphere = Phantoms.sphere(g, radius: 20)
        let dilated = try sphere.dilated(byMillimetres: 10)
        let expected = 4.0 / 3.0 * .pi * pow(30.0, 3)
        #expect(abs(Phantoms.volume(dilated) / expected - 1) < 0.01)
        // One voxel less of radius would be out of tolerance: the comparator discriminates.
        #expect(abs(4.0 / 3.0 * .pi * pow(29.5, 3) / expected - 1) > 0.01)
    }

    @Test func sphereErodedAtHalfMillimetreHasBallVolumeWithinOnePercent() throws {
        let g = Phantoms.isotropic(126)
        let sphere = Phantoms.sphere(g, radius: 30)
        let eroded = try sphere.eroded(byMillimetres: 10)
        let expected = 4.0 / 3.0 * .pi * pow(20.0, 3)
        #expect(abs(Phantoms.volume(eroded) / expected - 1) < 0.01)
    }

    @Test(arguments: [(10.0, 7.0), (13.0, 5.0), (8.0, 3.0)])
    func centreToCentreBiasIsBelowAFifthOfAVoxel(radius: Double, by r: Double) throws {
        let g = Phantoms.isotropic(84)
        let sphere = Phantoms.sphere(g, radius: radius)
        let dilated = try sphere.dilated(byMillimetres: r), eroded = try sphere.eroded(byMillimetres: r)
        #expect(abs(Phantoms.equivalentRadius(dilated) - (radius + r)) < 0.1)  // 0.2 voxel
        #expect(abs(Phantoms.equivalentRadius(eroded) - (radius - r)) < 0.1)
    }

    @Test func anisotropicGridGivesTheSameBallsWithinDiscretisation() throws {
        let g = Phantoms.ctLike(70, slices: 21)
        let sphere = Phantoms.sphere(g, radius: 12)
        let dilated = try sphere.dilated(byMillimetres: 10)
        let eroded = try sphere.eroded(byMillimetres: 5)
        // Radius error within half the largest spacing (1.25 mm) would be a 5 % volume error; we get far less.
        #expect(abs(Phantoms.equivalentRadius(dilated) - 22) < 0.35)
        #expect(abs(Phantoms.equivalentRadius(eroded) - 7) < 0.35)
    }

    @Test(arguments: [(1.4, false), (2.5, false), (3.2, true), (5.0, true)])
    func matchesBruteForceBallOnRandomMasks(radius: Double, planar: Bool) throws {
        let g = VolumeGeometry(size: Size3(13, 11, 7), spacing: Vector3(0.7, 0.9, 2.5), origin: Vector3(1, 2, 3))
        for seed in UInt64(1)...3 {
            let m = BruteForce.randomMask(g, fraction: seed == 3 ? 0.7 : 0.03, seed: seed)
            let mode: Dimensionality = planar ? .slices : .volume
            #expect(try m.dilated(byMillimetres: radius, dimensionality: mode) == BruteForce.dilated(m, radius: radius, planar: planar))
            #expect(try m.eroded(byMillimetres: radius, dimensionality: mode) == BruteForce.eroded(m, radius: radius, planar: planar))
        }
    }

    @Test func radiusOnAGridStepIncludesThatVoxel() throws {
        let g = VolumeGeometry(size: Size3(3, 3, 11), spacing: Vector3(0.703, 0.703, 2.5), origin: .zero)
        var m = Mask(geometry: g, repeating: 0)
        m[1, 1, 5] = 1
        let d = try m.dilated(byMillimetres: 10)
        #expect(d[1, 1, 1] == 1 && d[1, 1, 9] == 1)
        #expect(d[1, 1, 0] == 0 && d[1, 1, 10] == 0)
    }

    @Test func erosionIsTheDualOfDilationAndGridEdgeIsNotBackground() throws {
        let g = VolumeGeometry(size: Size3(12, 10, 6), spacing: Vector3(0.8, 0.8, 2), origin: .zero)
        let m = BruteForce.randomMask(g, fraction: 0.6, seed: 21)
        let complement = m.map { $0 == 0 ? UInt8(1) : 0 }
        let dual = try complement.dilated(byMillimetres: 2.1).map { $0 == 0 ? UInt8(1) : 0 }
        #expect(try m.eroded(byMillimetres: 2.1) == dual)
        let full = Mask(geometry: g, repeating: 1)
        #expect(try full.eroded(byMillimetres: 3) == full)
    }

    @Test func openingAndClosingAreOrderedAndIdempotent() throws {
        let g = VolumeGeometry(size: Size3(16, 14, 8), spacing: Vector3(0.7, 0.7, 2.5), origin: .zero)
        let m = BruteForce.randomMask(g, fraction: 0.5, seed: 8)
        let opened = try m.opened(byMillimetres: 1.5), closed = try m.closed(byMillimetres: 1.5)
        for n in 0..<m.voxels.count {
            #expect(opened.voxels[n] <= (m.voxels[n] != 0 ? 1 : 0))
            #expect(closed.voxels[n] >= (m.voxels[n] != 0 ? 1 : 0))
        }
        #expect(try opened.opened(byMillimetres: 1.5) == opened)
        #expect(try closed.closed(byMillimetres: 1.5) == closed)
    }

    @Test func rejectsBadRadiiAndShearedGrids() {
        let m = Mask(geometry: Phantoms.isotropic(4), repeating: 1)
        #expect(throws: MaskMorphologyError.invalidRadius(-1)) { try m.dilated(byMillimetres: -1) }
        #expect(throws: MaskMorphologyError.self) { try m.eroded(byMillimetres: .nan) }
        var sheared = m
        sheared.geometry.direction = Matrix3(columns: Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0.26, 0.97))
        #expect(throws: MaskMorphologyError.nonOrthonormalDirection) { try sheared.dilated(byMillimetres: 1) }
    }
}
