import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct HoleFillingTests {
    @Test func hollowBallIsFilledIn3D() {
        let g = Phantoms.ctLike(30, slices: 11)
        let shell = Phantoms.mask(g) { $0.length <= 8 && $0.length > 5 }
        let ball = Phantoms.mask(g) { $0.length <= 8 }
        #expect(shell.fillingHoles() == ball)
        #expect(shell != ball)
    }

    @Test func openTubeIsFilledOnlyPerSlice() {
        let g = Phantoms.ctLike(24, slices: 5)
        let tube = Phantoms.mask(g) { p in let r = (p.x * p.x + p.y * p.y).squareRoot(); return r <= 5 && r > 3 }
        let rod = Phantoms.mask(g) { p in (p.x * p.x + p.y * p.y).squareRoot() <= 5 }
        #expect(tube.fillingHoles() == tube)
        #expect(tube.fillingHoles(dimensionality: .slices) == rod)
    }

    @Test func backgroundLeakingThroughAFaceIsNotAHole() {
        let g = VolumeGeometry(size: Size3(7, 7, 1), spacing: Vector3(1, 1, 1), origin: .zero)
        var ring = Phantoms.mask(g) { p in max(abs(p.x - 3), abs(p.y - 3)) == 2 }
        ring[3, 1, 0] = 0  // a gap in the wall: the inside now reaches the border through faces
        #expect(ring.fillingHoles(dimensionality: .slices) == ring)
        var diagonal = Phantoms.mask(g) { p in max(abs(p.x - 3), abs(p.y - 3)) == 2 }
        diagonal[1, 1, 0] = 0  // only a corner is open: background needs a face path, so still a hole
        #expect(diagonal.fillingHoles(dimensionality: .slices).count(of: 1) == diagonal.count(of: 1) + 9)
    }
}
