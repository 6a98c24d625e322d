/// One Laplacian-of-Gaussian σ as written in the parameter file. PyRadiomics names the image with Python's
/// `str(σ)`, so `1` gives `log-sigma-1-mm-3D` and `1.0` gives `log-sigma-1-0-mm-3D`; the spelling is kept.
public struct LoGSigma: Sendable, Equatable, Hashable, Codable {
    /// σ in mm.
    public var millimetres: Double
    /// Whether the file wrote σ as an integer (YAML `1`, not `1.0`).
    public var writtenAsInteger: Bool

    /// Creates a σ; `writtenAsInteger` only affects the image name.
    public init(_ millimetres: Double, writtenAsInteger: Bool = false) {
        self.millimetres = millimetres
        self.writtenAsInteger = writtenAsInteger && millimetres.rounded() == millimetres
    }

    /// Python's `str(σ)` (shortest round-trip repr of a float, or the integer).
    public var pythonText: String {
        if writtenAsInteger, let integer = Int(exactly: millimetres) { return String(integer) }
        return "\(millimetres)"
    }

    /// PyRadiomics' image type name, `log-sigma-<str(σ) with '.' → '-'>-mm-3D`.
    public var imageTypeName: String {
        "log-sigma-" + pythonText.replacingOccurrences(of: ".", with: "-") + "-mm-3D"
    }
}
