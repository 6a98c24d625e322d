import VolumeModule

/// Index arithmetic shared by the texture matrix builders: the crop's dimensions and, for each ROI voxel, its
/// (x, y, z) position, so neighbour offsets can be bounds-checked against the crop (PyRadiomics checks against
/// the bounding box, which is the crop).
struct TextureGrid {
    let nx: Int, ny: Int, nz: Int
    /// x, y, z of each ROI voxel, parallel to `BinnedROI.roiOffsets`.
    let x: [Int32], y: [Int32], z: [Int32]

    init(_ binned: BinnedROI) {
        nx = binned.size.i
        ny = binned.size.j
        nz = binned.size.k
        let nxy = nx * ny
        var x = [Int32](), y = [Int32](), z = [Int32]()
        x.reserveCapacity(binned.roiOffsets.count)
        y.reserveCapacity(binned.roiOffsets.count)
        z.reserveCapacity(binned.roiOffsets.count)
        for n in binned.roiOffsets {
            z.append(Int32(n / nxy))
            y.append(Int32((n % nxy) / nx))
            x.append(Int32(n % nx))
        }
        self.x = x
        self.y = y
        self.z = z
    }

    /// Whether voxel `v` (an index into the ROI list) moved by (dz, dy, dx) stays inside the crop.
    @inline(__always) func fits(_ v: Int, _ o: (Int, Int, Int)) -> Bool {
        let xx = Int(x[v]) &+ o.2, yy = Int(y[v]) &+ o.1, zz = Int(z[v]) &+ o.0
        return xx >= 0 && xx < nx && yy >= 0 && yy < ny && zz >= 0 && zz < nz
    }
}
