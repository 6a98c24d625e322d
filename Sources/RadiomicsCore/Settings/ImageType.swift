/// An image type of PyRadiomics' `imageType:` section: the original image or a derived (filtered) image whose
/// features are prefixed with the type's name.
public enum ImageType: Sendable, Equatable, Codable {
    /// The image itself (`original_…`).
    case original
    /// Laplacian of Gaussian at each σ in mm (`log-sigma-<σ>-mm-3D_…`); ITK recursive Gaussian, normalised
    /// across scale (see ``LaplacianOfGaussian``).
    case laplacianOfGaussian(sigmas: [LoGSigma])
    /// Undecimated separable wavelet (`wavelet-<XYZ>_…`), PyRadiomics `_swt3` semantics (see
    /// ``PyRadiomicsWavelet``): PyWavelets name, levels skipped, levels reported.
    case wavelet(name: String, startLevel: Int, level: Int)
    /// Rescaled square (`square_…`), see ``IntensityImages/square(_:)``.
    case square
    /// Signed, rescaled square root (`squareroot_…`), see ``IntensityImages/squareRoot(_:)``.
    case squareRoot
    /// Signed, rescaled logarithm (`logarithm_…`), see ``IntensityImages/logarithm(_:)``.
    case logarithm
    /// Rescaled exponential (`exponential_…`), see ``IntensityImages/exponential(_:)``.
    case exponential
    /// Gradient magnitude (`gradient_…`), see ``GradientMagnitude``; `gradientUseSpacing` chooses mm or index units.
    case gradient
    /// Slice-wise 2-D local binary pattern (`lbp-2D_…`), see ``LocalBinaryPattern``; `lbp2DRadius`, `lbp2DSamples`,
    /// `lbp2DMethod`, planes normal to `force2Ddimension`.
    case lbp2D

    /// PyRadiomics' name of the type (`Original`, `LoG`, `Wavelet`, `Square`, `SquareRoot`, `Logarithm`,
    /// `Exponential`, `Gradient`).
    public var pyRadiomicsName: String {
        switch self {
        case .original: "Original"
        case .laplacianOfGaussian: "LoG"
        case .wavelet: "Wavelet"
        case .square: "Square"
        case .squareRoot: "SquareRoot"
        case .logarithm: "Logarithm"
        case .exponential: "Exponential"
        case .gradient: "Gradient"
        case .lbp2D: "LBP2D"
        }
    }
}

extension ImageType {
    /// The types without filter arguments, by PyRadiomics name (`imageType:` keys).
    static let simpleTypes: [String: ImageType] = [
        "Original": .original, "Square": .square, "SquareRoot": .squareRoot, "Logarithm": .logarithm,
        "Exponential": .exponential, "Gradient": .gradient, "LBP2D": .lbp2D,
    ]
}
