import Foundation

/// What one rule found for one volume: a phase with a confidence, or only a remark (`phase == nil`).
struct PhaseFinding: Sendable {
    var phase: ContrastPhase?
    var confidence: Double
    var rule: PhaseIdentification.Rule
    var evidence: String
}

/// The individual rules of ``PhaseIdentifier``, in priority order. Confidence values are documented on
/// ``PhaseIdentifier``.
enum PhaseRules {
    /// Contrast/Bolus Agent Phase (0018,9344), defined terms of DICOM PS3.3 C.7.6.16.2.30 (Enhanced CT
    /// Contrast/Bolus Usage functional group).
    static func agentPhase(_ c: PhaseClues) -> PhaseFinding? {
        guard let value = c.agentPhase else { return nil }
        let tag = "Contrast/Bolus Agent Phase (0018,9344)"
        func found(_ p: ContrastPhase, _ conf: Double, _ note: String = "") -> PhaseFinding {
            PhaseFinding(phase: p, confidence: conf, rule: .agentPhase, evidence: "\(tag) is \(value)\(note) → \(p.rawValue)")
        }
        switch value {
        case "PRE_CONTRAST": return found(.nonContrast, 0.95)
        case "ARTERIAL": return found(.arterial, 0.95)
        case "PORTAL_VENOUS": return found(.portalVenous, 0.95)
        case "DELAYED": return found(.delayed, 0.95)
        case "VENOUS": return found(.portalVenous, 0.75, " (venous, not explicitly portal venous)")
        case "CAPILLARY": return found(.arterial, 0.6, " (capillary, taken as late arterial)")
        case "STEADY_STATE": return found(.delayed, 0.6, " (steady state, taken as equilibrium/delayed)")
        case "POST_CONTRAST", "IMMEDIATE", "DYNAMIC":
            return PhaseFinding(phase: nil, confidence: 0, rule: .agentPhase,
                                evidence: "\(tag) is \(value): contrast given, phase not named")
        default:
            return PhaseFinding(phase: nil, confidence: 0, rule: .agentPhase, evidence: "\(tag) has a value that is not a defined term; ignored")
        }
    }

    /// Acquisition time minus ContrastBolusStartTime (0018,1042). Bands (seconds): < 0 non-contrast;
    /// 0–10 arterial (0.4, earlier than any hepatic phase); 10–50 arterial (0.85 within 15–45, else 0.6);
    /// 50–120 portal venous (0.85 within 55–100, else 0.6); ≥ 120 delayed (0.85 within 150–600, 0.6 for
    /// 120–150 and 600–1800, 0.4 beyond 30 min).
    static func bolusTiming(_ c: PhaseClues) -> PhaseFinding? {
        guard let start = c.bolusStartSeconds else {
            if c.hasContrastAgent || c.hasContrastRoute {
                return PhaseFinding(phase: nil, confidence: 0, rule: .bolusTiming,
                                    evidence: "ContrastBolusAgent/Route (0018,0010/1040) present but no ContrastBolusStartTime (0018,1042): contrast given, timing unknown")
            }
            return nil
        }
        guard let t = c.acquisitionSeconds else {
            return PhaseFinding(phase: nil, confidence: 0, rule: .bolusTiming,
                                evidence: "ContrastBolusStartTime (0018,1042) present but no acquisition/content time")
        }
        let dt = DICOMTime.difference(t, start)
        let (phase, confidence): (ContrastPhase, Double) = switch dt {
        case ..<0: (.nonContrast, 0.8)
        case ..<10: (.arterial, 0.4)
        case ..<50: (.arterial, (15...45).contains(dt) ? 0.85 : 0.6)
        case ..<120: (.portalVenous, (55...100).contains(dt) ? 0.85 : 0.6)
        case ..<1800: (.delayed, (150...600).contains(dt) ? 0.85 : 0.6)
        default: (.delayed, 0.4)
        }
        let when = dt < 0 ? String(format: "%.0f s before", -dt) : String(format: "%.0f s after", dt)
        return PhaseFinding(phase: phase, confidence: confidence, rule: .bolusTiming,
                            evidence: "\(c.acquisitionSource ?? "acquisition time") is \(when) ContrastBolusStartTime (0018,1042) → \(phase.rawValue)")
    }

    /// No contrast attribute on this volume while other primary volumes of the same study and modality
    /// have one: non-contrast (0.75 when acquired before every enhanced volume, 0.6 when times are
    /// unknown, 0.3 when acquired after one).
    static func contrastAbsent(_ c: PhaseClues, enhancedTimes: [Double?]) -> PhaseFinding? {
        guard !c.indicatesContrast, !enhancedTimes.isEmpty else { return nil }
        let text = "no ContrastBolusAgent/Route/StartTime (0018,0010/1040/1042) while \(enhancedTimes.count) other volume(s) of the study have them"
        let known = enhancedTimes.compactMap { $0 }
        guard let t = c.acquisitionSeconds, !known.isEmpty else {
            return PhaseFinding(phase: .nonContrast, confidence: 0.6, rule: .contrastAbsent, evidence: text + " → NON_CONTRAST")
        }
        let first = known.map { DICOMTime.difference($0, t) }.min()!
        if first > 0 {
            return PhaseFinding(phase: .nonContrast, confidence: 0.75, rule: .contrastAbsent,
                                evidence: text + String(format: "; acquired %.0f s before the first of them → NON_CONTRAST", first))
        }
        return PhaseFinding(phase: .nonContrast, confidence: 0.3, rule: .contrastAbsent,
                            evidence: text + "; but acquired after one of them → NON_CONTRAST (weak)")
    }

    /// Keywords of SeriesDescription (0008,103E): 0.4 when they name one phase; nothing when they name
    /// several. The words are not repeated in the evidence.
    static func seriesKeywords(_ c: PhaseClues) -> PhaseFinding? {
        guard let d = c.seriesDescription else { return nil }
        let phases = PhaseKeywords.phases(in: d)
        if phases.count == 1, let p = phases.first {
            return PhaseFinding(phase: p, confidence: 0.4, rule: .seriesKeywords,
                                evidence: "SeriesDescription (0008,103E) holds a keyword of \(p.rawValue)")
        }
        if phases.count > 1 {
            return PhaseFinding(phase: nil, confidence: 0, rule: .seriesKeywords,
                                evidence: "SeriesDescription (0008,103E) holds keywords of \(phases.count) different phases; ignored")
        }
        return nil
    }
}
