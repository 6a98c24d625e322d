/// A 256-entry colour lookup table for scalar maps (e.g. the 2D shell map).
public struct ColorMap: Sendable {
    /// The 256 colours, from the low end to the high end.
    public let table: [RGBAColor]

    /// Creates a map from exactly 256 colours. - Precondition: `table.count == 256`.
    public init(table: [RGBAColor]) {
        precondition(table.count == 256, "a colour map has 256 entries")
        self.table = table
    }

    /// A viridis-like perceptually ordered map (dark violet → blue → green → yellow), from the CC0
    /// 6th-degree polynomial fit of matplotlib's viridis by Matt Zucker (shadertoy "WlfXRN"); within a few
    /// 8-bit steps of the original.
    public static let viridis: ColorMap = {
        let c: [(Double, Double, Double)] = [
            (0.2777273272234177, 0.005407344544966578, 0.3340998053353061),
            (0.1050930431085774, 1.404613529898575, 1.384590162594685),
            (-0.3308618287255563, 0.214847559468213, 0.09509516302823659),
            (-4.634230498983486, -5.799100973351585, -19.33244095627987),
            (6.228269936347081, 14.17993336680509, 56.69055260068105),
            (4.776384997670288, -13.74514537774601, -65.35303263337234),
            (-5.435455855934631, 4.645852612178535, 26.3124352495832),
        ]
        func byte(_ v: Double) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
        return ColorMap(table: (0..<256).map { n in
            let t = Double(n) / 255
            var r = 0.0, g = 0.0, b = 0.0
            for term in c.reversed() {
                r = r * t + term.0
                g = g * t + term.1
                b = b * t + term.2
            }
            return RGBAColor(byte(r), byte(g), byte(b))
        })
    }()

    /// The colour of `value` within `range` (clamped to the ends); `nil` for NaN.
    public func color(for value: Float, in range: ClosedRange<Double>) -> RGBAColor? {
        guard !value.isNaN else { return nil }
        let span = range.upperBound - range.lowerBound
        let t = span > 0 ? (Double(value) - range.lowerBound) / span : 0
        return table[Int((max(0, min(1, t)) * 255).rounded())]
    }

    /// A `width × height` scalar map (row-major from the top row) drawn with this colour map, each value a
    /// `pixelScale × pixelScale` block; NaN (no data) is drawn in `missing`.
    /// - Precondition: `values.count == width × height`, `pixelScale ≥ 1`.
    public func render(values: [Float], width: Int, height: Int, range: ClosedRange<Double>, pixelScale: Int = 1,
                       missing: RGBAColor = RGBAColor(grey: 40)) -> RGBAImage {
        precondition(values.count == width * height, "values do not match the size")
        precondition(pixelScale >= 1, "pixel scale must be at least 1")
        var out = RGBAImage(width: width * pixelScale, height: height * pixelScale, fill: missing)
        for y in 0..<height {
            for x in 0..<width {
                if let c = color(for: values[y * width + x], in: range) {
                    out.fillRectangle(x: x * pixelScale, y: y * pixelScale, width: pixelScale, height: pixelScale, color: c)
                }
            }
        }
        return out
    }

    /// A horizontal colour bar `width` pixels wide with the range's ends and `unit` written below it.
    public func colorBar(range: ClosedRange<Double>, width: Int, unit: String = "", scale: Int = 1) -> RGBAImage {
        let barHeight = 6 * scale, pad = 3 * scale
        var out = RGBAImage(width: width, height: barHeight + BitmapFont.height(scale: scale) + 3 * pad, fill: .black)
        let inner = max(1, width - 2 * pad)
        for x in 0..<inner {
            let c = table[Int((Double(x) / Double(max(1, inner - 1)) * 255).rounded())]
            out.fillRectangle(x: pad + x, y: pad, width: 1, height: barHeight, color: c)
        }
        let low = String(format1: range.lowerBound), high = String(format1: range.upperBound) + (unit.isEmpty ? "" : " " + unit)
        let textY = barHeight + 2 * pad
        out.drawText(low, x: pad, y: textY, scale: scale, shadow: nil)
        out.drawText(high, x: width - pad - BitmapFont.width(of: high, scale: scale), y: textY, scale: scale, shadow: nil)
        return out
    }
}
