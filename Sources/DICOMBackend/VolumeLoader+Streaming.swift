import VolumeModule

/// A volume decoded plane by plane into a caller's sink (``VolumeLoader/streamInt16(_:instances:options:open:)``):
/// its grid and report, without the voxels.
public struct StreamedVolume: Sendable {
    /// The plan that was decoded.
    public var plan: VolumePlan
    /// The grid the planes were written on (LPS, ITK index order; plane `k` is slice `k`).
    public var geometry: VolumeGeometry
    /// The same report ``VolumeLoader/load(_:instances:options:)`` gives for this volume.
    public var report: VolumeReport
}

extension VolumeLoader {
    /// Decodes a volume as `Int16` plane by plane into a sink, so the volume never exists as one buffer
    /// (a `.nii` is then written slice by slice as the planes are decoded; see `NIfTIPlaneWriter`).
    ///
    /// Only the common case streams: an exact uniform grid (no resampling), integral RescaleSlope and
    /// RescaleIntercept, every value within `Int16`, every plane decoded. The values, padding handling,
    /// warnings and report are those of ``load(_:instances:options:)``, which yields `.int16` for exactly
    /// these volumes.
    ///
    /// - Parameters:
    ///   - open: called once, with the grid, before any plane is decoded; returns the sink. The sink is called
    ///     from several threads at once, once per slice `k` (0-based, any order) with `nx · ny` values, `i`
    ///     fastest (ITK order), from a buffer valid only during the call. A sink that throws fails the stream.
    /// - Returns: the volume's grid and report, or `nil` when the volume does not stream (not an exact grid,
    ///   a non-integral rescale, a value outside `Int16`, a plane that fails to decode or a sink that throws).
    ///   After `nil`, discard whatever the sink received and call ``load(_:instances:options:)``, which handles
    ///   every case and reports the failures.
    /// - Throws: ``DICOMError`` `.irregularGeometry` under strict mode (as ``load(_:instances:options:)``), or
    ///   what `open` throws.
    public static func streamInt16(_ plan: VolumePlan, instances: [DICOMInstance], options: LoadOptions = LoadOptions(),
                                   open: (VolumeGeometry) throws -> (Int, UnsafeBufferPointer<Int16>) throws -> Void)
        throws -> StreamedVolume? {
        let isCT = plan.modality == "CT"
        let fill: Float = isCT ? -1024 : 0
        let (planes, layout, warnings) = try prepare(plan, instances: instances, options: options)
        let integral = planes.allSatisfy {
            $0.frame.rescaleSlope == $0.frame.rescaleSlope.rounded() && $0.frame.rescaleIntercept == $0.frame.rescaleIntercept.rounded()
        }
        guard layout.isExactGrid && integral, !planes.isEmpty else { return nil }
        let first = instances[planes[0].instance]
        let grid = plan.stack(planes).uniformGrid(singlePlaneStep: singlePlaneStep(first))
        try checkGrid(grid, planes: planes.count, plan: plan, exact: true, options: options, file: first.path)
        let sink = try open(grid)
        var padding = 0, belowAir = 0
        let failures = decode(plan, planes, instances: instances, into: .sink(sink), padding: &padding, belowAir: &belowAir,
                              convert: int16Converter(fill: Int16(fill)), words: int16WordConverter(fill: Int16(fill)))
        guard failures.isEmpty else { return nil }
        let report = report(plan, planes, instances: instances, voxelType: "int16", layout: layout, grid: grid, interpolated: [],
                            filled: 0, padding: padding, belowAir: belowAir, fill: fill, warnings: warnings)
        return StreamedVolume(plan: plan, geometry: grid, report: report)
    }
}
