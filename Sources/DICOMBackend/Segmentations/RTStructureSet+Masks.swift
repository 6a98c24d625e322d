import Foundation
import VolumeModule

extension RTStructureSet {
    /// Rasterises ROIs onto an image grid, one ``SegmentMask`` per ROI, in Structure Set ROI order.
    ///
    /// Rules (notes/dicom.md §5.5 and §6 item 5; plastimatch `rasterize_slice`, dcmrtstruct2nii ≥ 3):
    /// - Each CLOSED_PLANAR contour is mapped LPS → continuous index through `geometry` (no vertex is
    ///   rounded; any direction matrix, non-square and anisotropic pixels) and put on the slice whose plane
    ///   is within half a slice step along the normal. Contours on no plane (midway, beyond the first or
    ///   last slice), wholly outside the image, or with vertices on different planes are left out and
    ///   reported; contours partly outside are clipped and reported.
    /// - Within a slice all contours of the ROI combine by even–odd (XOR), so holes and islands are right.
    /// - A pixel is inside when its centre is (even–odd scanline with half-open edges, see
    ///   ``PolygonScanline``): the binary mask never depends on `partialVolume`.
    /// - POINT, OPEN_PLANAR and OPEN_NONPLANAR contours are ignored with a warning; an ROI without contours
    ///   gives an empty mask and a warning.
    ///
    /// Slices are filled in parallel.
    ///
    /// - Parameters:
    ///   - geometry: the image grid (normally the referenced volume's geometry, ITK index order).
    ///   - roiNames: ROIs to rasterise, by ROIName compared case-insensitively (all ROIs when `nil`).
    ///   - partialVolume: when given, also computes ``SegmentMask/fraction``: the fraction of each voxel's
    ///     in-plane area inside, from `partialVolume × partialVolume` samples per pixel (e.g. 4 → 16).
    ///     Must be ≥ 1.
    /// - Returns: masks on exactly `geometry`; ``SegmentMask/warnings`` hold the per-ROI problems
    ///   (plus the structure set's own ``warnings``), never patient data.
    /// - Throws: ``DICOMError`` naming this file: `.missingAttribute` when a requested ROI name is absent,
    ///   `.inconsistent` when `geometry` has a singular direction matrix.
    public func masks(onto geometry: VolumeGeometry, roiNames: [String]? = nil, partialVolume: Int? = nil) throws -> [SegmentMask] {
        precondition(partialVolume.map { $0 >= 1 } ?? true, "partialVolume must be at least 1")
        guard let mapper = ContourPlacement.Mapper(geometry) else {
            throw DICOMError(.inconsistent, "the image geometry has a singular direction matrix; contours cannot be placed", file: path)
        }
        let selected = try selectedROIs(roiNames)
        let byROI = Dictionary(grouping: contours.indices, by: { contours[$0].roiNumber })
        return selected.map { description in
            rasterise(description, contours: byROI[description.number] ?? [], mapper: mapper, partialVolume: partialVolume)
        }
    }

    /// The descriptions named by `roiNames` (case-insensitive), in file order; all when `nil`.
    private func selectedROIs(_ roiNames: [String]?) throws -> [SegmentDescription] {
        guard let roiNames else { return descriptions }
        let wanted = Set(roiNames.map { $0.lowercased() })
        let present = Set(descriptions.map { $0.label.lowercased() })
        if let missing = roiNames.first(where: { !present.contains($0.lowercased()) }) {
            throw DICOMError(.missingAttribute, "no ROI named \"\(missing)\" (the structure set has \(descriptions.count) ROI(s))", file: path)
        }
        return descriptions.filter { wanted.contains($0.label.lowercased()) }
    }

    /// One ROI: place its contours, then fill the occupied slices in parallel.
    private func rasterise(_ description: SegmentDescription, contours indices: [Int], mapper: ContourPlacement.Mapper,
                           partialVolume: Int?) -> SegmentMask {
        let geometry = mapper.geometry
        var report = PlacementReport()
        var slices: [Int: PlanePolygons] = [:]
        for (ordinal, index) in indices.enumerated() {
            let contour = contours[index]
            let type = contour.geometricType.uppercased()
            guard type == "CLOSED_PLANAR" else {
                report.ignoredTypes[type.isEmpty ? "(no type)" : type, default: 0] += 1
                continue
            }
            guard contour.points.count >= 3, contour.points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
                report.unusable.append(ordinal + 1)
                continue
            }
            switch ContourPlacement.place(contour.points, with: mapper) {
            case .success(let placed):
                slices[placed.slice, default: PlanePolygons()].append(x: placed.x, y: placed.y)
                report.note(placed, contour: ordinal + 1)
            case .failure(let rejection):
                report.rejected.append((ordinal + 1, rejection.reason))
            }
        }
        var warnings = report.warnings(roi: description.number, contourCount: indices.count, sliceStep: mapper.sliceStep)
        if indices.isEmpty {
            warnings.append("ROI \(description.number) has no contours; its mask is empty")
        } else if slices.isEmpty {
            warnings.append("ROI \(description.number): no contour could be placed on the image; its mask is empty")
        }
        warnings.append(contentsOf: self.warnings)

        let (nx, ny) = (geometry.size.i, geometry.size.j)
        let planeSize = nx * ny
        let occupied = slices.keys.sorted()
        let planes = occupied.map { slices[$0]! }
        var voxels = [UInt8](repeating: 0, count: geometry.voxelCount)
        voxels.withUnsafeMutableBufferPointer { out in
            let target = UncheckedSendable(out)
            _ = parallelMap(occupied.count) { n in
                let slab = UnsafeMutableBufferPointer(rebasing: target.value[(occupied[n] * planeSize)..<((occupied[n] + 1) * planeSize)])
                PolygonScanline.fill(planes[n], columns: nx, rows: ny, into: slab)
            }
        }
        var fraction: Volume<Float>?
        if let factor = partialVolume {
            var values = [Float](repeating: 0, count: geometry.voxelCount)
            values.withUnsafeMutableBufferPointer { out in
                let target = UncheckedSendable(out)
                _ = parallelMap(occupied.count) { n in
                    let slab = UnsafeMutableBufferPointer(rebasing: target.value[(occupied[n] * planeSize)..<((occupied[n] + 1) * planeSize)])
                    PolygonScanline.fraction(planes[n], columns: nx, rows: ny, factor: factor, into: slab)
                }
            }
            fraction = Volume(geometry: geometry, voxels: values)
        }
        return SegmentMask(description: description, binary: Volume(geometry: geometry, voxels: voxels), fraction: fraction,
                           warnings: warnings)
    }
}

/// Tallies what happened to one ROI's contours and words it as warnings (numbers only: ROI number,
/// 1-based contour ordinals within the ROI, distances in mm).
private struct PlacementReport {
    var ignoredTypes: [String: Int] = [:]
    var unusable: [Int] = []
    var rejected: [(Int, ContourPlacement.Rejection)] = []
    var offPlane: [Int] = []
    var maxPlaneDistance = 0.0
    var nonCoplanar: [Int] = []
    var maxSpread = 0.0
    var clipped: [Int] = []

    mutating func note(_ placed: ContourPlacement, contour: Int) {
        if placed.planeDistance > ContourPlacement.planeTolerance {
            offPlane.append(contour)
            maxPlaneDistance = max(maxPlaneDistance, placed.planeDistance)
        }
        if placed.spread > ContourPlacement.coplanarTolerance {
            nonCoplanar.append(contour)
            maxSpread = max(maxSpread, placed.spread)
        }
        if placed.clipped { clipped.append(contour) }
    }

    func warnings(roi: Int, contourCount: Int, sliceStep: Double) -> [String] {
        var out: [String] = []
        let prefix = "ROI \(roi)"
        func list(_ ordinals: [Int]) -> String {
            let shown = ordinals.prefix(8).map(String.init).joined(separator: ", ")
            return ordinals.count > 8 ? "\(shown), … (\(ordinals.count) in all)" : shown
        }
        func mm(_ v: Double) -> String { String(format: "%.3g mm", v) }
        for (type, count) in ignoredTypes.sorted(by: { $0.key < $1.key }) {
            out.append("\(prefix): \(count) \(type) contour(s) ignored (only CLOSED_PLANAR contours are filled)")
        }
        if !unusable.isEmpty {
            out.append("\(prefix): contour(s) \(list(unusable)) have fewer than 3 points or non-finite coordinates; ignored")
        }
        let groups: [(String, (ContourPlacement.Rejection) -> Bool)] = [
            ("lie between slice planes (no plane within half the \(mm(sliceStep)) slice step); left out", {
                if case .betweenPlanes = $0 { return true } else { return false } }),
            ("lie beyond the first or last slice of the image; left out", { $0 == .beyondSlices }),
            ("lie wholly outside the image in-plane; left out", { $0 == .outsidePlane }),
            ("are not coplanar (vertices nearest to different slice planes); left out", {
                if case .nonCoplanar = $0 { return true } else { return false } }),
        ]
        for (text, matches) in groups {
            let ordinals = rejected.filter { matches($0.1) }.map(\.0)
            if !ordinals.isEmpty { out.append("\(prefix): contour(s) \(list(ordinals)) of \(contourCount) \(text)") }
        }
        if !offPlane.isEmpty {
            out.append("\(prefix): contour(s) \(list(offPlane)) lie up to \(mm(maxPlaneDistance)) from the slice plane they were assigned to")
        }
        if !nonCoplanar.isEmpty {
            out.append("\(prefix): contour(s) \(list(nonCoplanar)) are not exactly planar (vertex spread up to \(mm(maxSpread)) along the slice normal)")
        }
        if !clipped.isEmpty {
            out.append("\(prefix): contour(s) \(list(clipped)) extend beyond the image edge and were clipped")
        }
        return out
    }
}
