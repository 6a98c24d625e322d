/// The sequence type of one MR volume, and for T1-weighted volumes their contrast phase, with confidence and
/// evidence: the result of ``MRSequenceIdentifier``. Evidence names DICOM attributes, rules and times relative
/// to the bolus; description keywords are used but never quoted.
public struct MRSequenceIdentification: Sendable, Codable, Equatable {
    /// Which rule decided the sequence type.
    public enum Rule: String, Sendable, Codable {
        /// A per-series override in the configuration.
        case override
        /// AcquisitionContrast (0008,9209) of enhanced MR.
        case acquisitionContrast
        /// ImageType (0008,0008) values (ADC, DIFFUSION, TRACEW).
        case imageType
        /// A diffusion encoding (b-value) of the volume.
        case diffusionEncoding
        /// RepetitionTime / EchoTime / InversionTime with ScanningSequence.
        case timing
        /// SequenceName (0018,0024) of the vendor.
        case sequenceName
        /// Keywords of SeriesDescription (0008,103E).
        case seriesKeywords
        /// Nothing fired.
        case none
    }

    /// The sequence type.
    public var sequence: MRSequenceType
    /// Confidence in the sequence type, 0…1 (0 for unknown).
    public var confidence: Double
    /// ``PhaseIdentification/Level`` of ``confidence``.
    public var level: PhaseIdentification.Level
    /// The rule that decided ``sequence``.
    public var rule: Rule
    /// The contrast phase of a T1-weighted volume (`nil` for other sequences or when nothing says).
    public var contrastPhase: MRContrastPhase?
    /// Confidence in ``contrastPhase``, 0…1.
    public var phaseConfidence: Double
    /// What each rule found, sequence rules first, then phase rules.
    public var evidence: [String]
    /// Contradictions between rules (also in ``evidence``).
    public var conflicts: [String]

    /// Creates a result; levels follow from the confidences (rounded to 10⁻³).
    public init(sequence: MRSequenceType, confidence: Double, rule: Rule, contrastPhase: MRContrastPhase? = nil,
                phaseConfidence: Double = 0, evidence: [String], conflicts: [String] = []) {
        self.sequence = sequence
        self.confidence = (confidence * 1000).rounded() / 1000
        self.level = PhaseIdentification.Level(self.confidence)
        self.rule = rule
        self.contrastPhase = contrastPhase
        self.phaseConfidence = (phaseConfidence * 1000).rounded() / 1000
        self.evidence = evidence
        self.conflicts = conflicts
    }

    /// Short form for tables: `T1W ARTERIAL (high 0.9)`, `T2W (medium 0.75)`, `UNKNOWN`.
    public var summary: String {
        guard sequence != .unknown else { return "UNKNOWN" }
        let phase = contrastPhase.map { " \($0.rawValue)" } ?? ""
        return "\(sequence.rawValue)\(phase) (\(level.rawValue) \(String(confidence)))" + (conflicts.isEmpty ? "" : "!")
    }

    /// A file-name label: `t1w_arterial`, `dwi_b800`, `t2w`, `adc`, `unknown` (`bValue` of a diffusion volume).
    public func fileLabel(bValue: Double? = nil) -> String {
        var label = sequence.rawValue.lowercased()
        if let phase = contrastPhase { label += "_" + phase.rawValue.lowercased() }
        if sequence == .diffusion, let b = bValue, b.isFinite, b >= 0, b < 1e6 { label += "_b\(Int(b.rounded()))" }
        return label
    }
}
