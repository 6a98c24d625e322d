import Foundation
import VolumeModule

/// Options for turning a plan into voxels.
public struct LoadOptions: Sendable {
    /// Refuse anything that is not an exact uniform grid (gaps, variable spacing, tilt, duplicates)
    /// instead of resampling it.
    public var strictGeometry: Bool
    /// The most voxels one volume may have (after resampling); a larger one is refused with
    /// `.limitExceeded` before anything is allocated (`max_voxels` in `pipeline.yaml`).
    public var maximumVoxels: Int

    public init(strictGeometry: Bool = false, maximumVoxels: Int = LoadOptions.defaultMaximumVoxels) {
        self.strictGeometry = strictGeometry
        self.maximumVoxels = maximumVoxels
    }
}

/// A decoded volume with its report.
public struct LoadedVolume: Sendable {
    public var plan: VolumePlan
    public var data: VoxelData
    public var report: VolumeReport
    /// Files of this volume that could not be decoded and were left out (their planes are treated as
    /// missing, so the volume is resampled across them).
    public var fileErrors: [DICOMError]
}

/// Decodes the planes of a ``VolumePlan`` and builds an analysis-ready volume.
///
/// - Rescale per plane: value = stored × RescaleSlope + RescaleIntercept (PS3.3 C.7.6.16.2.9), in double.
/// - Pixel padding (PixelPaddingValue/RangeLimit) voxels get the fill value: −1024 HU for CT (air), 0
///   otherwise. CT values below −1024 HU without padding tags (out-of-field markers) are kept and counted.
/// - A uniform, unsheared stack becomes an exact grid; anything else is resampled onto
///   ``PlaneStack/uniformGrid(singlePlaneStep:)`` with warnings, or refused under `strictGeometry`.
public enum VolumeLoader {
    /// Loads one plan of an assembly.
    /// - Throws: ``DICOMError`` when no plane can be decoded, or `.irregularGeometry` under strict mode.
    public static func load(_ plan: VolumePlan, instances: [DICOMInstance], options: LoadOptions = LoadOptions()) throws -> LoadedVolume {
        let isCT = plan.modality == "CT"
        let fill: Float = isCT ? -1024 : 0
        var (planes, layout, warnings) = try prepare(plan, instances: instances, options: options)
        try checkGrid(plan.stack(planes).uniformGrid(singlePlaneStep: singlePlaneStep(instances[planes[0].instance])), planes: planes.count,
                      plan: plan, exact: layout.isExactGrid, options: options, file: instances[planes[0].instance].path)

        // Exact grid with integral rescale: decode straight into Int16 (half the memory of Float); fall back
        // to Float if a value does not fit. Float holds every stored value exactly up to 2^24.
        let planeSize = plan.pixelFormat.rows * plan.pixelFormat.columns
        var padding = 0, belowAir = 0
        let integral = planes.allSatisfy { $0.frame.rescaleSlope == $0.frame.rescaleSlope.rounded() && $0.frame.rescaleIntercept == $0.frame.rescaleIntercept.rounded() }
        if layout.isExactGrid && integral {
            // Left uninitialised: every plane is written by `decode`, or the array is dropped on failure.
            // The first touch (page faults) then happens in the parallel decode, not in a serial zero fill.
            var shorts = [Int16](unsafeUninitializedCapacity: planeSize * planes.count) { _, count in
                count = planeSize * planes.count
            }
            let failures = decode(plan, planes, instances: instances, fill: fill, into: &shorts, padding: &padding, belowAir: &belowAir,
                                  isCT: isCT, convert: int16Converter(fill: Int16(fill)),
                                  words: int16WordConverter(fill: Int16(fill)))
            if failures.isEmpty {
                let first = instances[planes[0].instance]
                let grid = plan.stack(planes).uniformGrid(
                    singlePlaneStep: singlePlaneStep(first))
                return finish(plan, planes, instances: instances, data: .int16(Volume(geometry: grid, voxels: shorts)),
                              layout: layout, grid: grid, interpolated: [], filled: 0, padding: padding, belowAir: belowAir,
                              fill: fill, warnings: warnings, fileErrors: [])
            }
            padding = 0
            belowAir = 0
        }
        var values = [Float](repeating: fill, count: planeSize * planes.count)
        let failures = decode(plan, planes, instances: instances, fill: fill, into: &values, padding: &padding, belowAir: &belowAir,
                              isCT: isCT, convert: floatConverter(fill: fill))
        var fileErrors: [DICOMError] = []
        if !failures.isEmpty {
            fileErrors = failures.values.sorted { ($0.file ?? "") < ($1.file ?? "") }
            guard failures.count < planes.count else { throw fileErrors[0] }
            let keep = planes.indices.filter { failures[$0] == nil }
            values = keep.flatMap { values[($0 * planeSize)..<(($0 + 1) * planeSize)] }
            planes = keep.map { planes[$0] }
            warnings.append("\(failures.count) slice(s) could not be decoded and were left out; the volume is resampled across them")
            layout = plan.stack(planes).layout
        }
        let planeStack = plan.stack(planes)
        let first = instances[planes[0].instance]
        let grid = planeStack.uniformGrid(singlePlaneStep: singlePlaneStep(first))
        if layout.isExactGrid {
            let volume = Volume(geometry: grid, voxels: values)
            values = []
            return finish(plan, planes, instances: instances, data: narrowed(volume), layout: layout, grid: grid, interpolated: [],
                          filled: 0, padding: padding, belowAir: belowAir, fill: fill, warnings: warnings, fileErrors: fileErrors)
        }
        let resampled = planeStack.resample(planes: values, onto: grid, fill: fill)
        values = []
        warnings.append(resampledWarning(layout, interpolated: resampled.interpolatedSlices.count, filled: resampled.filledVoxels))
        return finish(plan, planes, instances: instances, data: .float32(resampled.volume), layout: layout, grid: grid,
                      interpolated: resampled.interpolatedSlices, filled: resampled.filledVoxels, padding: padding,
                      belowAir: belowAir, fill: fill, warnings: warnings, fileErrors: fileErrors)
    }

    /// Sorts the planes along the normal (ties by InstanceNumber), drops duplicate positions (with a warning)
    /// and applies strict mode.
    /// - Throws: ``DICOMError`` `.irregularGeometry` under strict mode.
    static func prepare(_ plan: VolumePlan, instances: [DICOMInstance], options: LoadOptions) throws
        -> (planes: [VolumePlan.Plane], layout: StackLayout, warnings: [String]) {
        var warnings: [String] = []
        // Sort along the normal; ties by InstanceNumber.
        let n = plan.rowDirection.cross(plan.columnDirection).normalized
        var planes = plan.planes.sorted { a, b in
            let za = n.dot(a.frame.position!), zb = n.dot(b.frame.position!)
            if abs(za - zb) > 1e-9 { return za < zb }
            return (instances[a.instance].instanceNumber ?? 0, a.frame.frame) < (instances[b.instance].instanceNumber ?? 0, b.frame.frame)
        }
        var layout = plan.stack(planes).layout
        if layout.spacing == .duplicatePositions {
            if options.strictGeometry {
                throw DICOMError(.irregularGeometry, "two or more slices share a position (duplicatePositions); refused under strict geometry",
                                 file: instances[planes[0].instance].path)
            }
            let before = planes.count
            planes = dropDuplicates(plan, planes)
            warnings.append("\(before - planes.count) slice(s) at an already occupied position were dropped (duplicate positions); the first by InstanceNumber was kept")
            layout = plan.stack(planes).layout
        }
        if options.strictGeometry && !layout.isExactGrid {
            throw DICOMError(.irregularGeometry, "slice geometry is \(layout.labels.joined(separator: " and ")) (not a uniform orthogonal grid); refused under strict geometry",
                             file: instances[planes[0].instance].path)
        }

        return (planes, layout, warnings)
    }

    /// Adds the common warnings and builds the report.
    private static func finish(_ plan: VolumePlan, _ planes: [VolumePlan.Plane], instances: [DICOMInstance], data: VoxelData,
                               layout: StackLayout, grid: VolumeGeometry, interpolated: [Int], filled: Int, padding: Int,
                               belowAir: Int, fill: Float, warnings: [String], fileErrors: [DICOMError]) -> LoadedVolume {
        let report = report(plan, planes, instances: instances, voxelType: data.typeName, layout: layout, grid: grid,
                            interpolated: interpolated, filled: filled, padding: padding, belowAir: belowAir, fill: fill,
                            warnings: warnings)
        return LoadedVolume(plan: plan, data: data, report: report, fileErrors: fileErrors)
    }

    /// Adds the common warnings and builds the report of a volume of type `voxelType` on `grid`.
    static func report(_ plan: VolumePlan, _ planes: [VolumePlan.Plane], instances: [DICOMInstance], voxelType: String,
                       layout: StackLayout, grid: VolumeGeometry, interpolated: [Int], filled: Int, padding: Int,
                       belowAir: Int, fill: Float, warnings: [String]) -> VolumeReport {
        var warnings = warnings
        let isCT = plan.modality == "CT"
        let first = instances[planes[0].instance]
        let planeStack = plan.stack(planes)
        if padding > 0 { warnings.append("\(padding) pixel-padding voxel(s) set to \(fill)") }
        if isCT && belowAir > 0 { warnings.append("\(belowAir) voxel(s) below -1024 HU (out-of-field values?) kept unchanged") }
        if let tilt = first.acquisition.gantryDetectorTilt, abs(tilt) > 0.01, !layout.isSheared {
            warnings.append("GantryDetectorTilt is \(tilt)° but slice positions show no shear; positions were trusted")
        }
        for (warning, count) in planes.compactMap(\.frame.diffusionWarning).reduce(into: [String: Int](), { $0[$1, default: 0] += 1 })
            .sorted(by: { $0.key < $1.key }) {
            warnings.append("\(count) plane(s): \(warning)")
        }
        let normal = planeStack.normal
        let z0 = normal.dot(grid.origin)
        let report = VolumeReport(
            modality: plan.modality, sopClass: SOPClass.names[plan.sopClassUID] ?? plan.sopClassUID, role: plan.role,
            splitReasons: plan.splitReasons,
            transferSyntaxes: Array(Set(planes.map { instances[$0.instance].transferSyntaxUID })).sorted(),
            units: isCT ? "HU" : "rescaled stored values", voxelType: voxelType, geometry: grid,
            classification: layout.labels, layout: layout, resampled: !layout.isExactGrid,
            interpolatedSlices: interpolated, filledVoxels: filled, fillValue: fill, paddingVoxels: padding,
            voxelsBelowAir: isCT ? belowAir : 0,
            acquiredSlices: planes.map { p in
                let position = p.frame.position!
                let instance = instances[p.instance]
                return VolumeReport.AcquiredSlice(
                    position: position, normalCoordinate: normal.dot(position),
                    outputSliceIndex: (normal.dot(position) - z0) / grid.spacing.z,
                    instanceNumber: instance.instanceNumber, frame: instance.pixelFormat!.frames > 1 ? p.frame.frame : nil,
                    rescaleSlope: p.frame.rescaleSlope, rescaleIntercept: p.frame.rescaleIntercept)
            },
            warnings: warnings, acquisition: first.acquisition)
        return report
    }

    private static func dropDuplicates(_ plan: VolumePlan, _ planes: [VolumePlan.Plane]) -> [VolumePlan.Plane] {
        let normal = plan.rowDirection.cross(plan.columnDirection).normalized
        var kept: [VolumePlan.Plane] = []
        for p in planes {
            if let last = kept.last, abs(normal.dot(p.frame.position!) - normal.dot(last.frame.position!)) <= 0.01 { continue }
            kept.append(p)
        }
        return kept
    }

    private static func resampledWarning(_ layout: StackLayout, interpolated: Int, filled: Int) -> String {
        var text = "slice geometry is \(layout.labels.joined(separator: " and "))"
        if layout.spacing == .gapped { text += " (\(layout.missingPlanes) missing slice(s))" }
        if layout.isSheared { text += String(format: " (tilt %.2f° from positions)", layout.tiltDegrees) }
        text += String(format: "; resampled onto a uniform orthogonal grid with %.4g mm slices", layout.nominalStep > 0 ? layout.nominalStep : 0)
        if interpolated > 0 { text += "; \(interpolated) slice(s) interpolated between acquired planes" }
        if filled > 0 { text += "; \(filled) voxel(s) outside the acquired planes filled" }
        return text
    }

    /// `Int16` when every value is an integer in range, else the `Float` volume unchanged.
    private static func narrowed(_ volume: Volume<Float>) -> VoxelData {
        let fits = volume.voxels.withUnsafeBufferPointer { b in
            b.allSatisfy { $0 == $0.rounded() && $0 >= -32768 && $0 <= 32767 }
        }
        return fits ? .int16(volume.map { Int16($0) }) : .float32(volume)
    }

    /// Marks a value that does not fit the output type (only for the `Int16` attempt).
    static let overflow = DICOMError(.internalError, "value out of range for int16")
}
