import VolumeModule

/// Visits every ROI voxel with the linear offsets (into the crop) of its neighbours that lie inside the crop, for
/// the neighbourhood classes (GLDM, NGTDM): one closure call per voxel, neighbours in a small buffer, so the hot
/// loops stay on raw buffers (fast in debug builds too). Voxels farther than the largest offset from every crop
/// face skip the bounds checks.
struct NeighbourWalk {
    private let dx: [Int], dy: [Int], dz: [Int], strides: [Int]
    private let reach: (x: Int, y: Int, z: Int)

    init(_ offsets: NeighbourOffsets, size: Size3) {
        dz = offsets.offsets.map(\.0)
        dy = offsets.offsets.map(\.1)
        dx = offsets.offsets.map(\.2)
        strides = offsets.strides(in: size)
        reach = (dx.map(abs).max() ?? 0, dy.map(abs).max() ?? 0, dz.map(abs).max() ?? 0)
    }

    /// Calls `body(v, n, neighbours)` for ROI voxel `v` (index into `binned.roiOffsets`) at crop offset `n`, with
    /// the crop offsets of its in-crop neighbours in offset order.
    func forEachVoxel(_ binned: BinnedROI, grid: TextureGrid,
                      _ body: (Int, Int, UnsafeBufferPointer<Int>) -> Void) {
        let count = strides.count
        let nx = grid.nx, ny = grid.ny, nz = grid.nz
        let scratch = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
        defer { scratch.deallocate() }
        dx.withUnsafeBufferPointer { dx in
            dy.withUnsafeBufferPointer { dy in
                dz.withUnsafeBufferPointer { dz in
                    strides.withUnsafeBufferPointer { strides in
                        grid.x.withUnsafeBufferPointer { xs in
                            grid.y.withUnsafeBufferPointer { ys in
                                grid.z.withUnsafeBufferPointer { zs in
                                    binned.roiOffsets.withUnsafeBufferPointer { roi in
                                        for v in 0..<roi.count {
                                            let n = roi[v]
                                            let x = Int(xs[v]), y = Int(ys[v]), z = Int(zs[v])
                                            var used = 0
                                            if x >= reach.x && x < nx - reach.x && y >= reach.y && y < ny - reach.y
                                                && z >= reach.z && z < nz - reach.z {
                                                for a in 0..<count { scratch[a] = n &+ strides[a] }
                                                used = count
                                            } else {
                                                for a in 0..<count {
                                                    let xx = x &+ dx[a], yy = y &+ dy[a], zz = z &+ dz[a]
                                                    if xx >= 0 && xx < nx && yy >= 0 && yy < ny && zz >= 0 && zz < nz {
                                                        scratch[used] = n &+ strides[a]
                                                        used &+= 1
                                                    }
                                                }
                                            }
                                            body(v, n, UnsafeBufferPointer(rebasing: scratch[0..<used]))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
