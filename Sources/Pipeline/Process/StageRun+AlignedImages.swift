import VolumeModule

extension StageRun {
    /// The images of stage "align", kept for stage "qa": every aligned volume resampled onto `grid`.
    struct AlignedImages {
        /// The alignment's reference grid.
        var grid: VolumeGeometry
        /// How they were resampled.
        var interpolation: Interpolation
        /// The value outside each source's field of view.
        var fill: Float
        /// Images by plan index of the assembly.
        var byPlan: [Int: Volume<Float>]
    }

    /// The aligned image of the volume named `name` when it is exactly what QA would resample: on `grid`,
    /// linear, `fill` outside; `nil` otherwise (QA then resamples it itself).
    func alignedImage(of name: String, on grid: VolumeGeometry, fill: Float) -> Volume<Float>? {
        guard let aligned, aligned.grid == grid, aligned.interpolation == .linear, aligned.fill == fill,
              let plan = planByName[name] else { return nil }
        return aligned.byPlan[plan]
    }
}
