/// MaskMorphology: see DESIGN.md §2.
public enum MaskMorphologyInfo {
    /// Module name, for diagnostics.
    public static let name = "MaskMorphology"
}
