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

    /// PyRadiomics' name of the type (`Original`, `LoG`, `Wavelet`).
    public var pyRadiomicsName: String {
        switch self {
        case .original: "Original"
        case .laplacianOfGaussian: "LoG"
        case .wavelet: "Wavelet"
        }
    }
}
