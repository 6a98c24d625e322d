extension RGBAImage {
    /// Draws a straight line between two continuous pixel positions (pixel `(u, v)` centred at `(u, v)`; e.g.
    /// from ``SliceView/pixelPosition(of:)``), one sample per pixel step along the longer axis, clipped to the
    /// image. `width` 1 or 2 pixels (2 adds the pixel below or to the right of each sample); `dash` > 0 draws
    /// `dash` samples on, `dash` off (for a line projected from another slice).
    public mutating func drawLine(from a: (x: Double, y: Double), to b: (x: Double, y: Double), color: RGBAColor,
                                  width lineWidth: Int = 1, dash: Int = 0) {
        precondition((1...2).contains(lineWidth), "line width must be 1 or 2 pixels")
        let dx = b.x - a.x, dy = b.y - a.y
        let steps = max(1, Int(max(abs(dx), abs(dy)).rounded(.up)))
        let alongX = abs(dx) >= abs(dy)
        for n in 0...steps {
            if dash > 0 && (n / dash) % 2 == 1 { continue }
            let t = Double(n) / Double(steps)
            let x = Int((a.x + t * dx).rounded()), y = Int((a.y + t * dy).rounded())
            if contains(x: x, y: y) { self[x, y] = color }
            if lineWidth == 2 {
                let (x2, y2) = alongX ? (x, y + 1) : (x + 1, y)
                if contains(x: x2, y: y2) { self[x2, y2] = color }
            }
        }
    }

    /// A filled square marker of `2·radius + 1` pixels centred on the pixel nearest `p` (an end point), clipped.
    public mutating func drawMarker(at p: (x: Double, y: Double), radius: Int = 2, color: RGBAColor) {
        let x = Int(p.x.rounded()), y = Int(p.y.rounded())
        fillRectangle(x: x - radius, y: y - radius, width: 2 * radius + 1, height: 2 * radius + 1, color: color)
    }
}
