/// The phase of one volume with how sure we are and why: the result of ``PhaseIdentifier``.
///
/// Confidence is a number in 0…1 (see ``PhaseIdentifier`` for the value of each rule) and a level:
/// `high` ≥ 0.8 (a contrast tag that names or times the phase, or a user override), `medium` ≥ 0.5,
/// `low` > 0 (heuristics only: acquisition order, series description keywords — capped below 0.5),
/// `none` for ``ContrastPhase/unknown``. Evidence strings name the DICOM attributes and rules that fired
/// (and times relative to the bolus start in seconds); they never quote a tag value that could identify a
/// patient (no dates, no description text).
public struct PhaseIdentification: Sendable, Codable, Equatable {
    /// Coarse confidence levels.
    public enum Level: String, Sendable, Codable, Comparable {
        case none, low, medium, high

        /// The level of a confidence value.
        public init(_ confidence: Double) {
            if confidence >= 0.8 { self = .high } else if confidence >= 0.5 { self = .medium } else if confidence > 0 { self = .low } else { self = .none }
        }

        private var rank: Int { [Level.none, .low, .medium, .high].firstIndex(of: self)! }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// Which rule decided the phase.
    public enum Rule: String, Sendable, Codable {
        /// `--phase KEY=PHASE` or a phase-map file.
        case override
        /// Contrast/Bolus Agent Phase (0018,9344) in the Contrast/Bolus Usage Sequence (0018,9341).
        case agentPhase
        /// Acquisition/content time relative to ContrastBolusStartTime (0018,1042).
        case bolusTiming
        /// No ContrastBolusAgent (0018,0010) while other volumes of the study have one.
        case contrastAbsent
        /// Order of acquisition times within the study.
        case acquisitionOrder
        /// Keywords of SeriesDescription (0008,103E).
        case seriesKeywords
        /// An MR volume: the contrast phase of a T1-weighted acquisition from ``MRSequenceIdentifier`` (other MR
        /// sequences have no contrast phase).
        case mrSequence
        /// Nothing fired.
        case none
    }

    /// The phase.
    public var phase: ContrastPhase
    /// Confidence in 0…1 (0 for ``ContrastPhase/unknown``).
    public var confidence: Double
    /// ``Level`` of ``confidence``.
    public var level: Level
    /// The rule that decided ``phase``.
    public var rule: Rule
    /// What each rule found, in rule order (agreements and contradictions included).
    public var evidence: [String]
    /// Contradictions between rules (also in ``evidence``); non-empty means "check this volume".
    public var conflicts: [String]

    /// Creates a result; ``level`` follows from `confidence`.
    public init(phase: ContrastPhase, confidence: Double, rule: Rule, evidence: [String], conflicts: [String] = []) {
        self.phase = phase
        self.confidence = (confidence * 1000).rounded() / 1000
        self.level = Level(self.confidence)
        self.rule = rule
        self.evidence = evidence
        self.conflicts = conflicts
    }

    /// Short form for tables: `ARTERIAL (high 0.95)`, `UNKNOWN`; `!` marks conflicts.
    public var summary: String {
        guard phase != .unknown else { return "UNKNOWN" }
        return "\(phase.rawValue) (\(level.rawValue) \(String(confidence)))" + (conflicts.isEmpty ? "" : "!")
    }
}
