/// RadiomicsCore: see DESIGN.md §2.
public enum RadiomicsCoreInfo {
    /// Module name, for diagnostics.
    public static let name = "RadiomicsCore"
}
