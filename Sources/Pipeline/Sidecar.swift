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
    /// b-value of a diffusion-weighted volume in s/mm² (``DICOMBackend/DiffusionEncoding``); absent otherwise.
    public var bValue: Double? = nil
    /// Gradient direction [x, y, z] in patient LPS of a diffusion-weighted volume; written as `null` when the
    /// volume is diffusion-weighted but has no direction in patient coordinates; absent when not diffusion.
    public var diffusionDirection: [Double]? = nil
    /// `"ISOTROPIC"` (the term of DiffusionDirectionality (0018,9075)) for the scanner's own isotropic
    /// (trace-weighted) image stored among a series' direction images (``DICOMBackend/DiffusionEncoding/isotropic``):
    /// derived, so dcm2niix leaves it out of its `.bval` and RadStation's trace and ADC leave it out; absent otherwise.
    public var diffusionDirectionality: String? = nil
    /// `true` when the volume states no b-value and is taken as b = 0 (``DICOMBackend/DiffusionEncoding/bValueAssumed``);
    /// absent otherwise.
    public var bValueAssumed: Bool? = nil
    /// MR sequence type (and T1 contrast phase) with evidence (``DICOMBackend/MRSequenceIdentifier``); MR only.
    public var mrSequence: MRSequenceIdentification? = nil
    /// MR acquisition fields named as dcm2niix's BIDS JSON (``BIDSFields``); MR only.
    public var bids: BIDSFields? = nil

    /// Current generator string.
    public static let generatorName = "RadStation 0.1 (sidecar v1)"

    private enum CodingKeys: String, CodingKey {
        case generator, studyKey, seriesKey, volume, image, report, phase, timepoint, frameOfReferenceKey, bValue, diffusionDirection
        case diffusionDirectionality, bValueAssumed, mrSequence, bids
    }

    /// Encodes every key as the synthesised encoding would, except that `diffusionDirection` is written
    /// (as `null` when unknown) whenever `bValue` is.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(generator, forKey: .generator)
        try c.encode(studyKey, forKey: .studyKey)
        try c.encode(seriesKey, forKey: .seriesKey)
        try c.encode(volume, forKey: .volume)
        try c.encode(image, forKey: .image)
        try c.encode(report, forKey: .report)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(timepoint, forKey: .timepoint)
        try c.encodeIfPresent(frameOfReferenceKey, forKey: .frameOfReferenceKey)
        if let bValue {
            try c.encode(bValue, forKey: .bValue)
            if let diffusionDirection { try c.encode(diffusionDirection, forKey: .diffusionDirection) } else { try c.encodeNil(forKey: .diffusionDirection) }
            try c.encodeIfPresent(diffusionDirectionality, forKey: .diffusionDirectionality)
            try c.encodeIfPresent(bValueAssumed, forKey: .bValueAssumed)
        }
        try c.encodeIfPresent(mrSequence, forKey: .mrSequence)
        try c.encodeIfPresent(bids, forKey: .bids)
    }
}

/// The MR parts of a volume's sidecar: sequence identification and BIDS-named acquisition fields.
public struct MRSidecarParts: Sendable {
    public var sequence: MRSequenceIdentification?
    public var bids: BIDSFields?

    /// The parts of every plan of an assembly (same order); `nil` for plans that are not MR.
    public static func all(_ assembly: SeriesAssembly, overrides: [Int: MRSequenceType] = [:]) -> [MRSidecarParts?] {
        let sequences = MRSequenceIdentifier.identify(assembly, overrides: overrides)
        return assembly.plans.indices.map { n in
            guard assembly.plans[n].modality == "MR" else { return nil }
            return MRSidecarParts(sequence: sequences[n], bids: BIDSFields(plan: assembly.plans[n], instances: assembly.instances))
        }
    }
}
