extension RGBAImage {
    /// Fills the rectangle of `width × height` pixels whose top-left pixel is (x, y), clipped to the image.
    public mutating func fillRectangle(x: Int, y: Int, width w: Int, height h: Int, color: RGBAColor) {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let stride = width
        pixels.withUnsafeMutableBufferPointer { b in
            for row in y0..<y1 {
                var o = (row &* stride &+ x0) &* 4
                for _ in x0..<x1 {
                    b[o] = color.red
                    b[o &+ 1] = color.green
                    b[o &+ 2] = color.blue
                    b[o &+ 3] = color.alpha
                    o &+= 4
                }
            }
        }
    }

    /// Draws a 1-pixel rectangle outline (clipped).
    public mutating func strokeRectangle(x: Int, y: Int, width w: Int, height h: Int, color: RGBAColor) {
        fillRectangle(x: x, y: y, width: w, height: 1, color: color)
        fillRectangle(x: x, y: y + h - 1, width: w, height: 1, color: color)
        fillRectangle(x: x, y: y, width: 1, height: h, color: color)
        fillRectangle(x: x + w - 1, y: y, width: 1, height: h, color: color)
    }

    /// Mixes `color` over pixel (x, y) with opacity `opacity` (0…1) times the colour's own alpha; the
    /// result stays opaque if the pixel was. Pixels outside the image are ignored.
    public mutating func blend(x: Int, y: Int, color: RGBAColor, opacity: Double = 1) {
        guard contains(x: x, y: y) else { return }
        let a = max(0, min(1, opacity)) * Double(color.alpha) / 255
        let o = (y * width + x) * 4
        pixels[o] = RGBAImage.mix(pixels[o], color.red, a)
        pixels[o + 1] = RGBAImage.mix(pixels[o + 1], color.green, a)
        pixels[o + 2] = RGBAImage.mix(pixels[o + 2], color.blue, a)
        pixels[o + 3] = max(pixels[o + 3], UInt8((a * 255).rounded()))
    }

    /// Copies `image` so that its top-left pixel lands on (x, y), clipped to this image (no blending).
    public mutating func draw(_ image: RGBAImage, x: Int, y: Int) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + image.width), y1 = min(height, y + image.height)
        guard x0 < x1, y0 < y1 else { return }
        let count = (x1 - x0) * 4
        let stride = width
        pixels.withUnsafeMutableBufferPointer { dst in
            image.pixels.withUnsafeBufferPointer { src in
                for row in y0..<y1 {
                    let d = (row * stride + x0) * 4
                    let s = ((row - y) * image.width + (x0 - x)) * 4
                    dst.baseAddress!.advanced(by: d).update(from: src.baseAddress!.advanced(by: s), count: count)
                }
            }
        }
    }

    /// `round(a·over + (1−a)·under)` on one 8-bit channel.
    @inlinable static func mix(_ under: UInt8, _ over: UInt8, _ a: Double) -> UInt8 {
        UInt8((Double(over) * a + Double(under) * (1 - a)).rounded())
    }
}
