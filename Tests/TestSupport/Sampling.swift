import VolumeModule

/// Trilinear interpolation of a volume at a continuous index; `nil` outside the grid (voxel centres at
/// integers). Used by tests to compare values at physical positions.
public func trilinearSample(_ volume: Volume<Float>, at c: Vector3, tolerance: Double = 1e-4) -> Double? {
    let n = volume.size
    var base = [0, 0, 0], frac = [0.0, 0.0, 0.0]
    for (axis, (value, count)) in [(c.x, n.i), (c.y, n.j), (c.z, n.k)].enumerated() {
        guard value >= -tolerance, value <= Double(count - 1) + tolerance else { return nil }
        let clamped = min(max(value, 0), Double(count - 1))
        var b = Int(clamped.rounded(.down))
        var f = clamped - Double(b)
        if f < tolerance { f = 0 }
        if f > 1 - tolerance { f = 0; b += 1 }
        base[axis] = min(b, count - 1)
        frac[axis] = base[axis] == count - 1 ? 0 : f
    }
    var sum = 0.0
    for dk in 0...1 { for dj in 0...1 { for di in 0...1 {
        let w = (di == 0 ? 1 - frac[0] : frac[0]) * (dj == 0 ? 1 - frac[1] : frac[1]) * (dk == 0 ? 1 - frac[2] : frac[2])
        if w == 0 { continue }
        sum += w * Double(volume[base[0] + di, base[1] + dj, base[2] + dk])
    } } }
    return sum
}

/// Cube, sphere and checkerboard phantoms on anisotropic, non-square grids.
public enum Phantom {
    /// A 40×32×8 grid with 0.7×0.8×2.5 mm voxels, origin (−100, −80, 10) LPS, identity direction.
    public static let anisotropicGrid = VolumeGeometry(size: Size3(40, 32, 8), spacing: Vector3(0.7, 0.8, 2.5),
                                                       origin: Vector3(-100, -80, 10))

    /// A volume whose value encodes its index: `i + 40·j + 1280·k − 1024`.
    public static func indexRamp(_ g: VolumeGeometry = anisotropicGrid) -> Volume<Float> {
        var v = Volume<Float>(geometry: g, repeating: 0)
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            v[i, j, k] = Float(i + 40 * j + 1280 * k - 1024)
        } } }
        return v
    }
}
