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
    /// Levels on the padded grid, x fastest; 0 outside the ROI or the crop.
    let levels: [Int32]

    init(_ binned: BinnedROI, pad: Int) {
        precondition(pad >= 1, "padding")
        self.pad = pad
        nx = binned.size.i
        ny = binned.size.j
        nz = binned.size.k
        px = nx + 2 * pad
        py = ny + 2 * pad
        let (nx, ny, nz, px, py) = (nx, ny, nz, px, py)
        var grid = [Int32](repeating: 0, count: px * py * (nz + 2 * pad))
        binned.levels.withUnsafeBufferPointer { source in
            grid.withUnsafeMutableBufferPointer { target in
                for z in 0..<nz {
                    for y in 0..<ny {
                        let from = nx * (y + ny * z), to = pad + px * ((y + pad) + py * (z + pad))
                        for x in 0..<nx { target[to &+ x] = source[from &+ x] }
                    }
                }
            }
        }
        levels = grid
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
                for x in 0..<nx {
                    let level = grid[row &+ x]
                    if level != 0 { body(row &+ x, level) }
                }
            }
        }
    }
}
