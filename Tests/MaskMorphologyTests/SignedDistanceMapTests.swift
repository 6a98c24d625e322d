import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct SignedDistanceMapTests {
    /// Maurer's convention, computed by brute force: distance to the nearest contour voxel (a non-zero voxel
    /// with a zero voxel among its 26 neighbours in the grid), negative inside.
    static func bruteForceMaurer(_ m: Mask) -> [Float] {
        let n = m.size
        var contour = Mask(geometry: m.geometry, repeating: 0)
        for k in 0..<n.k { for j in 0..<n.j { for i in 0..<n.i where m[i, j, k] != 0 {
            var touches = false
            for dk in -1...1 { for dj in -1...1 { for di in -1...1 {
                let a = i + di, b = j + dj, c = k + dk
                if n.contains(a, b, c) && m[a, b, c] == 0 { touches = true }
            } } }
            if touches { contour[i, j, k] = 1 }
        } } }
        let d = BruteForce.squaredDistances(contour)
        return zip(m.voxels, d).map { $0 != 0 ? -Float($1.squareRoot()) : Float($1.squareRoot()) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func matchesBruteForceMaurerConvention(seed: UInt64) throws {
        let g = VolumeGeometry(size: Size3(12, 9, 6), spacing: Vector3(0.7, 0.7, 2.5), origin: .zero)
        let m = BruteForce.randomMask(g, fraction: [0.05, 0.5, 0.9][Int(seed - 1)], seed: seed)
        let map = try SignedDistanceMap.compute(m)
        #expect(map.voxels == Self.bruteForceMaurer(m))
    }

    @Test func thresholdAtRadiusIsTheDilation() throws {
        let g = Phantoms.ctLike(40, slices: 12)
        let m = Phantoms.sphere(g, radius: 6)
        let map = try SignedDistanceMap.compute(m)
        let dilated = try m.dilated(byMillimetres: 4)
        #expect(map.voxels.map { Double($0) <= 4 + 1e-6 ? UInt8(1) : 0 } == dilated.voxels)
    }

    @Test func emptyMaskThrows() {
        #expect(throws: MaskMorphologyError.emptyMask(what: "mask")) {
            try SignedDistanceMap.compute(Mask(geometry: Phantoms.isotropic(3), repeating: 0))
        }
    }
}
