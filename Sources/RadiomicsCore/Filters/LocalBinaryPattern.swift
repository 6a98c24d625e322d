import Foundation
import VolumeModule

/// 2-D local binary patterns, slice by slice, as PyRadiomics 3.1.0's `imageoperations.getLBP2DImage` computes them
/// with scikit-image's `feature.local_binary_pattern` (image type `LBP2D`, feature prefix `lbp-2D`).
///
/// The slices are the planes normal to `force2Ddimension` (NumPy order: 0 = z → (y, x) planes, 1 = y → (z, x),
/// 2 = x → (y, z); rows first). For each pixel, `P` samples on the circle of radius `R` pixels at angles 2πp/P
/// (row offset −R·sin, column offset R·cos, both rounded to 5 decimals), bilinearly interpolated with zeros outside
/// the slice; a sample counts as 1 when `sample − centre ≥ 0`. `default`: Σ sₚ·2ᵖ; `uniform`: the number of ones
/// when the pattern has at most two 0/1 changes between consecutive samples (p = 0…P−1, no wrap-around, as
/// scikit-image counts them), else P + 1. Units: pixels (spacing is ignored, as in scikit-image). No IBSI definition.
public enum LocalBinaryPattern {
    /// The LBP methods implemented (scikit-image `method`).
    public static let methods: Set<String> = ["default", "uniform"]

    /// The LBP image.
    /// - Parameters:
    ///   - values: intensities in ITK order (`i` fastest).
    ///   - size: grid size along x, y, z.
    ///   - samples: P ≥ 1 (`lbp2DSamples`, PyRadiomics default 8).
    ///   - radius: R > 0 in pixels (`lbp2DRadius`, default 1).
    ///   - method: `uniform` (default) or `default`.
    ///   - normalAxis: `force2Ddimension` (NumPy order).
    /// - Returns: LBP codes per voxel, ITK order.
    public static func apply(to values: [Double], size: Size3, samples: Int, radius: Double, method: String,
                             normalAxis: Int) -> [Double] {
        precondition(values.count == size.count && samples >= 1 && radius > 0 && methods.contains(method),
                     "invalid LBP input")
        let dims = [size.i, size.j, size.k], strides = [1, size.i, size.i * size.j]
        // ITK axes of the slice's rows and columns, and of the slice index.
        let (rowAxis, columnAxis, sliceAxis) = normalAxis == 0 ? (1, 0, 2) : normalAxis == 1 ? (2, 0, 1) : (1, 2, 0)
        let rows = dims[rowAxis], columns = dims[columnAxis]
        let rowOffsets = (0..<samples).map { roundedTo5(-radius * sin(2 * Double.pi * Double($0) / Double(samples))) }
        let columnOffsets = (0..<samples).map { roundedTo5(radius * cos(2 * Double.pi * Double($0) / Double(samples))) }
        let uniform = method == "uniform"
        var out = [Double](repeating: 0, count: values.count)
        for s in 0..<dims[sliceAxis] {
            let base = s * strides[sliceAxis]
            @inline(__always) func pixel(_ r: Int, _ c: Int) -> Double {
                guard r >= 0 && r < rows && c >= 0 && c < columns else { return 0 }
                return values[base + r * strides[rowAxis] + c * strides[columnAxis]]
            }
            var signs = [Int](repeating: 0, count: samples)
            for r in 0..<rows {
                for c in 0..<columns {
                    let centre = pixel(r, c)
                    for p in 0..<samples {
                        let rr = Double(r) + rowOffsets[p], cc = Double(c) + columnOffsets[p]
                        let r0 = Int(rr.rounded(.down)), c0 = Int(cc.rounded(.down))
                        let r1 = Int(rr.rounded(.up)), c1 = Int(cc.rounded(.up))
                        let dr = rr - Double(r0), dc = cc - Double(c0)
                        let top = (1 - dc) * pixel(r0, c0) + dc * pixel(r0, c1)
                        let bottom = (1 - dc) * pixel(r1, c0) + dc * pixel(r1, c1)
                        let texture = (1 - dr) * top + dr * bottom
                        signs[p] = texture - centre >= 0 ? 1 : 0
                    }
                    var code = 0.0
                    if uniform {
                        var changes = 0
                        for p in 0..<(samples - 1) where signs[p] != signs[p + 1] { changes += 1 }
                        code = changes <= 2 ? Double(signs.reduce(0, +)) : Double(samples + 1)
                    } else {
                        for p in 0..<samples where signs[p] == 1 { code += pow(2, Double(p)) }
                    }
                    out[base + r * strides[rowAxis] + c * strides[columnAxis]] = code
                }
            }
        }
        return out
    }

    /// NumPy `round(x, 5)`: scale, round half to even, unscale.
    static func roundedTo5(_ x: Double) -> Double { (x * 1e5).rounded(.toNearestOrEven) / 1e5 }
}
