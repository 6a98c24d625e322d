import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct ShellMapTests {
    /// A tilted cylinder (radius 6 mm, centre shifting one voxel per slice) with a per-slice ring band
    /// 6 < ρ ≤ 9 mm (analytic, so the test checks the map and not the band) and an image bright (1000) on the +i side of each slice's tumour centre only.
    static func phantom(_ g: VolumeGeometry) throws -> (Volume<Float>, Mask, Mask) {
        var tumour = Mask(geometry: g, repeating: 0)
        var image = Volume<Float>(geometry: g, repeating: 0)
        var band = tumour
        for k in 0..<g.size.k {
            let centre = g.physicalPoint(i: g.size.i / 2 + k - 2, j: g.size.j / 2 - k, k: k)
            for j in 0..<g.size.j { for i in 0..<g.size.i {
                let p = g.physicalPoint(i: i, j: j, k: k)
                let rho = Vector3(p.x - centre.x, p.y - centre.y, 0).length
                if rho <= 6 { tumour[i, j, k] = 1 }
                if rho > 6 && rho <= 9 { band[i, j, k] = 1 }
                if p.x > centre.x + 1e-6 { image[i, j, k] = 1000 }
            } }
        }
        return (image, tumour, band)
    }

    @Test func ringPatternIsCentredAlignedAndOriented() throws {
        let g = Phantoms.isotropic(60)
        var g5 = g
        g5.size = Size3(60, 60, 5)
        let (image, tumour, band) = try Self.phantom(g5)
        let map = try ShellMap.compute(image: image, tumour: tumour, band: band,
                                       configuration: .init(size: 41, pixelSpacing: 0.5, normalisation: .none))
        #expect(map.size == 41 && map.values.count == 41 * 41 && map.sliceCount == 5)
        for v in 0..<41 { for u in 0..<41 {
            let x = Double(u - 20) * 0.5, y = Double(v - 20) * 0.5
            let rho = (x * x + y * y).squareRoot()
            let value = map.values[u + 41 * v]
            if rho > 6.01 && rho <= 9 && x > 0 { #expect(value == 1000, "(\(u), \(v))") }
            if rho <= 6 || rho > 9.01 || x <= 0 { #expect(value == 0, "(\(u), \(v))") }
        } }
    }

    @Test func sameSizeForEveryGridAndDeterministic() throws {
        let config = ShellMap.Configuration(size: 48, pixelSpacing: 1, normalisation: .minMax)
        var sizes: Set<Int> = []
        for g in [Phantoms.isotropic(50), Phantoms.ctLike(40, slices: 7)] {
            var grid = g
            grid.size = Size3(g.size.i, g.size.j, 6)
            let (image, tumour, band) = try Self.phantom(grid)
            let a = try ShellMap.compute(image: image, tumour: tumour, band: band, configuration: config)
            let b = try ShellMap.compute(image: image, tumour: tumour, band: band, configuration: config)
            #expect(a == b)
            sizes.insert(a.values.count)
            #expect(a.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        #expect(sizes == [48 * 48])
    }

    @Test func zeroFilledBeyondTheFieldOfView() throws {
        var g = Phantoms.isotropic(30)
        g.size = Size3(30, 30, 2)
        let (image, tumour, band) = try Self.phantom(g)
        let map = try ShellMap.compute(image: image, tumour: tumour, band: band,
                                       configuration: .init(size: 101, pixelSpacing: 0.5, normalisation: .none))
        #expect(map.values[0] == 0 && map.values[100] == 0 && map.values.contains(1000))
        #expect(throws: MaskMorphologyError.self) {
            try ShellMap.compute(image: image, tumour: Mask(geometry: g, repeating: 0), band: band)
        }
    }
}
