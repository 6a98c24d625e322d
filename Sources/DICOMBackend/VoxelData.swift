import VolumeModule

/// The voxels of a loaded volume in the narrowest exact type: `Int16` when every value is an integer in
/// range (typical CT in HU), else `Float`.
public enum VoxelData: Sendable {
    case int16(Volume<Int16>)
    case float32(Volume<Float>)

    /// The grid.
    public var geometry: VolumeGeometry {
        switch self {
        case .int16(let v): return v.geometry
        case .float32(let v): return v.geometry
        }
    }

    /// The voxels as `Float` (exact for both cases).
    public var floatVolume: Volume<Float> {
        switch self {
        case .int16(let v): return v.map { Float($0) }
        case .float32(let v): return v
        }
    }

    /// Name of the stored type ("int16" or "float32").
    public var typeName: String {
        switch self {
        case .int16: return "int16"
        case .float32: return "float32"
        }
    }
}
