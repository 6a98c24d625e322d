import Testing
import VolumeModule
@testable import PNGRender

@Suite struct SliceSamplingTests {
    /// 0.7 × 0.7 × 5 mm voxels: the coronal picture is as tall (mm) as the slab and as wide as the field.
    @Test func coronalAndSagittalKeepThePhysicalAspectRatio() throws {
        let g = RenderPhantoms.centredGrid(size: Size3(100, 80, 20), spacing: Vector3(0.7, 0.7, 5))
        for (plane, widthMM) in [(SlicePlane.coronal, 70.0), (.sagittal, 56.0)] {
            let native = try SliceView(geometry: g, plane: plane, through: .zero, pixelSize: 0.7)
            #expect(native.width == Int((widthMM / 0.7).rounded()) && native.height == Int((100 / 0.7).rounded()))
            let auto = try SliceView(geometry: g, plane: plane, through: .zero)
            let ratio = Double(auto.height) / Double(auto.width), expected = 100 / widthMM
            #expect(abs(ratio - expected) < 2 / Double(auto.width), "\(plane): \(auto.width)×\(auto.height)")
            #expect(max(auto.width, auto.height) >= 384)
        }
        // Axial stays square-pixelled at the native spacing.
        let axial = try SliceView(geometry: g, plane: .axial, through: .zero, pixelSize: 0.7)
        #expect(axial.width == 100 && axial.height == 80)
    }

    @Test func bilinearSamplingMatchesTheAnalyticRamp() throws {
        // f = 2x − 3z + 7 is linear, so in-plane bilinear interpolation reproduces it exactly (inside).
        let g = RenderPhantoms.centredGrid(size: Size3(6, 5, 12), spacing: Vector3(1, 1, 5))
        let volume = RenderPhantoms.volume(g) { Float(2 * $0.x - 3 * $0.z + 7) }
        let view = try SliceView(geometry: g, plane: .coronal, through: .zero, pixelSize: 0.5)
        #expect(view.width == 12 && view.height == 120)
        let values = view.sample(volume)
        for v in [10, 60, 100] {
            for u in [1, 5, 9] {
                // Pixel centre in LPS: x from the left edge, z from the top (superior) edge; clamp at the rim.
                let x = -3.0 + (Double(u) + 0.5) * 0.5, z = 30.0 - (Double(v) + 0.5) * 0.5
                let xc = min(2.5, max(-2.5, x)), zc = min(27.5, max(-27.5, z))
                #expect(abs(Double(values[v * 12 + u]) - (2 * xc - 3 * zc + 7)) < 1e-4, "pixel \(u),\(v)")
            }
        }
    }

    @Test func masksUseNearestNeighbourAndOutsideIsEmpty() throws {
        let g = RenderPhantoms.centredGrid(size: Size3(4, 4, 3), spacing: Vector3(2, 2, 2))
        var mask = Mask(geometry: g, repeating: 0)
        mask[1, 2, 1] = 7
        let region = (x: -2.0...10.0, y: 0.0...8.0)
        let view = try SliceView(geometry: g, plane: .axial, through: .zero, pixelSize: 1, region: region)
        let raster = view.sample(mask)
        #expect(view.width == 12 && view.height == 8)
        // Voxel i=1 covers display x 2…4 mm → pixels 4, 5 (region starts at −2); j=2 covers y 4…6 → rows 4, 5.
        var hits: [Int] = []
        for (n, v) in raster.enumerated() where v == 7 { hits.append(n) }
        #expect(hits == [4 * 12 + 4, 4 * 12 + 5, 5 * 12 + 4, 5 * 12 + 5])
        let volume = Volume<Float>(geometry: g, repeating: 1)
        let values = view.sample(volume)
        #expect(values[0].isNaN && values[1].isNaN && !values[2].isNaN && values[11].isNaN)
    }

    @Test func centroidIsTheMeanVoxelPosition() throws {
        let g = RenderPhantoms.centredGrid(size: Size3(10, 10, 10), spacing: Vector3(1, 2, 3),
                                           direction: RenderPhantoms.directions[1].matrix)
        let centre = Vector3(1, -2, 3)
        let mask = RenderPhantoms.mask(g) { ($0 - centre).length <= 4 }
        let c = try #require(SliceRenderer.centroid(of: mask))
        // Brute force over the same voxels.
        var sum = Vector3.zero, n = 0.0
        for k in 0..<10 { for j in 0..<10 { for i in 0..<10 where mask[i, j, k] != 0 {
            sum = sum + g.physicalPoint(i: i, j: j, k: k); n += 1
        } } }
        #expect(c.maxAbsDifference(sum / n) < 1e-9)
        #expect(SliceRenderer.centroid(of: Mask(geometry: g, repeating: 0)) == nil)
        #expect(SliceRenderer.centroid(of: mask, label: 2) == nil)
    }
}
