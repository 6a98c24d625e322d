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

    /// Four lines filtered together, one per SIMD lane.
    struct Group {
        /// Offset of the first voxel of each lane's line; lanes past ``used`` repeat the last line (computed, not
        /// stored).
        let starts: [Int]
        /// Lanes holding lines of their own.
        let used: Int
        /// Whether the four lines start side by side in x (lines along y or z): each sample of the group is then one
        /// vector load or store at `starts[0] + n·stride`.
        let adjacent: Bool
    }

    /// Calls `body` for the lines `firstLine ..< firstLine + lineCount`, four at a time.
    func forEachGroup(from firstLine: Int, count lineCount: Int, _ body: (Group) -> Void) {
        let end = firstLine + lineCount, total = count
        var line = firstLine
        while line < end {
            let used = Swift.min(4, end - line)
            let starts = (0..<4).map { start(of: Swift.min(line + $0, end - 1, total - 1)) }
            let adjacent = used == 4 && starts[1] == starts[0] &+ 1 && starts[2] == starts[0] &+ 2
                && starts[3] == starts[0] &+ 3
            body(Group(starts: starts, used: used, adjacent: adjacent))
            line += used
        }
    }
}
