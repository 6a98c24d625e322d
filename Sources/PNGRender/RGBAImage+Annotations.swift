extension RGBAImage {
    /// The text scale for an image of this size: 2 when both sides are at least 256 pixels, else 1.
    public var labelScale: Int { min(width, height) >= 256 ? 2 : 1 }

    /// Draws the plane's orientation letters (``SlicePlane/edgeLetters``) at the middle of each edge, white
    /// with a black halo. Letters only: nothing from the data is ever written on an image.
    public mutating func drawOrientationLetters(_ plane: SlicePlane) {
        let s = labelScale, pad = 2 * s, h = BitmapFont.height(scale: s)
        let l = plane.edgeLetters
        drawText(l.top, x: (width - BitmapFont.width(of: l.top, scale: s)) / 2, y: pad, scale: s)
        drawText(l.bottom, x: (width - BitmapFont.width(of: l.bottom, scale: s)) / 2, y: height - pad - h, scale: s)
        drawText(l.left, x: pad, y: (height - h) / 2, scale: s)
        drawText(l.right, x: width - pad - BitmapFont.width(of: l.right, scale: s), y: (height - h) / 2, scale: s)
    }

    /// A legend strip `width` pixels wide: for each structure a box in its colour followed by its name,
    /// wrapping onto more lines as needed; black background.
    public static func legend(_ structures: [OverlayStructure], width: Int, scale: Int = 1) -> RGBAImage {
        let box = BitmapFont.height(scale: scale), gap = 4 * scale, lineHeight = box + 2 * gap
        var placements: [(x: Int, line: Int)] = []
        var x = gap, line = 0
        for s in structures {
            let itemWidth = box + gap + BitmapFont.width(of: s.name, scale: scale)
            if x > gap && x + itemWidth > width - gap {
                x = gap
                line += 1
            }
            placements.append((x, line))
            x += itemWidth + 3 * gap
        }
        var strip = RGBAImage(width: width, height: structures.isEmpty ? 0 : (line + 1) * lineHeight, fill: .black)
        for (s, p) in zip(structures, placements) {
            let y = p.line * lineHeight + gap
            strip.fillRectangle(x: p.x, y: y, width: box, height: box, color: s.color)
            strip.strokeRectangle(x: p.x, y: y, width: box, height: box, color: .white)
            strip.drawText(s.name, x: p.x + box + gap, y: y, scale: scale, color: .white, shadow: nil)
        }
        return strip
    }

    /// A new image with `others` stacked below this one, left-aligned on a black background as wide as the
    /// widest.
    public func stacked(above others: RGBAImage...) -> RGBAImage {
        let all = [self] + others
        var out = RGBAImage(width: all.map(\.width).max() ?? 0, height: all.map(\.height).reduce(0, +), fill: .black)
        var y = 0
        for image in all {
            out.draw(image, x: 0, y: y)
            y += image.height
        }
        return out
    }

    /// A new image with a caption band of `text` above this one (black band, white letters).
    public func captioned(_ text: String, scale: Int? = nil) -> RGBAImage {
        let s = scale ?? labelScale, pad = 3 * s
        var band = RGBAImage(width: max(width, BitmapFont.width(of: text, scale: s) + 2 * pad),
                             height: BitmapFont.height(scale: s) + 2 * pad, fill: .black)
        band.drawText(text, x: pad, y: pad, scale: s, color: .white, shadow: nil)
        return band.stacked(above: self)
    }
}
