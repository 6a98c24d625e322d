import Dispatch
import VolumeModule

/// Signed Euclidean distance map in millimetres with the convention of ITK's `SignedMaurerDistanceMap`
/// (SimpleITK `SignedMaurerDistanceMap(mask, insideIsPositive=False, squaredDistance=False,
/// useImageSpacing=True)`), verified against SimpleITK 2.5.
///
/// Where distance 0 lies (ITK's convention, reproduced exactly): the **contour** is the set of non-zero
/// voxels having at least one zero voxel among their 26 neighbours (8 in-plane for `.slices`) inside the
/// grid; contour voxels get 0. Every other voxel gets the Euclidean distance between voxel centres to the
/// nearest contour voxel, negative for non-zero (inside) voxels, positive outside. Outside, that equals
/// the distance to the nearest non-zero voxel, so `map ≤ r` is exactly ``Volume/dilated(byMillimetres:dimensionality:)``.
/// Inside, it is measured to the mask's own boundary voxels, not to the nearest zero voxel, so
/// `map < −r` is **not** the erosion by `r` (see ``Volume/eroded(byMillimetres:dimensionality:)``). The grid
/// edge is not a boundary. Values are `Float` like ITK's output (computed in `Double`).
public enum SignedDistanceMap {
    /// The signed distance map of the non-zero voxels of `mask`.
    ///
    /// - Parameters:
    ///   - mask: non-zero = inside.
    ///   - dimensionality: `.slices` measures within each `k` plane (slices without foreground are +∞).
    /// - Returns: distances in mm on the same grid; negative inside, 0 on contour voxels.
    /// - Throws: ``MaskMorphologyError/emptyMask(what:)`` for an all-zero mask,
    ///   ``MaskMorphologyError/nonOrthonormalDirection``.
    public static func compute(_ mask: Mask, dimensionality: Dimensionality = .volume) throws -> Volume<Float> {
        try MorphologySupport.checkOrthonormal(mask.geometry)
        guard MorphologySupport.foregroundBox(mask) != nil else { throw MaskMorphologyError.emptyMask(what: "mask") }
        let contour = Self.contour(mask, planar: dimensionality == .slices)
        let d = EuclideanDistanceTransform.squaredDistances(toNonZeroOf: contour, dimensionality: dimensionality)
        let count = mask.voxels.count
        var out = [Float](repeating: 0, count: count)
        mask.voxels.withUnsafeBufferPointer { m in
            d.voxels.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    // Disjoint slabs of the output, in parallel.
                    let shared = UncheckedSendable((m, d, o))
                    let chunks = min(count, 64)
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let (m, d, o) = shared.value
                        for n in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                            let distance = Float(d[n].squareRoot())
                            o[n] = m[n] != 0 ? -distance : distance
                        }
                    }
                }
            }
        }
        return Volume(geometry: mask.geometry, voxels: out)
    }

    /// Non-zero voxels with a zero voxel among their 26 (8 in-plane) neighbours inside the grid.
    static func contour(_ mask: Mask, planar: Bool) -> Mask {
        let n = mask.size
        var out = Mask(geometry: mask.geometry, repeating: 0)
        guard let box = MorphologySupport.foregroundBox(mask) else { return out }
        let steps = Connectivity.vertices26.offsets(planar: planar)
        mask.voxels.withUnsafeBufferPointer { m in
            out.voxels.withUnsafeMutableBufferPointer { o in
                for k in box.lower.k...box.upper.k {
                    for j in box.lower.j...box.upper.j {
                        for i in box.lower.i...box.upper.i where m[n.offset(i, j, k)] != 0 {
                            for (di, dj, dk) in steps {
                                let a = i + di, b = j + dj, c = k + dk
                                if n.contains(a, b, c) && m[n.offset(a, b, c)] == 0 {
                                    o[n.offset(i, j, k)] = 1
                                    break
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
