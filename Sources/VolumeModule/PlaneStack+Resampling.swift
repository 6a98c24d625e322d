extension PlaneStack {
    /// The grid a stack becomes: exact for a uniform, unsheared stack; otherwise an explicit uniform,
    /// orthogonal grid to resample onto.
    ///
    /// - Directions: i = ``rowDirection``, j = ``columnDirection``, k = ``normal`` (so a sheared stack
    ///   becomes orthogonal: gantry tilt is removed).
    /// - Slice step: the uniform step; for gapped stacks the base step (acquired planes land exactly on
    ///   grid points); for variable spacing `span / ⌈span / smallest step⌉`, so the grid runs exactly from
    ///   the first to the last plane (no plane dropped at the top, unlike dcm2niix's `_Eq` output).
    /// - In plane: the original pixel grid, widened to cover every sheared plane so no acquired pixel is lost.
    ///
    /// - Parameter singlePlaneStep: step (mm) to use when the stack has one plane (e.g. SliceThickness).
    public func uniformGrid(singlePlaneStep: Double = 1) -> VolumeGeometry {
        let layout = self.layout
        let z = positions.map(normalCoordinate(of:))
        let span = z[z.count - 1] - z[0]
        var slices = positions.count
        var step = layout.nominalStep
        switch layout.spacing {
        case .single:
            step = singlePlaneStep > 0 ? singlePlaneStep : 1
        case .uniform:
            break
        case .gapped:
            slices = positions.count + layout.missingPlanes
        case .variable, .duplicatePositions:
            if step > 0 && span > 0 {
                let intervals = max(1, Int((span / step - 1e-6).rounded(.up)))
                slices = intervals + 1
                step = span / Double(intervals)
            } else {
                slices = 1
                step = singlePlaneStep > 0 ? singlePlaneStep : 1
            }
        }
        var lowI = 0, highI = 0, lowJ = 0, highJ = 0
        if layout.isSheared {
            for p in positions.indices {
                let o = inPlaneOffset(ofPlane: p)
                lowI = min(lowI, Int((o.i + 1e-6).rounded(.down)))
                highI = max(highI, Int((o.i - 1e-6).rounded(.up)))
                lowJ = min(lowJ, Int((o.j + 1e-6).rounded(.down)))
                highJ = max(highJ, Int((o.j - 1e-6).rounded(.up)))
            }
        }
        let origin = positions[0] + rowDirection * (Double(lowI) * columnSpacing)
            + columnDirection * (Double(lowJ) * rowSpacing)
        return VolumeGeometry(
            size: Size3(columns + highI - lowI, rows + highJ - lowJ, slices),
            spacing: Vector3(columnSpacing, rowSpacing, step),
            origin: origin,
            direction: Matrix3(columns: rowDirection, columnDirection, normal))
    }

    /// Resamples the planes onto `grid` through patient coordinates: linear between the two planes that
    /// bracket each output slice along the normal, bilinear within a plane where a shear moves pixel
    /// centres off the grid, exact copies where centres coincide (within 10⁻⁶ voxel).
    ///
    /// - Parameters:
    ///   - planes: the planes' values, plane after plane in ``positions`` order, each `rows × columns`
    ///     values with the column index fastest.
    ///   - grid: target grid, normally ``uniformGrid(singlePlaneStep:)``; its i/j axes must lie in the
    ///     planes (k along the normal).
    ///   - fill: value for output voxels outside every acquired plane.
    /// - Returns: the volume and what was synthesised.
    public func resample(planes: [Float], onto grid: VolumeGeometry, fill: Float) -> ResampledStack {
        let planeSize = rows * columns
        precondition(planes.count == planeSize * positions.count, "plane data does not match the stack")
        let z = positions.map(normalCoordinate(of:))
        let tolerance = StackLayout.positionTolerance(step: grid.spacing.z)
        var output = [Float](repeating: fill, count: grid.voxelCount)
        var interpolated: [Int] = []
        var filled = 0
        let n = grid.size
        for k in 0..<n.k {
            let corner = grid.physicalPoint(i: 0, j: 0, k: k)
            let zk = normalCoordinate(of: corner)
            // Planes that contribute, with weights.
            var sources: [(plane: Int, weight: Float)] = []
            if let exact = z.firstIndex(where: { abs($0 - zk) <= tolerance }) {
                sources = [(exact, 1)]
            } else if zk > z[0] && zk < z[z.count - 1], let upper = z.firstIndex(where: { $0 > zk }) {
                let t = (zk - z[upper - 1]) / (z[upper] - z[upper - 1])
                sources = [(upper - 1, Float(1 - t)), (upper, Float(t))]
                interpolated.append(k)
            }
            if sources.isEmpty {
                filled += n.i * n.j
                continue
            }
            // Continuous in-plane index of output pixel (0, 0) in each source plane, and steps per pixel.
            let maps = sources.map { s -> (plane: Int, weight: Float, ci0: Double, cj0: Double, di: Double, dj: Double) in
                let d = corner - positions[s.plane]
                return (s.plane, s.weight, rowDirection.dot(d) / columnSpacing, columnDirection.dot(d) / rowSpacing,
                        grid.spacing.x / columnSpacing, grid.spacing.y / rowSpacing)
            }
            planes.withUnsafeBufferPointer { source in
                for j in 0..<n.j {
                    for i in 0..<n.i {
                        var value: Float = 0
                        var inside = true
                        for m in maps {
                            let ci = m.ci0 + Double(i) * m.di, cj = m.cj0 + Double(j) * m.dj
                            guard let v = bilinear(source, plane: m.plane, ci: ci, cj: cj) else {
                                inside = false
                                break
                            }
                            value += m.weight * v
                        }
                        if inside {
                            output[n.offset(i, j, k)] = value
                        } else {
                            filled += 1
                        }
                    }
                }
            }
        }
        return ResampledStack(volume: Volume(geometry: grid, voxels: output), interpolatedSlices: interpolated,
                              filledVoxels: filled)
    }

    /// Bilinear sample of one plane at a continuous (column, row) index; `nil` outside the plane.
    private func bilinear(_ planes: UnsafeBufferPointer<Float>, plane: Int, ci: Double, cj: Double) -> Float? {
        let eps = 1e-6
        guard ci >= -eps, cj >= -eps, ci <= Double(columns - 1) + eps, cj <= Double(rows - 1) + eps else { return nil }
        var i0 = Int(ci.rounded(.down)), j0 = Int(cj.rounded(.down))
        var fi = ci - Double(i0), fj = cj - Double(j0)
        if fi > 1 - eps { i0 += 1; fi = 0 }
        if fj > 1 - eps { j0 += 1; fj = 0 }
        if fi < eps { fi = 0 }
        if fj < eps { fj = 0 }
        i0 = max(0, min(i0, columns - 1))
        j0 = max(0, min(j0, rows - 1))
        let base = plane * rows * columns
        let i1 = min(i0 + 1, columns - 1), j1 = min(j0 + 1, rows - 1)
        let v00 = Double(planes[base + j0 * columns + i0])
        if fi == 0 && fj == 0 { return Float(v00) }
        let v10 = Double(planes[base + j0 * columns + i1])
        let v01 = Double(planes[base + j1 * columns + i0])
        let v11 = Double(planes[base + j1 * columns + i1])
        let top = v00 + (v10 - v00) * fi, bottom = v01 + (v11 - v01) * fi
        return Float(top + (bottom - top) * fj)
    }
}

/// The result of ``PlaneStack/resample(planes:onto:fill:)``.
public struct ResampledStack: Sendable {
    /// The resampled values on the target grid.
    public var volume: Volume<Float>
    /// Output slices (k) that lie between acquired planes and were interpolated along the normal.
    public var interpolatedSlices: [Int]
    /// Output voxels set to the fill value because no acquired plane covers them.
    public var filledVoxels: Int
}
