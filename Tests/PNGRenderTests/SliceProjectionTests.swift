import Testing
import VolumeModule
@testable import PNGRender

/// ``SliceView/pixelPosition(of:)`` against where ``SliceView/sample(_:)-(Mask)`` puts a voxel, and
/// ``SliceView/sliceGeometry`` against the full view, on transposed and flipped grids with non-square voxels.
@Suite struct SliceProjectionTests {
    static let grids: [VolumeGeometry] = [
        VolumeGeometry(size: Size3(30, 24, 10), spacing: Vector3(0.8, 1.3, 2.5), origin: Vector3(-12, 7, -20)),
        // i toward patient right (flipped), j toward anterior (flipped): the picture must still show R on the left.
        VolumeGeometry(size: Size3(30, 24, 10), spacing: Vector3(0.8, 1.3, 2.5), origin: Vector3(12, 7, -20),
                       direction: Matrix3(columns: Vector3(-1, 0, 0), Vector3(0, -1, 0), Vector3(0, 0, 1))),
        // Transposed: i runs along patient y, j along x.
        VolumeGeometry(size: Size3(24, 30, 10), spacing: Vector3(1.3, 0.8, 2.5), origin: Vector3(-12, -7, 20),
                       direction: Matrix3(columns: Vector3(0, 1, 0), Vector3(1, 0, 0), Vector3(0, 0, -1))),
    ]

    @Test("a voxel centre projects onto the middle of the pixels that show that voxel", arguments: 0..<3)
    func voxelCentres(_ n: Int) throws {
        let grid = Self.grids[n]
        for (i, j, k) in [(3, 5, 4), (20, 2, 7), (9, 15, 1)] {
            var mask = Mask(geometry: grid, repeating: 0)
            mask[i, j, k] = 1
            let point = grid.physicalPoint(i: i, j: j, k: k)
            let view = try SliceView(geometry: grid, plane: .axial, through: point, pixelSize: 0.1)
            let raster = view.sample(mask)
            let shown = raster.indices.filter { raster[$0] != 0 }
            try #require(!shown.isEmpty)
            let x = Double(shown.map { $0 % view.width }.reduce(0, +)) / Double(shown.count)
            let y = Double(shown.map { $0 / view.width }.reduce(0, +)) / Double(shown.count)
            let p = try #require(view.pixelPosition(of: point))
            #expect(abs(p.x - x) < 0.51 && abs(p.y - y) < 0.51, "grid \(n) voxel (\(i), \(j), \(k)): \(p) vs (\(x), \(y))")
            // Patient left is to the right, posterior down, whatever the grid's axes.
            let right = try #require(view.pixelPosition(of: point + Vector3(5, 0, 0)))
            let down = try #require(view.pixelPosition(of: point + Vector3(0, 5, 0)))
            #expect(abs(right.x - p.x - 50) < 1e-6 && abs(right.y - p.y) < 1e-6)
            #expect(abs(down.y - p.y - 50) < 1e-6 && abs(down.x - p.x) < 1e-6)
            // The one-slice grid gives the same pixels.
            let slab = view.sliceGeometry
            var one = Mask(geometry: slab, repeating: 0)
            let c = try #require(slab.continuousIndex(at: point))
            one[Int(c.x.rounded()), Int(c.y.rounded()), Int(c.z.rounded())] = 1
            let slabView = try SliceView(geometry: slab, plane: .axial, through: slab.origin, pixelSize: 0.1,
                                         region: (view.originX...view.originX + Double(view.width) * 0.1,
                                                  view.originY...view.originY + Double(view.height) * 0.1))
            #expect(slabView.width == view.width && slabView.height == view.height && slabView.sample(one) == raster)
        }
    }
}
