import VolumeModule

/// Bands around a structure's boundary: the shell band straddling it, the tumour core inside it.
public enum ShellBand {
    /// The shell band: `dilated(outerRadius) − eroded(innerRadius)`, a band straddling the boundary that
    /// reaches `outerRadius` mm outside and `innerRadius` mm inside (Euclidean, voxel centres; see
    /// ``Volume/dilated(byMillimetres:dimensionality:)`` and ``Volume/eroded(byMillimetres:dimensionality:)``).
    /// `innerRadius = 0` gives the outer ring only (the tumour itself excluded), `outerRadius = 0` the inner
    /// rim only.
    ///
    /// - Parameters:
    ///   - mask: the structure (non-zero = inside), e.g. the tumour.
    ///   - innerRadius: mm inside the boundary (≥ 0).
    ///   - outerRadius: mm outside the boundary (≥ 0).
    ///   - dimensionality: `.slices` for per-slice 2D bands.
    /// - Returns: a binary mask (0/1) on the mask's grid.
    /// - Throws: ``MaskMorphologyError/invalidRadius(_:)``, ``MaskMorphologyError/nonOrthonormalDirection``.
    public static func make(around mask: Mask, innerRadius: Double, outerRadius: Double,
                            dimensionality: Dimensionality = .volume) throws -> Mask {
        let outer = try mask.dilated(byMillimetres: outerRadius, dimensionality: dimensionality)
        let inner = try mask.eroded(byMillimetres: innerRadius, dimensionality: dimensionality)
        return Mask(geometry: mask.geometry, voxels: zip(outer.voxels, inner.voxels).map { $0 != 0 && $1 == 0 ? 1 : 0 })
    }

    /// The tumour core: the structure eroded by `depth` mm (what remains farther than `depth` from the
    /// outside). Complement of the inner rim of ``make(around:innerRadius:outerRadius:dimensionality:)``.
    /// - Throws: as ``Volume/eroded(byMillimetres:dimensionality:)``.
    public static func core(of mask: Mask, depth: Double, dimensionality: Dimensionality = .volume) throws -> Mask {
        try mask.eroded(byMillimetres: depth, dimensionality: dimensionality)
    }
}
