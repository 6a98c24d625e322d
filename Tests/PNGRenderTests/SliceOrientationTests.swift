import Testing
import VolumeModule
@testable import PNGRender

@Suite struct SliceOrientationTests {
    /// A bright ball at patient left (+x), anterior (−y), superior (+z) must land on the expected image side.
    @Test(arguments: RenderPhantoms.directions.indices)
    func markerLandsOnTheRadiologicalSide(directionIndex: Int) throws {
        let direction = RenderPhantoms.directions[directionIndex].matrix
        let g = RenderPhantoms.centredGrid(size: Size3(24, 20, 16), spacing: Vector3(2, 2.5, 3), direction: direction)
        let marker = Vector3(15, -12, 12)
        let volume = RenderPhantoms.volume(g) { ($0 - marker).length <= 6 ? 1000 : 0 }
        // plane → (marker right of centre?, marker above centre?)
        let expected: [SlicePlane: (right: Bool, top: Bool)] = [
            .axial: (true, true),  // left on image right; anterior at top
            .coronal: (true, true),  // left on image right; superior at top
            .sagittal: (false, true),  // anterior on image left; superior at top
        ]
        for plane in SlicePlane.allCases {
            let view = try SliceView(geometry: g, plane: plane, through: marker, pixelSize: 1)
            let values = view.sample(volume)
            var sx = 0.0, sy = 0.0, n = 0.0
            for y in 0..<view.height { for x in 0..<view.width where values[y * view.width + x] > 500 {
                sx += Double(x); sy += Double(y); n += 1
            } }
            #expect(n > 0, "marker missing in \(plane)")
            let right = sx / n > Double(view.width) / 2, top = sy / n < Double(view.height) / 2
            #expect(right == expected[plane]!.right && top == expected[plane]!.top,
                    "\(plane) with \(RenderPhantoms.directions[directionIndex].name): right \(right) top \(top)")
        }
    }

    @Test func markerPositionIsExactForEveryDirection() throws {
        // The marker voxel's display pixel is where the physical distances say, whatever the storage order.
        for (name, direction) in RenderPhantoms.directions {
            let g = RenderPhantoms.centredGrid(size: Size3(9, 7, 5), spacing: Vector3(1, 1, 1), direction: direction)
            let marker = Vector3(2, -1, 1)  // a voxel centre for every direction (odd sizes, unit spacing)
            let volume = RenderPhantoms.volume(g) { ($0 - marker).length < 0.1 ? 1 : 0 }
            // Extents along x, y, z in LPS (each a permutation of the sizes).
            let extent = (0..<3).map { axis in
                (0..<3).first { abs(g.direction.column($0).array[axis]) > 0.5 }.map { [9, 7, 5][$0] }!
            }
            // Left edge of x is patient right (−x); top of axial is anterior (−y); top of coronal is +z.
            let axial = try SliceView(geometry: g, plane: .axial, through: marker, pixelSize: 1)
            let ax = axial.sample(volume).firstIndex(of: 1)
            #expect(ax == (Int(marker.y) + extent[1] / 2) * extent[0] + Int(marker.x) + extent[0] / 2, "\(name) axial")
            let coronal = try SliceView(geometry: g, plane: .coronal, through: marker, pixelSize: 1)
            let co = coronal.sample(volume).firstIndex(of: 1)
            #expect(co == (extent[2] / 2 - Int(marker.z)) * extent[0] + Int(marker.x) + extent[0] / 2, "\(name) coronal")
            let sagittal = try SliceView(geometry: g, plane: .sagittal, through: marker, pixelSize: 1)
            let sa = sagittal.sample(volume).firstIndex(of: 1)
            #expect(sa == (extent[2] / 2 - Int(marker.z)) * extent[1] + Int(marker.y) + extent[1] / 2, "\(name) sagittal")
        }
    }

    @Test func edgeLettersFollowTheRadiologicalConvention() {
        let a = SlicePlane.axial.edgeLetters, c = SlicePlane.coronal.edgeLetters, s = SlicePlane.sagittal.edgeLetters
        #expect([a.top, a.bottom, a.left, a.right] == ["A", "P", "R", "L"])
        #expect([c.top, c.bottom, c.left, c.right] == ["S", "I", "R", "L"])
        #expect([s.top, s.bottom, s.left, s.right] == ["S", "I", "A", "P"])
    }

    @Test func ambiguousObliqueDirectionThrows() {
        let r = 0.5.squareRoot()
        let d = Matrix3(columns: Vector3(r, r, 0), Vector3(-r, r, 0), Vector3(0, 0, 1))  // 45° in-plane rotation
        let g = VolumeGeometry(size: Size3(4, 4, 4), spacing: Vector3(1, 1, 1), origin: .zero, direction: d)
        #expect(throws: PNGRenderError.self) { try SliceView(geometry: g, plane: .axial, through: .zero) }
    }

    @Test func pointOutsideTheSlabThrows() {
        let g = RenderPhantoms.centredGrid(size: Size3(4, 4, 4), spacing: Vector3(1, 1, 1))
        #expect(throws: PNGRenderError.pointOutsideVolume(point: Vector3(0, 0, 2.6))) {
            try SliceView(geometry: g, plane: .axial, through: Vector3(0, 0, 2.6))
        }
        // In-plane coordinates do not matter for the slice choice.
        #expect((try? SliceView(geometry: g, plane: .axial, through: Vector3(100, -100, 1.9)))?.sliceIndex == 3)
    }
}
