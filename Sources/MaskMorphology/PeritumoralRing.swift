import VolumeModule

/// The peritumoral ring: tissue within a distance outside a tumour, kept inside the liver.
public enum PeritumoralRing {
    /// `dilated(tumour, radius) − tumour`, optionally `∩ liver`, minus every non-zero voxel of `excluding`
    /// (other tumours, vessels, …).
    ///
    /// - Parameters:
    ///   - tumour: non-zero = tumour.
    ///   - radius: ring width in mm outside the tumour boundary (> 0 for a non-empty ring).
    ///   - liver: when given, the ring is clipped to its non-zero voxels (same grid required).
    ///   - excluding: structures removed from the ring (same grid required).
    ///   - dimensionality: `.slices` for a per-slice 2D ring.
    /// - Returns: a binary mask (0/1) on the tumour's grid.
    /// - Throws: ``MaskMorphologyError/geometryMismatch(what:)`` when a mask is on another grid, and the
    ///   errors of ``Volume/dilated(byMillimetres:dimensionality:)``.
    public static func make(around tumour: Mask, radius: Double, within liver: Mask? = nil, excluding: [Mask] = [],
                            dimensionality: Dimensionality = .volume) throws -> Mask {
        if let liver { try MorphologySupport.checkCongruent(liver.geometry, tumour.geometry, what: "liver") }
        for (n, other) in excluding.enumerated() {
            try MorphologySupport.checkCongruent(other.geometry, tumour.geometry, what: "excluded structure \(n)")
        }
        var ring = try tumour.dilated(byMillimetres: radius, dimensionality: dimensionality)
        for n in 0..<ring.voxels.count where ring.voxels[n] != 0 {
            if tumour.voxels[n] != 0 || (liver.map { $0.voxels[n] == 0 } ?? false)
                || excluding.contains(where: { $0.voxels[n] != 0 }) {
                ring.voxels[n] = 0
            }
        }
        return ring
    }
}
