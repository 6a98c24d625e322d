import VolumeModule

extension RTStructureSet {
    /// Whether this structure set was drawn on the images of `plan`.
    ///
    /// Decided by the SeriesInstanceUIDs of the RTReferencedSeriesSequence (3006,0014) when the file gives
    /// any; otherwise (no RTReferencedStudySequence, a legal omission since 2019) by the FrameOfReferenceUID
    /// (Referenced Frame of Reference Sequence (3006,0010) or the ROIs' ReferencedFrameOfReferenceUID
    /// (3006,0024)). A structure set that names neither references nothing. Contours are never matched
    /// through ContourImageSequence SOP UIDs (they are often absent or stale: rt-utils #49, #106).
    public func references(_ plan: VolumePlan) -> Bool {
        if !referencedSeriesUIDs.isEmpty { return referencedSeriesUIDs.contains(plan.seriesInstanceUID) }
        guard let frame = plan.frameOfReferenceUID else { return false }
        return frameOfReferenceUIDs.contains(frame)
    }

    /// The one plan among `plans` this structure set references (see ``references(_:)``), preferring the
    /// primary acquisition when a series was split (localizers, derived images).
    /// - Throws: ``DICOMError`` `.inconsistent` naming this file when no plan is referenced (for example an
    ///   RTSTRUCT exported without its images), or when several primary volumes are (ambiguous).
    public func referencedPlan(among plans: [VolumePlan]) throws -> VolumePlan {
        let matching = plans.filter(references)
        let primary = matching.filter { $0.role == .primary }
        if primary.count == 1 { return primary[0] }
        if primary.isEmpty, matching.count == 1 { return matching[0] }
        if matching.isEmpty {
            let what = referencedSeriesUIDs.isEmpty ? "frame of reference" : "series"
            throw DICOMError(.inconsistent, "the image \(what) this structure set references is not among the \(plans.count) volume(s) found", file: path)
        }
        throw DICOMError(.inconsistent, "the structure set references \(primary.isEmpty ? matching.count : primary.count) volumes; cannot choose one", file: path)
    }
}
