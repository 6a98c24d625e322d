import Foundation
import VolumeModule

/// PyRadiomics 3.1.0's point-wise image types (`imageoperations.getSquareImage`, `getSquareRootImage`,
/// `getLogarithmImage`, `getExponentialImage`) and the dispatch to ``GradientMagnitude`` (`getGradientImage`) and
/// ``LocalBinaryPattern`` (`getLBP2DImage`).
///
/// Each works on the grid the extractor filters (the resampled or pre-cropped grid, or the whole image) in
/// `Double` (PyRadiomics casts to float64); `m = max |x|` is taken over that whole grid, not the ROI, so results
/// depend on the crop exactly as in PyRadiomics. Values are rescaled onto the original intensity range; signs are
/// kept for SquareRoot and Logarithm. These image types have no IBSI definition.
public enum IntensityImages {
    /// The derived image of a point-wise or gradient type, named as PyRadiomics (`square`, `squareroot`,
    /// `logarithm`, `exponential`, `gradient`); `nil` when the transform is undefined (an all-zero grid makes
    /// PyRadiomics divide by zero and produce a NaN image), or for the other image types.
    /// - Parameters:
    ///   - type: the image type.
    ///   - values: intensities in ITK order (`i` fastest).
    ///   - size: grid size along x, y, z.
    ///   - spacing: voxel spacing in mm along x, y, z (used by the gradient when `gradientUseSpacing`).
    ///   - settings: the image type's settings (`gradientUseSpacing`).
    ///   - outputFloat32: round the gradient to `Float`, as SimpleITK's output for integer and float32 inputs.
    public static func image(_ type: ImageType, values: [Double], size: Size3, spacing: Vector3,
                             settings: ExtractionSettings, outputFloat32: Bool) -> FilteredImage? {
        let result: [Double]?
        switch type {
        case .square: result = square(values)
        case .squareRoot: result = squareRoot(values)
        case .logarithm: result = logarithm(values)
        case .exponential: result = exponential(values)
        case .gradient:
            result = GradientMagnitude.apply(to: values, size: size, spacing: spacing,
                                             useSpacing: settings.gradientUseSpacing, roundToFloat: outputFloat32)
        case .lbp2D:
            let codes = LocalBinaryPattern.apply(to: values, size: size, samples: settings.lbp2DSamples,
                                                 radius: settings.lbp2DRadius, method: settings.lbp2DMethod,
                                                 normalAxis: settings.force2Ddimension)
            return FilteredImage(name: "lbp-2D", values: codes)
        case .original, .laplacianOfGaussian, .wavelet: return nil
        }
        guard let result else { return nil }
        return FilteredImage(name: type.pyRadiomicsName.lowercased(), values: result)
    }

    /// Largest absolute intensity (`numpy.max(numpy.abs(im))`).
    static func maximumMagnitude(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }

    /// `f(x) = (c·x)²` with `c = 1/√m` (PyRadiomics Square).
    public static func square(_ x: [Double]) -> [Double]? {
        let m = maximumMagnitude(x)
        guard m > 0 else { return nil }
        let c = 1 / m.squareRoot()
        return x.map { let y = c * $0; return y * y }
    }

    /// `f(x) = √(m·x)` for x > 0, `−√(−m·x)` for x < 0, 0 at 0 (PyRadiomics SquareRoot).
    public static func squareRoot(_ x: [Double]) -> [Double]? {
        let m = maximumMagnitude(x)
        return x.map { v in v > 0 ? (v * m).squareRoot() : v < 0 ? -(-v * m).squareRoot() : v }
    }

    /// `f(x) = log(x + 1)` for x > 0, `−log(1 − x)` for x < 0, then scaled by `m / max|f|` (PyRadiomics Logarithm).
    public static func logarithm(_ x: [Double]) -> [Double]? {
        let m = maximumMagnitude(x)
        let y = x.map { v in v > 0 ? Foundation.log(v + 1) : v < 0 ? -Foundation.log(-(v - 1)) : v }
        let ym = maximumMagnitude(y)
        guard ym > 0 else { return nil }
        let scale = m / ym
        return y.map { $0 * scale }
    }

    /// `f(x) = exp(c·x)` with `c = log(m)/m` (PyRadiomics Exponential).
    public static func exponential(_ x: [Double]) -> [Double]? {
        let m = maximumMagnitude(x)
        guard m > 0 else { return nil }
        let c = Foundation.log(m) / m
        return x.map { Foundation.exp(c * $0) }
    }
}
