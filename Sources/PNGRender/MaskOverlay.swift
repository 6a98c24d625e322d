import VolumeModule

/// A mask drawn over an image: an outline of the region's border and/or a translucent fill, in the
/// structure's colour.
public struct MaskOverlay: Sendable {
    /// What the mask shows (name and colour).
    public var structure: OverlayStructure
    /// The mask, on the grid of the image it is drawn over.
    public var mask: Mask
    /// The label that is "inside"; `nil` = every non-zero voxel.
    public var label: UInt8?
    /// Outline width in display pixels: 0 (none), 1 or 2.
    public var outlineWidth: Int
    /// Opacity of the fill, 0 (none) … 1.
    public var fillOpacity: Double

    /// Creates an overlay. - Precondition: `outlineWidth` in 0…2, `fillOpacity` in 0…1.
    public init(structure: OverlayStructure, mask: Mask, label: UInt8? = nil, outlineWidth: Int = 2,
                fillOpacity: Double = 0.25) {
        precondition((0...2).contains(outlineWidth), "outline width must be 0, 1 or 2 pixels")
        precondition((0...1).contains(fillOpacity), "fill opacity must be within 0…1")
        self.structure = structure
        self.mask = mask
        self.label = label
        self.outlineWidth = outlineWidth
        self.fillOpacity = fillOpacity
    }

    /// Whether a voxel value is inside.
    @inlinable func isInside(_ v: UInt8) -> Bool { label.map { v == $0 } ?? (v != 0) }
}

extension RGBAImage {
    /// Draws an overlay from a mask raster on this image's pixel grid (row-major, e.g.
    /// ``SliceView/sample(_:)-(Mask)``): inside pixels 4-adjacent to an outside pixel form the 1-pixel
    /// outline; a 2-pixel outline adds the inside pixels 4-adjacent to those. Pixels beyond the image edge
    /// count as inside, so a cropped view (montage tile) draws no false border along its edge. The outline
    /// is opaque; other inside pixels get the translucent fill.
    /// - Precondition: `raster.count == width × height`.
    public mutating func drawOverlay(raster: [UInt8], overlay: MaskOverlay) {
        precondition(raster.count == width * height, "mask raster does not match the image")
        let w = width, h = height
        let inside = raster.map(overlay.isInside)
        func isIn(_ x: Int, _ y: Int) -> Bool { x < 0 || y < 0 || x >= w || y >= h || inside[y * w + x] }
        var edge = [Bool](repeating: false, count: w * h)
        if overlay.outlineWidth > 0 {
            for y in 0..<h {
                for x in 0..<w where inside[y * w + x] {
                    edge[y * w + x] = !isIn(x - 1, y) || !isIn(x + 1, y) || !isIn(x, y - 1) || !isIn(x, y + 1)
                }
            }
            if overlay.outlineWidth == 2 {
                let first = edge
                func wasEdge(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < w && y < h && first[y * w + x] }
                for y in 0..<h {
                    for x in 0..<w where inside[y * w + x] && !first[y * w + x] {
                        edge[y * w + x] = wasEdge(x - 1, y) || wasEdge(x + 1, y) || wasEdge(x, y - 1) || wasEdge(x, y + 1)
                    }
                }
            }
        }
        let color = overlay.structure.color
        for y in 0..<h {
            for x in 0..<w where inside[y * w + x] {
                if edge[y * w + x] {
                    self[x, y] = color
                } else if overlay.fillOpacity > 0 {
                    blend(x: x, y: y, color: color, opacity: overlay.fillOpacity)
                }
            }
        }
    }
}
