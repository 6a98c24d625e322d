import Foundation
import VolumeModule

/// One annotated slice picture: a windowed slice with mask overlays, orientation letters and a legend —
/// what `radstation render <volume> --mask … --plane … --at x,y,z --out x.png` produces.
public enum SliceRenderer {
    /// Renders one slice.
    /// - Parameters:
    ///   - volume: intensities (HU after rescale for CT).
    ///   - plane: axial, coronal or sagittal (radiological orientation, see ``SlicePlane``).
    ///   - point: LPS mm point the slice passes through; `nil` = ``defaultPoint(for:overlays:)``.
    ///   - window: display window (e.g. ``WindowLevel/abdomen``).
    ///   - overlays: masks drawn in order (later on top); each must be on the volume's grid.
    ///   - pixelSize: display pixel size in mm (`nil`: see ``SliceView``).
    ///   - orientationLetters: draw the edge letters.
    ///   - legend: append a legend strip naming the overlays' structures (when there are overlays).
    /// - Returns: the picture (rows top to bottom).
    /// - Throws: ``PNGRenderError/geometryMismatch(expected:found:)`` for a mask on another grid, and the
    ///   errors of ``SliceView/init(geometry:plane:through:pixelSize:region:)``.
    public static func render(_ volume: Volume<Float>, plane: SlicePlane, at point: Vector3? = nil,
                              window: WindowLevel, overlays: [MaskOverlay] = [], pixelSize: Double? = nil,
                              orientationLetters: Bool = true, legend: Bool = true) throws -> RGBAImage {
        try checkGrid(volume.geometry, overlays.map(\.mask.geometry))
        let at = try point ?? defaultPoint(for: volume.geometry, overlays: overlays)
        let view = try SliceView(geometry: volume.geometry, plane: plane, through: at, pixelSize: pixelSize)
        var image = view.render(volume, window: window)
        for overlay in overlays { image.drawOverlay(raster: view.sample(overlay.mask), overlay: overlay) }
        if orientationLetters { image.drawOrientationLetters(plane) }
        guard legend, !overlays.isEmpty else { return image }
        var seen = Set<OverlayStructure>()
        let structures = overlays.map(\.structure).filter { seen.insert($0).inserted }
        return image.stacked(above: RGBAImage.legend(structures, width: image.width, scale: image.labelScale))
    }

    /// Renders one slice (``render(_:plane:at:window:overlays:pixelSize:orientationLetters:legend:)``) and
    /// writes it as an RGB PNG.
    public static func write(_ volume: Volume<Float>, plane: SlicePlane, at point: Vector3? = nil,
                             window: WindowLevel, overlays: [MaskOverlay] = [], to url: URL) throws {
        try PNGEncoder.write(render(volume, plane: plane, at: point, window: window, overlays: overlays), to: url)
    }

    /// The default slice position: the centroid of the first overlay whose mask has voxels inside (the
    /// tumour when it comes first), else the centre of the volume.
    public static func defaultPoint(for geometry: VolumeGeometry, overlays: [MaskOverlay]) throws -> Vector3 {
        for overlay in overlays {
            if let c = centroid(of: overlay.mask, label: overlay.label) { return c }
        }
        let s = geometry.size
        return geometry.physicalPoint(at: Vector3(Double(s.i - 1) / 2, Double(s.j - 1) / 2, Double(s.k - 1) / 2))
    }

    /// The centroid (LPS mm) of the voxels of `mask` equal to `label` (`nil` label: non-zero), or `nil`
    /// when there are none: the mean voxel index mapped through the geometry (ITK `ImageMomentsCalculator`
    /// centre of gravity with unit weights).
    public static func centroid(of mask: Mask, label: UInt8? = nil) -> Vector3? {
        let s = mask.size
        var si = 0.0, sj = 0.0, sk = 0.0, n = 0
        mask.voxels.withUnsafeBufferPointer { v in
            var o = 0
            for k in 0..<s.k {
                for j in 0..<s.j {
                    var rowCount = 0, rowI = 0
                    for i in 0..<s.i {
                        let x = v[o &+ i]
                        if label.map({ x == $0 }) ?? (x != 0) {
                            rowCount &+= 1
                            rowI &+= i
                        }
                    }
                    if rowCount > 0 {
                        n &+= rowCount
                        si += Double(rowI)
                        sj += Double(j * rowCount)
                        sk += Double(k * rowCount)
                    }
                    o &+= s.i
                }
            }
        }
        guard n > 0 else { return nil }
        let c = Double(n)
        return mask.geometry.physicalPoint(at: Vector3(si / c, sj / c, sk / c))
    }

    /// Throws unless every grid in `others` is congruent with `reference`.
    static func checkGrid(_ reference: VolumeGeometry, _ others: [VolumeGeometry]) throws {
        for g in others where !g.isCongruent(with: reference) {
            throw PNGRenderError.geometryMismatch(expected: reference, found: g)
        }
    }
}
