import VolumeModule

/// Something PyRadiomics logs as a warning and then skips; the extraction goes on without it.
public enum ExtractionWarning: Sendable, Equatable, CustomStringConvertible {
    /// No LoG image at all: a dimension of the filtered image has fewer than 4 voxels (PyRadiomics `getLoGImage`).
    case imageTooSmallForLoG(size: Size3)
    /// One σ skipped: some dimension has fewer than `ceil(σ/spacing) + 1` voxels.
    case sigmaTooLarge(sigma: Double, size: Size3)
    /// shape2D is enabled but `force2D` is not set (PyRadiomics `computeShape` warns and skips the class).
    case shape2DNeedsForce2D

    public var description: String {
        switch self {
        case .imageTooSmallForLoG(let size): "image too small to apply the LoG filter (size \(size)); LoG skipped"
        case .sigmaTooLarge(let sigma, let size):
            "LoG sigma \(sigma) mm does not fit the image (size \(size)): sigma/spacing + 1 must not exceed the size; skipped"
        case .shape2DNeedsForce2D: "parameter force2D must be set to True to enable shape2D extraction; shape2D skipped"
        }
    }
}
