import VolumeModule

/// Neighbour offsets (angles) for texture matrices, generated exactly as PyRadiomics 3.1.0's C extension
/// (`get_angle_count` / `build_angles`): all offsets whose Chebyshev norm is one of `distances`, that fit inside
/// the crop, and that do not move along the excluded axis in 2D mode.
///
/// Offsets are (dz, dy, dx) in NumPy axis order. Generation order runs from (+d, +d, +d) down to (−d, −d, −d);
/// the one-directional set (GLCM, GLRLM) is the first half, i.e. offsets with dz > 0, then dz = 0 and dy > 0, …
public struct NeighbourOffsets: Sendable, Equatable {
    /// The offsets as (dz, dy, dx).
    public let offsets: [(Int, Int, Int)]

    public static func == (a: NeighbourOffsets, b: NeighbourOffsets) -> Bool {
        a.offsets.elementsEqual(b.offsets) { $0 == $1 }
    }

    /// Generates the offsets.
    /// - Parameters:
    ///   - size: crop size (x, y, z).
    ///   - distances: Chebyshev distances (≥ 1).
    ///   - bidirectional: both (v, −v) (GLSZM, GLDM, NGTDM) or one of each pair (GLCM, GLRLM).
    ///   - excludedAxis: NumPy axis (0 = z, 1 = y, 2 = x) to stay in for 2D texture, or `nil` for 3D.
    public init(size: Size3, distances: [Int], bidirectional: Bool, excludedAxis: Int?) {
        let dims = [size.k, size.j, size.i]
        let excluded = excludedAxis ?? -1
        var count = 0
        for d in distances {
            var nd = 1, ndd = 1
            for axis in 0..<3 where axis != excluded {
                if d < dims[axis] { nd *= 2 * d + 1; ndd *= 2 * d - 1 } else {
                    nd *= 2 * (dims[axis] - 1) + 1; ndd *= 2 * (dims[axis] - 1) + 1
                }
            }
            count += nd - ndd
        }
        if !bidirectional { count /= 2 }
        let maxDistance = distances.max() ?? 1
        let n = 2 * maxDistance + 1
        var result: [(Int, Int, Int)] = []
        var code = 0
        while result.count < count && code < n * n * n {
            let digits = [code / (n * n), (code / n) % n, code % n]
            code += 1
            var offset = [0, 0, 0]
            var norm = 0
            var valid = true
            for axis in 0..<3 {
                let o = maxDistance - digits[axis]
                if (axis == excluded && o != 0) || o >= dims[axis] || o <= -dims[axis] { valid = false; break }
                offset[axis] = o
                norm = max(norm, abs(o))
            }
            if valid && norm >= 1 && distances.contains(norm) { result.append((offset[0], offset[1], offset[2])) }
        }
        offsets = result
    }

    /// The offsets a texture class uses on `binned`, with the 2D exclusion taken from `settings` (`force2D`,
    /// `force2Ddimension`). `distances` is `settings.distances` for GLCM, GLDM and NGTDM and [1] for GLRLM and
    /// GLSZM, which ignore the setting (PyRadiomics 3.1.0).
    init(for binned: BinnedROI, distances: [Int], bidirectional: Bool, settings: ExtractionSettings) {
        self.init(size: binned.size, distances: distances, bidirectional: bidirectional,
                  excludedAxis: settings.force2D ? settings.force2Ddimension : nil)
    }

    /// The linear stride of each offset in a crop of `size` (x fastest).
    public func strides(in size: Size3) -> [Int] {
        offsets.map { $0.2 + size.i * ($0.1 + size.j * $0.0) }
    }
}
