import VolumeModule

extension LoadOptions {
    /// The default ceiling on the voxels of one volume, ``HeaderLimits/defaultMaximumVoxels``.
    public static let defaultMaximumVoxels = HeaderLimits.defaultMaximumVoxels
}

extension VolumeLoader {
    /// The slice step (mm) of a one-plane volume: SpacingBetweenSlices, else SliceThickness, else 1 mm —
    /// each only when it is a plausible spacing (``HeaderLimits/pixelSpacing``).
    static func singlePlaneStep(_ instance: DICOMInstance) -> Double {
        let range = HeaderLimits.pixelSpacing
        for candidate in [instance.acquisition.spacingBetweenSlices, instance.acquisition.sliceThickness] {
            if let step = candidate, range.contains(step) { return step }
        }
        return 1
    }

    /// Checks the grid a plan becomes before any voxel is allocated: its voxel count (overflow-checked)
    /// against ``LoadOptions/maximumVoxels``, and a resampled grid against
    /// ``HeaderLimits/maximumResamplingGrowth`` times the voxels acquired (or
    /// ``HeaderLimits/resamplingFloorVoxels``, whichever is larger).
    /// - Throws: ``DICOMError`` `.limitExceeded` naming the volume's first file, the grid and the limit.
    static func checkGrid(_ grid: VolumeGeometry, planes: Int, plan: VolumePlan, exact: Bool, options: LoadOptions,
                          file: String) throws {
        let size = grid.size
        let (ij, o1) = size.i.multipliedReportingOverflow(by: size.j)
        let (voxels, o2) = ij.multipliedReportingOverflow(by: size.k)
        let count = o1 || o2 ? Int.max : voxels
        if count > options.maximumVoxels {
            throw DICOMError(.limitExceeded,
                "the volume's grid \(size.i)×\(size.j)×\(size.k) exceeds the ceiling of \(options.maximumVoxels) voxels (max_voxels)",
                file: file)
        }
        guard !exact else { return }
        let acquired = plan.pixelFormat.rows * plan.pixelFormat.columns * max(planes, 1)
        let (allowed, o3) = acquired.multipliedReportingOverflow(by: HeaderLimits.maximumResamplingGrowth)
        if !o3 && count > max(allowed, HeaderLimits.resamplingFloorVoxels) {
            throw DICOMError(.limitExceeded,
                "slice positions would need a resampling grid of \(size.i)×\(size.j)×\(size.k) voxels for \(planes) acquired plane(s) of \(plan.pixelFormat.columns)×\(plan.pixelFormat.rows) (more than \(HeaderLimits.maximumResamplingGrowth)× the voxels acquired); ImagePositionPatient values are implausible",
                file: file)
        }
    }
}
