import VolumeModule

extension Volume where Voxel == UInt8 {
    /// The mask with its holes filled: every zero voxel that cannot reach the grid border through zero
    /// voxels becomes 1.
    ///
    /// Background paths use face neighbours (6 in 3D, 4 per slice), the complement of a 26/8-connected
    /// foreground, as in ITK's `BinaryFillholeImageFilter` with `FullyConnected = true`.
    /// With `.slices`, holes are filled in each `k` plane separately (a tube open at both ends is filled per
    /// slice, not in 3D).
    /// - Returns: a binary mask (0/1) on the same grid.
    public func fillingHoles(dimensionality: Dimensionality = .volume) -> Mask {
        let n = size
        let planar = dimensionality == .slices
        let steps = Connectivity.faces6.offsets(planar: planar)
        var outside = [Bool](repeating: false, count: n.count)
        var stack: [Int] = []
        voxels.withUnsafeBufferPointer { m in
            func seed(_ i: Int, _ j: Int, _ k: Int) {
                let o = n.offset(i, j, k)
                if m[o] == 0 && !outside[o] { outside[o] = true; stack.append(o) }
            }
            for k in 0..<n.k {
                for j in 0..<n.j {
                    for i in 0..<n.i {
                        let border = i == 0 || j == 0 || i == n.i - 1 || j == n.j - 1
                            || (!planar && (k == 0 || k == n.k - 1))
                        if border { seed(i, j, k) }
                    }
                }
            }
            while let o = stack.popLast() {
                let i = o % n.i, rest = o / n.i, j = rest % n.j, k = rest / n.j
                for (di, dj, dk) in steps {
                    let a = i + di, b = j + dj, c = k + dk
                    guard n.contains(a, b, c) else { continue }
                    let p = n.offset(a, b, c)
                    if m[p] == 0 && !outside[p] { outside[p] = true; stack.append(p) }
                }
            }
        }
        return Mask(geometry: geometry, voxels: outside.map { $0 ? 0 : 1 })
    }
}
