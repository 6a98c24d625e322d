/// PNGRender: see DESIGN.md §2.
public enum PNGRenderInfo {
    /// Module name, for diagnostics.
    public static let name = "PNGRender"
}
