import DICOMBackend

/// The JSON written beside every converted volume. Contains no patient-identifying values: keys are
/// keyed hashes, acquisition attributes come from an allow-list, dates are omitted.
public struct Sidecar: Sendable, Codable {
    /// Producer and format version of this sidecar.
    public var generator: String
    public var studyKey: String
    public var seriesKey: String
    public var volume: String
    /// Image file name beside this sidecar.
    public var image: String
    public var report: VolumeReport
    /// Contrast phase with confidence and evidence (``PhaseIdentifier``); absent in sidecars written before it.
    public var phase: PhaseIdentification? = nil
    /// Baseline or follow-up timepoint of the study (``StudyTimeline``); no dates.
    public var timepoint: StudyTimepoint? = nil
    /// Pseudonymous FrameOfReferenceUID (``Pseudonymizer/frameOfReferenceKey(for:)``): equal keys ⇔ shared
    /// patient coordinates; absent in sidecars written before it and for volumes without the attribute.
    public var frameOfReferenceKey: String? = nil

    /// Current generator string.
    public static let generatorName = "RadStation 0.1 (sidecar v1)"
}
