import VolumeModule

/// Phantoms built from patient-space formulas, so expectations never depend on index conventions.
enum RenderPhantoms {
    /// A grid of `size` voxels centred on the LPS origin with the given direction (columns = axes).
    static func centredGrid(size: Size3, spacing: Vector3, direction: Matrix3 = .identity) -> VolumeGeometry {
        let half = Vector3(Double(size.i - 1) / 2, Double(size.j - 1) / 2, Double(size.k - 1) / 2).scaled(by: spacing)
        let origin = -(direction * half)
        return VolumeGeometry(size: size, spacing: spacing, origin: origin, direction: direction)
    }

    /// A volume whose voxel value is `value(point)` at each voxel centre (LPS mm).
    static func volume(_ g: VolumeGeometry, _ value: (Vector3) -> Float) -> Volume<Float> {
        var v = Volume<Float>(geometry: g, repeating: 0)
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            v[i, j, k] = value(g.physicalPoint(i: i, j: j, k: k))
        } } }
        return v
    }

    /// A mask that is 1 where `inside(point)`.
    static func mask(_ g: VolumeGeometry, _ inside: (Vector3) -> Bool) -> Mask {
        var m = Mask(geometry: g, repeating: 0)
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i where inside(g.physicalPoint(i: i, j: j, k: k)) {
            m[i, j, k] = 1
        } } }
        return m
    }

    /// Direction matrices covering identity, flipped axes and transposed (permuted) axes.
    static let directions: [(name: String, matrix: Matrix3)] = [
        ("identity", .identity),
        ("flipped x and y (RAS-like storage)", Matrix3(columns: Vector3(-1, 0, 0), Vector3(0, -1, 0), Vector3(0, 0, 1))),
        ("flipped z (descending slices)", Matrix3(columns: Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, -1))),
        ("all flipped", Matrix3(columns: Vector3(-1, 0, 0), Vector3(0, -1, 0), Vector3(0, 0, -1))),
        ("coronal acquisition (i = x, j = −z, k = y)", Matrix3(columns: Vector3(1, 0, 0), Vector3(0, 0, -1), Vector3(0, 1, 0))),
        ("sagittal acquisition (i = y, j = −z, k = −x)", Matrix3(columns: Vector3(0, 1, 0), Vector3(0, 0, -1), Vector3(-1, 0, 0))),
    ]
}
