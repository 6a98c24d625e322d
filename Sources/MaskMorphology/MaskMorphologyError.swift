import VolumeModule

/// Everything that can go wrong in `MaskMorphology` because of the input data (programmer errors trap).
public enum MaskMorphologyError: Error, Sendable, Equatable {
    /// Two volumes that must share a grid do not (``VolumeGeometry/isCongruent(with:tolerance:)``).
    /// `what` names the second volume (e.g. "liver", "lipiodol", "image").
    case geometryMismatch(what: String)
    /// A radius (mm) that is negative, infinite or NaN.
    case invalidRadius(Double)
    /// A parameter outside its domain; `name` is the parameter, `reason` says why.
    case invalidParameter(name: String, reason: String)
    /// The grid's direction matrix is not orthonormal (e.g. a sheared gantry-tilt grid), so index distances
    /// scaled by the spacing are not physical distances. Resample onto an orthonormal grid first.
    case nonOrthonormalDirection
    /// A mask that must contain at least one non-zero voxel is empty; `what` names it.
    case emptyMask(what: String)
}
