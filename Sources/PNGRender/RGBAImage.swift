/// An 8-bit RGBA raster, the canvas every QA picture is drawn on.
///
/// Layout: `pixels` holds `width × height × 4` bytes, rows top to bottom, pixels left to right, bytes R, G,
/// B, A (straight alpha) — exactly the layout handed to libpng (`CPNG_RGBA8`), so the buffer a test hashes is
/// the buffer that is encoded. Image coordinates: `x` grows to the right, `y` grows downward, (0, 0) is the
/// top-left pixel.
public struct RGBAImage: Hashable, Sendable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// `width × height × 4` bytes, row-major from the top row, RGBA per pixel.
    public var pixels: [UInt8]

    /// Creates an image filled with one colour. - Precondition: `width`, `height` ≥ 0.
    public init(width: Int, height: Int, fill: RGBAColor = .black) {
        precondition(width >= 0 && height >= 0, "image sizes are non-negative")
        self.width = width
        self.height = height
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        bytes.withUnsafeMutableBufferPointer { b in
            var o = 0
            while o < b.count {
                b[o] = fill.red
                b[o &+ 1] = fill.green
                b[o &+ 2] = fill.blue
                b[o &+ 3] = fill.alpha
                o &+= 4
            }
        }
        pixels = bytes
    }

    /// Creates an opaque grey image from one byte per pixel (row-major from the top row).
    /// - Precondition: `grey.count == width × height`.
    public init(grey: [UInt8], width: Int, height: Int) {
        precondition(grey.count == width * height, "grey buffer does not match the size")
        self.width = width
        self.height = height
        var bytes = [UInt8](repeating: 255, count: width * height * 4)
        bytes.withUnsafeMutableBufferPointer { b in
            grey.withUnsafeBufferPointer { g in
                for n in 0..<g.count {
                    let o = n &* 4
                    b[o] = g[n]
                    b[o &+ 1] = g[n]
                    b[o &+ 2] = g[n]
                }
            }
        }
        pixels = bytes
    }

    /// Whether (x, y) lies inside the image.
    @inlinable public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// The colour at column `x`, row `y`. - Precondition: the pixel lies inside the image.
    public subscript(x: Int, y: Int) -> RGBAColor {
        get {
            precondition(contains(x: x, y: y), "pixel outside the image")
            let o = (y * width + x) * 4
            return RGBAColor(pixels[o], pixels[o + 1], pixels[o + 2], pixels[o + 3])
        }
        set {
            precondition(contains(x: x, y: y), "pixel outside the image")
            let o = (y * width + x) * 4
            pixels[o] = newValue.red
            pixels[o + 1] = newValue.green
            pixels[o + 2] = newValue.blue
            pixels[o + 3] = newValue.alpha
        }
    }
}
