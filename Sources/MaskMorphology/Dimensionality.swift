/// Whether a morphology operation works on the whole 3D grid or on each slice (`k` plane) alone.
///
/// `.slices` treats every plane of constant `k` (an axial slice for an axial series) as an independent 2D
/// image: distances, neighbourhoods and holes never cross slices.
public enum Dimensionality: String, Sendable, Codable, Hashable, CaseIterable {
    /// 3D: distances and neighbours along i, j and k.
    case volume
    /// 2D per slice: distances and neighbours along i and j only, slice by slice.
    case slices
}
