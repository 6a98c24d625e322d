import VolumeModule

/// The binned levels of a crop, padded with `pad` background voxels on every side, shared by the neighbourhood
/// texture classes (GLCM, GLDM, NGTDM).
///
/// A neighbour outside the crop reads level 0, which every class skips — exactly what PyRadiomics does by checking
/// neighbours against the bounding box — so the hot loops need no bounds checks, no coordinate arrays and no
/// divisions. ROI voxels are visited in memory order (the order of ``BinnedROI/roiOffsets``), so sums accumulate in
/// the same order as before.
struct PaddedLevels {
    /// Padding in voxels (the largest neighbour distance).
    let pad: Int
    /// Crop size.
    let nx: Int, ny: Int, nz: Int
    /// Padded size along x and y.
    let px: Int, py: Int
    /// Zeros after the padded grid, for loads of ``Block`` (4 voxels) starting at any ROI voxel.
    static let vectorSlack = 4

    /// Four consecutive levels along x.
    typealias Block = SIMD4<Int32>

    /// Levels on the padded grid, x fastest; 0 outside the ROI or the crop.
    let levels: [Int32]
    /// For each crop row (y, z), `y + ny·z`: the x range `spans[2r] ..< spans[2r + 1]` from its first to past its last
    /// ROI voxel (empty when the row has none). Loops visit only these ranges: about half the bounding box of a
    /// round ROI is background.
    let spans: [Int32]

    init(_ binned: BinnedROI, pad: Int) {
        precondition(pad >= 1, "padding")
        self.pad = pad
        nx = binned.size.i
        ny = binned.size.j
        nz = binned.size.k
        px = nx + 2 * pad
        py = ny + 2 * pad
        let (nx, ny, nz, px, py) = (nx, ny, nz, px, py)
        // `vectorSlack` zeros past the end: a 4-voxel block at a row's last ROI voxel may read past the last row.
        var grid = [Int32](repeating: 0, count: px * py * (nz + 2 * pad) + Self.vectorSlack)
        var spans = [Int32](repeating: 0, count: 2 * ny * nz)
        binned.levels.withUnsafeBufferPointer { source in
            grid.withUnsafeMutableBufferPointer { target in
                for z in 0..<nz {
                    for y in 0..<ny {
                        let from = nx * (y + ny * z), to = pad + px * ((y + pad) + py * (z + pad))
                        var first = nx, last = -1
                        for x in 0..<nx {
                            let level = source[from &+ x]
                            target[to &+ x] = level
                            if level != 0 { first = min(first, x); last = x }
                        }
                        spans[2 * (y + ny * z)] = Int32(first)
                        spans[2 * (y + ny * z) + 1] = Int32(max(last + 1, first))
                    }
                }
            }
        }
        levels = grid
        self.spans = spans
    }

    /// The x range of ROI voxels in crop row (y, z) (see ``spans``).
    @inline(__always) func span(_ y: Int, _ z: Int) -> Range<Int> {
        let r = 2 &* (y &+ ny &* z)
        return spans.withUnsafeBufferPointer { Int($0[r]) ..< Int($0[r &+ 1]) }
    }

    /// The linear stride of each offset (dz, dy, dx) on the padded grid.
    func strides(_ offsets: NeighbourOffsets) -> [Int] {
        offsets.offsets.map { $0.2 + px * ($0.1 + py * $0.0) }
    }

    /// Calls `body(q, level)` for every ROI voxel (padded offset `q`) in memory order; `grid` is ``levels``.
    @inline(__always)
    func forEachROIVoxel(_ grid: UnsafeBufferPointer<Int32>, _ body: (Int, Int32) -> Void) {
        for z in 0..<nz {
            for y in 0..<ny {
                let row = pad + px * ((y + pad) + py * (z + pad))
                for x in span(y, z) {
                    let level = grid[row &+ x]
                    if level != 0 { body(row &+ x, level) }
                }
            }
        }
    }

    /// Calls `body(q, levels, lanes)` for the ROI span of every crop row in blocks of four voxels along x: `q` is the
    /// padded offset of the block's first voxel, `levels` its four levels, `lanes` how many of them lie inside the
    /// span (the last block of a span may reach past it; those lanes are not the row's). `grid` is ``levels``.
    @inline(__always)
    func forEachROIBlock(_ grid: UnsafeBufferPointer<Int32>, _ body: (Int, Block, Int) -> Void) {
        for z in 0..<nz {
            for y in 0..<ny {
                let span = span(y, z)
                let row = pad + px * ((y + pad) + py * (z + pad))
                var x = span.lowerBound
                while x < span.upperBound {
                    body(row &+ x, Self.block(grid, at: row &+ x), Swift.min(4, span.upperBound &- x))
                    x &+= 4
                }
            }
        }
    }

    /// The levels at padded offsets `q ..< q + 4`; `grid` is ``levels``.
    @inline(__always)
    static func block(_ grid: UnsafeBufferPointer<Int32>, at q: Int) -> Block {
        UnsafeRawPointer(grid.baseAddress! + q).loadUnaligned(as: Block.self)
    }
}
