import VolumeModule

/// The 1-D lines of a 3-D grid along one axis (ITK order, `i` fastest), for separable filters that gather a line
/// into a contiguous buffer, filter it and scatter the result back.
struct AxisLines: Sendable {
    /// Grid size along x (i), y (j), z (k).
    let size: Size3
    /// Axis of the lines: 0 = x (i), 1 = y (j), 2 = z (k).
    let axis: Int

    /// Voxels per line.
    var length: Int { axis == 0 ? size.i : axis == 1 ? size.j : size.k }
    /// Memory distance between consecutive voxels of a line.
    var stride: Int { axis == 0 ? 1 : axis == 1 ? size.i : size.i * size.j }
    /// Number of lines.
    var count: Int { length == 0 ? 0 : size.count / length }

    /// Offset of the first voxel of line `n` (lines ordered with the remaining axes, lowest axis fastest).
    @inline(__always) func start(of n: Int) -> Int {
        switch axis {
        case 0: return n &* size.i
        case 1: return (n % size.i) &+ (n / size.i) &* (size.i &* size.j)
        default: return n
        }
    }

    /// Runs `body(firstLine, lineCount)` over contiguous chunks of lines on all cores.
    func forEachChunk(_ body: (Int, Int) -> Void) {
        let total = count
        let chunks = Swift.min(total, 8)
        guard chunks > 0 else { return }
        _ = parallelMap(chunks) { c in
            let first = total * c / chunks, last = total * (c + 1) / chunks
            body(first, last - first)
        }
    }
}
