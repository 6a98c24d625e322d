import VolumeModule

/// Gradient magnitude as SimpleITK's `GradientMagnitudeImageFilter` (what PyRadiomics 3.1.0
/// `imageoperations.getGradientImage` runs): per axis the central difference `(x[n+1] − x[n−1]) / 2`, divided by
/// the spacing when `useSpacing` (ITK scales the operator coefficients by `1/spacing`), border voxels
/// continued (ITK `ZeroFluxNeumannBoundaryCondition`), `√Σ g²` in `Double`. The direction matrix is ignored, as in ITK.
///
/// Reference: ITK `itkGradientMagnitudeImageFilter.hxx` (DerivativeOperator order 1, FlipAxes, SIP inner product).
public enum GradientMagnitude {
    /// The gradient magnitude.
    /// - Parameters:
    ///   - values: intensities in ITK order (`i` fastest), count = `size.count`.
    ///   - size: grid size along x, y, z.
    ///   - spacing: spacing in mm along x, y, z (> 0).
    ///   - useSpacing: mm units (`gradientUseSpacing`, PyRadiomics default true) or per-index units.
    ///   - roundToFloat: round each result to `Float` (SimpleITK's output pixel type for integer/float32 inputs).
    /// - Returns: the magnitude per voxel, ITK order.
    public static func apply(to values: [Double], size: Size3, spacing: Vector3, useSpacing: Bool,
                             roundToFloat: Bool) -> [Double] {
        precondition(values.count == size.count, "values do not match the size")
        let nx = size.i, ny = size.j, nz = size.k
        let sx = nx, sxy = nx * ny
        let cx = useSpacing ? 0.5 * (1.0 / spacing.x) : 0.5
        let cy = useSpacing ? 0.5 * (1.0 / spacing.y) : 0.5
        let cz = useSpacing ? 0.5 * (1.0 / spacing.z) : 0.5
        // DerivativeOperator(order 1) = [0.5, 0, −0.5], flipped to [−0.5, 0, 0.5], scaled by 1/spacing; the inner
        // product is accumulated in operator order (before, centre, after).
        @inline(__always) func derivative(_ c: Double, _ before: Double, _ centre: Double, _ after: Double) -> Double {
            -c * before + 0 * centre + c * after
        }
        var result = [Double](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { out in
                for k in 0..<nz {
                    for j in 0..<ny {
                        let row = nx &* (j &+ ny &* k)
                        for i in 0..<nx {
                            let n = row &+ i
                            let v = x[n]
                            let gx = derivative(cx, x[i > 0 ? n &- 1 : n], v, x[i < nx - 1 ? n &+ 1 : n])
                            let gy = derivative(cy, x[j > 0 ? n &- sx : n], v, x[j < ny - 1 ? n &+ sx : n])
                            let gz = derivative(cz, x[k > 0 ? n &- sxy : n], v, x[k < nz - 1 ? n &+ sxy : n])
                            var sum = 0.0
                            sum += gx * gx
                            sum += gy * gy
                            sum += gz * gz
                            let magnitude = sum.squareRoot()
                            out[n] = roundToFloat ? Double(Float(magnitude)) : magnitude
                        }
                    }
                }
            }
        }
        return result
    }
}
