extension VolumePlan {
    /// Whether two volumes belong to the same study (StudyInstanceUID (0020,000D); the UID itself is not exposed).
    public func isSameStudy(as other: VolumePlan) -> Bool { studyInstanceUID == other.studyInstanceUID }

    /// Whether two volumes share a FrameOfReferenceUID (0020,0052) (DICOM PS3.3 C.7.4.1.1.1): their patient
    /// coordinates are then the same space and may be compared without registration. `false` when either
    /// has none.
    public func sharesFrameOfReference(with other: VolumePlan) -> Bool {
        guard let a = frameOfReferenceUID, let b = other.frameOfReferenceUID else { return false }
        return a == b
    }

    /// Whether the volume has a FrameOfReferenceUID (0020,0052).
    public var hasFrameOfReference: Bool { frameOfReferenceUID != nil }
}
