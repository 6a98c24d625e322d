import VolumeModule

/// Index arithmetic shared by the texture matrix builders: the crop's dimensions and, for each ROI voxel, its
/// (x, y, z) position, so neighbour offsets can be bounds-checked against the crop (PyRadiomics checks against
/// the bounding box, which is the crop).
struct TextureGrid {
    let nx: Int, ny: Int, nz: Int
    /// x, y, z of each ROI voxel, parallel to `BinnedROI.roiOffsets` (UInt16: 6 bytes per ROI voxel).
    let x: [UInt16], y: [UInt16], z: [UInt16]

    init(_ binned: BinnedROI) {
        nx = binned.size.i
        ny = binned.size.j
        nz = binned.size.k
        let nxy = nx * ny
        precondition(max(nx, ny, nz) <= Int(UInt16.max), "crop dimension above 65535 voxels")
        var x = [UInt16](), y = [UInt16](), z = [UInt16]()
        x.reserveCapacity(binned.roiOffsets.count)
        y.reserveCapacity(binned.roiOffsets.count)
        z.reserveCapacity(binned.roiOffsets.count)
        for n in binned.roiOffsets {
            z.append(UInt16(truncatingIfNeeded: n / nxy))
            y.append(UInt16(truncatingIfNeeded: (n % nxy) / nx))
            x.append(UInt16(truncatingIfNeeded: n % nx))
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
