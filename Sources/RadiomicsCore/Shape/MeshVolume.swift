import VolumeModule

/// Mesh-based volume of a mask: PyRadiomics' `shape` MeshVolume (IBSI 1 §3.1.1 "Volume (mesh)", RNU0), from
/// the same marching cubes (iso-level 0.5, vertices at edge midpoints) as ``FeatureExtractor``'s shape class.
public enum MeshVolume {
    /// The volume enclosed by the marching-cubes mesh of the non-zero voxels of `mask`, in mm³.
    ///
    /// The mask is cropped to its bounding box and padded with one background voxel; coordinates are index ×
    /// spacing (direction cosines do not change volumes). A digital sphere of radius R has a mesh volume close
    /// to 4/3·π·R³ (slightly below the voxel count × voxel volume, which counts whole boundary voxels).
    /// - Returns: 0 for an empty mask.
    public static func cubicMillimetres(of mask: Mask) -> Double {
        let n = mask.size
        guard let box = mask.nonZeroBoundingBox() else { return 0 }
        return mask.voxels.withUnsafeBufferPointer { voxels -> Double in
            let size = Size3(box.upper.i - box.lower.i + 1, box.upper.j - box.lower.j + 1, box.upper.k - box.lower.k + 1)
            let padded = Size3(size.i + 2, size.j + 2, size.k + 2)
            var inside = [Bool](repeating: false, count: padded.count)
            inside.withUnsafeMutableBufferPointer { target in
                for k in 0..<size.k {
                    for j in 0..<size.j {
                        let from = box.lower.i &+ n.i &* ((box.lower.j &+ j) &+ n.j &* (box.lower.k &+ k))
                        let to = 1 &+ padded.i &* ((j &+ 1) &+ padded.j &* (k &+ 1))
                        for i in 0..<size.i where voxels[from &+ i] != 0 { target[to &+ i] = true }
                    }
                }
            }
            return MarchingCubes(inside: inside, size: padded, spacing: mask.geometry.spacing).volume
        }
    }

    /// ``cubicMillimetres(of:)`` in millilitres (mm³ / 1000).
    public static func millilitres(of mask: Mask) -> Double { cubicMillimetres(of: mask) / 1000 }
}
