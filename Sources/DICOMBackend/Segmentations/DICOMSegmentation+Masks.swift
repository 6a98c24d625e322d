import Foundation
import VolumeModule

extension DICOMSegmentation {
    /// Largest distance, in voxels along each axis, between a frame's first pixel and the nearest voxel centre
    /// of the target grid before the frame is refused as lying off the grid.
    public static let gridTolerance = 0.1
    /// Largest difference between direction cosines of the SEG frames and the image grid (as
    /// ``SeriesAssembly/orientationTolerance``).
    public static let orientationTolerance = 1e-3
    /// Largest relative difference between the SEG's PixelSpacing and the image grid's spacing.
    public static let spacingTolerance = 1e-3

    /// Places the segments on an image grid — normally the referenced image volume's geometry as loaded
    /// (``VolumeLoader/load(_:instances:options:)``) — one mask per segment, on exactly that geometry.
    ///
    /// Each frame is placed through its ImagePositionPatient (PlanePositionSequence, PS3.3 C.7.6.16.2.3):
    /// the position's continuous index on `geometry` is rounded to the nearest voxel after checking that it
    /// lies within ``gridTolerance`` voxels of it; the frame's pixel (column c, row r) goes to voxel
    /// (i₀ + c, j₀ + r, k₀). The grid is never rebuilt from the SEG's own extent (dcmqi does, which shrinks it
    /// when empty border frames are omitted), so frames may be sparse and in any order. Pixels outside the
    /// grid and frames on no slice of it are dropped with a warning on the mask.
    ///
    /// When the image series was resampled by the loader (gaps, variable spacing), `geometry` is the
    /// resampled grid; SEG frames made on the acquired slices land on its slices as long as every acquired
    /// plane lies on a grid slice (true for the loader's grids when steps are multiples of the smallest);
    /// otherwise the frame is refused as off the grid rather than moved.
    ///
    /// - Parameters:
    ///   - geometry: the target grid (LPS, ITK index order).
    ///   - segments: segment numbers to place (1-based), in the order wanted; `nil` for all.
    /// - Returns: one ``SegmentMask`` per segment. BINARY: `binary` 0/1 (union of the segment's frames at
    ///   a position). FRACTIONAL: `fraction` = stored value / MaximumFractionalValue (0…1, highdicom's
    ///   `rescale_fractional`), `binary` = fraction ≥ 0.5.
    /// - Throws: ``DICOMError``: `.inconsistent` when a frame's orientation or pixel spacing differs from the
    ///   grid's or a frame lies between voxel centres; `.missingAttribute` for frames without position,
    ///   orientation or spacing, or an unknown segment number.
    public func masks(onto geometry: VolumeGeometry, segments: [Int]? = nil) throws -> [SegmentMask] {
        let wanted = try segments.map { numbers in
            try numbers.map { n in
                guard let d = descriptions.first(where: { $0.number == n }) else {
                    throw DICOMError(.missingAttribute, "segment \(n) is not in this segmentation (it has \(descriptions.map(\.number)))", file: path)
                }
                return d
            }
        } ?? descriptions
        let numbers = Set(wanted.map(\.number))
        var placed: [Int: [Placement]] = [:]
        var warnings: [Int: [String]] = [:]
        for (n, frame) in frames.enumerated() where numbers.contains(frame.segment) {
            switch try placement(of: n, on: geometry) {
            case .some(let p): placed[frame.segment, default: []].append(p)
            case .none: warnings[frame.segment, default: []].append("frame \(n + 1) lies on no slice of the image grid and was dropped")
            }
        }
        return wanted.map { description in
            var w = warnings[description.number] ?? []
            let list = placed[description.number] ?? []
            if list.isEmpty && !frames.contains(where: { $0.segment == description.number }) {
                w.append("segment \(description.number) has no frames (empty)")
            }
            return mask(for: description, placements: list, on: geometry, warnings: w)
        }
    }

    /// Places the segments on a grid built from the SEG's own frames, for a SEG whose referenced image
    /// series is absent: directions from ImageOrientationPatient, in-plane spacing from PixelSpacing, slice
    /// step the smallest distance between frame positions along the normal (or SpacingBetweenSlices /
    /// SliceThickness for a single position), extent from the lowest to the highest frame. This grid is
    /// generally smaller than the image's (empty border slices are often omitted), so every mask carries a
    /// warning saying so.
    /// - Throws: ``DICOMError`` as ``masks(onto:segments:)``, and `.irregularGeometry` when the frame
    ///   positions are not evenly spaced (no grid can hold them without the image).
    public func masksOnOwnGrid() throws -> (geometry: VolumeGeometry, masks: [SegmentMask]) {
        guard let first = frames.first(where: { $0.position != nil && $0.orientation != nil && $0.pixelSpacing != nil }),
              let o = first.orientation, let s = first.pixelSpacing else {
            throw DICOMError(.missingAttribute, "no frame has position, orientation and pixel spacing", file: path)
        }
        let normal = o.row.cross(o.column).normalized
        var levels: [Double] = []
        for z in frames.compactMap({ $0.position.map(normal.dot) }).sorted() where levels.last.map({ z - $0 > 0.01 }) ?? true {
            levels.append(z)
        }
        let steps = zip(levels, levels.dropFirst()).map { $1 - $0 }
        let step = steps.min() ?? first.sliceStep ?? 1
        for d in steps where abs(d / step - (d / step).rounded()) > 0.01 {
            throw DICOMError(.irregularGeometry, "frame positions are not evenly spaced (steps \(steps.map { String(format: "%.3f", $0) }) mm); without the referenced image series no grid holds them", file: path)
        }
        let slices = levels.count < 2 ? 1 : ((levels.last! - levels[0]) / step).rounded() + 1
        // The frames' own grid may not grow far beyond the frames present (positions that lie).
        let voxels = Double(columns) * Double(rows) * slices
        guard voxels <= max(Double(HeaderLimits.maximumResamplingGrowth * columns * rows * max(1, levels.count)),
                            Double(HeaderLimits.resamplingFloorVoxels)) else {
            throw DICOMError(.limitExceeded, "frame positions span \(Int(slices)) slices for \(levels.count) frame position(s); ImagePositionPatient values are implausible", file: path)
        }
        let count = Int(slices)
        let lowest = frames.compactMap(\.position).min { normal.dot($0) < normal.dot($1) }!
        let geometry = VolumeGeometry(size: Size3(columns, rows, count), spacing: Vector3(s.column, s.row, step),
                                      origin: lowest, direction: Matrix3(columns: o.row, o.column, normal))
        let note = "the referenced image series is not available: masks are on the segmentation's own grid (the extent of its frames), which may be smaller than the image grid"
        let masks = try masks(onto: geometry).map { m in
            var m = m
            m.warnings.insert(note, at: 0)
            return m
        }
        return (geometry, masks)
    }

    /// Where a frame lands on a grid: voxel of its first pixel.
    struct Placement {
        var frame: Int
        var i: Int, j: Int, k: Int
    }

    /// The placement of frame `n`, `nil` when it lies on no slice of the grid.
    private func placement(of n: Int, on geometry: VolumeGeometry) throws -> Placement? {
        let frame = frames[n]
        guard let position = frame.position, let orientation = frame.orientation, let spacing = frame.pixelSpacing else {
            throw DICOMError(.missingAttribute, "frame \(n + 1) has no ImagePositionPatient, ImageOrientationPatient or PixelSpacing", file: path)
        }
        let d = geometry.direction.columns
        guard orientation.row.maxAbsDifference(d.0) <= Self.orientationTolerance,
              orientation.column.maxAbsDifference(d.1) <= Self.orientationTolerance else {
            throw DICOMError(.inconsistent, "frame \(n + 1) orientation (row \(orientation.row), column \(orientation.column)) differs from the image grid's (row \(d.0), column \(d.1)); masks would be rotated or flipped", file: path)
        }
        guard abs(spacing.column - geometry.spacing.x) <= Self.spacingTolerance * geometry.spacing.x,
              abs(spacing.row - geometry.spacing.y) <= Self.spacingTolerance * geometry.spacing.y else {
            throw DICOMError(.inconsistent, "frame \(n + 1) pixel spacing (row \(spacing.row) mm, column \(spacing.column) mm) differs from the image grid's (row \(geometry.spacing.y) mm, column \(geometry.spacing.x) mm)", file: path)
        }
        guard let c = geometry.continuousIndex(at: position) else {
            throw DICOMError(.inconsistent, "the image grid's direction matrix is singular", file: path)
        }
        let r = Vector3(c.x.rounded(), c.y.rounded(), c.z.rounded())
        guard c.maxAbsDifference(r) <= Self.gridTolerance else {
            throw DICOMError(.inconsistent, String(format: "frame %d lies between voxel centres of the image grid (continuous index %.3f, %.3f, %.3f; tolerance %.2f voxel)", n + 1, c.x, c.y, c.z, Self.gridTolerance), file: path)
        }
        guard r.z >= 0 && Int(r.z) < geometry.size.k else { return nil }
        return Placement(frame: n, i: Int(r.x), j: Int(r.y), k: Int(r.z))
    }

    /// Builds one segment's mask from its placed frames.
    private func mask(for description: SegmentDescription, placements: [Placement], on geometry: VolumeGeometry,
                      warnings: [String]) -> SegmentMask {
        let size = geometry.size
        var binary = [UInt8](repeating: 0, count: size.count)
        var fraction = kind == .fractional ? [Float](repeating: 0, count: size.count) : nil
        var outside = 0
        let planeSize = rows * columns
        let scale = 1 / Float(maximumFractionalValue)
        pixels.withUnsafeBufferPointer { source in
            binary.withUnsafeMutableBufferPointer { out in
                for p in placements {
                    let base = p.frame * planeSize
                    // Columns c with 0 ≤ p.i + c < size.i.
                    // Clamped to the frame's row, so a frame placed far off the grid reads nothing outside it.
                    let c0 = min(columns, max(0, -p.i)), c1 = max(c0, min(columns, size.i - p.i))
                    for r in 0..<rows {
                        let row = source.baseAddress! + base + r * columns
                        let j = p.j + r
                        guard j >= 0 && j < size.j && c0 < c1 else {
                            for c in 0..<columns where row[c] != 0 { outside &+= 1 }
                            continue
                        }
                        for c in 0..<c0 where row[c] != 0 { outside &+= 1 }
                        for c in c1..<max(c1, columns) where row[c] != 0 { outside &+= 1 }
                        let target = p.i + size.i * (j + size.j * p.k)
                        if kind == .binary {
                            let destination = out.baseAddress! + target
                            for c in c0..<c1 { destination[c] |= row[c] }
                        } else {
                            fraction!.withUnsafeMutableBufferPointer { f in
                                for c in c0..<c1 where row[c] != 0 {
                                    let v = min(1, Float(row[c]) * scale)
                                    if v > f[target + c] { f[target + c] = v }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let fraction {
            binary = fraction.map { $0 >= 0.5 ? 1 : 0 }
        }
        var w = warnings
        if outside > 0 { w.append("\(outside) set pixel(s) lie outside the image grid and were dropped") }
        return SegmentMask(description: description, binary: Volume(geometry: geometry, voxels: binary),
                           fraction: fraction.map { Volume(geometry: geometry, voxels: $0) }, warnings: w)
    }
}
