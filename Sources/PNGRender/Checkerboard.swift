/// A checkerboard of two aligned pictures: squares alternate between them, so a misregistration shows as
/// broken edges at the square borders.
public enum Checkerboard {
    /// Square (x / `squareSize` + y / `squareSize`) even → pixel from `first`, odd → from `second`.
    /// - Precondition: equal sizes and `squareSize ≥ 1`.
    public static func combine(_ first: RGBAImage, _ second: RGBAImage, squareSize: Int) -> RGBAImage {
        precondition(first.width == second.width && first.height == second.height, "checkerboard images differ in size")
        precondition(squareSize >= 1, "square size must be at least 1 pixel")
        var out = first
        let w = first.width
        out.pixels.withUnsafeMutableBufferPointer { o in
            second.pixels.withUnsafeBufferPointer { b in
                for y in 0..<first.height {
                    for x in 0..<w where (x / squareSize + y / squareSize) & 1 == 1 {
                        let p = (y * w + x) * 4
                        o[p] = b[p]
                        o[p + 1] = b[p + 1]
                        o[p + 2] = b[p + 2]
                        o[p + 3] = b[p + 3]
                    }
                }
            }
        }
        return out
    }
}
