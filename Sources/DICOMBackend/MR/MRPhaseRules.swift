/// The contrast-phase rules for T1-weighted MR volumes (``MRSequenceIdentifier``), strongest first.
enum MRPhaseRules {
    typealias Finding = MRFinding<MRContrastPhase>

    /// Contrast/Bolus Agent Phase (0018,9344) (DICOM PS3.3 C.7.6.16.2.30 defined terms), 0.95.
    static func agentPhase(_ c: MRSequenceClues) -> Finding? {
        guard let value = c.timing.agentPhase else { return nil }
        let late: MRContrastPhase = c.hepatobiliaryAgent ? .transitional : .delayed
        let phase: MRContrastPhase? = switch value {
        case "PRE_CONTRAST": .preContrast
        case "ARTERIAL": .arterial
        case "PORTAL_VENOUS": .portalVenous
        case "DELAYED": late
        default: nil
        }
        let tag = "Contrast/Bolus Agent Phase (0018,9344)"
        guard let phase else { return Finding(value: nil, confidence: 0, rule: .none, evidence: "\(tag) names no liver phase") }
        return Finding(value: phase, confidence: 0.95, rule: .none, evidence: "\(tag) is \(value) → \(phase.rawValue)")
    }

    /// Acquisition time minus ContrastBolusStartTime (0018,1042), seconds (LI-RADS v2018 timing): < 0
    /// pre-contrast 0.8; 0–10 arterial 0.4; 10–50 arterial 0.85; 50–120 portal venous 0.8; 120–600 transitional
    /// (hepatobiliary agent) or delayed 0.75; ≥ 600 hepatobiliary (hepatobiliary agent) 0.85, else delayed 0.5.
    static func bolusTiming(_ c: MRSequenceClues) -> Finding? {
        guard let start = c.timing.bolusStartSeconds, let t = c.timing.acquisitionSeconds else { return nil }
        let dt = DICOMTime.difference(t, start)
        let hb = c.hepatobiliaryAgent
        let (phase, confidence): (MRContrastPhase, Double) = switch dt {
        case ..<0: (.preContrast, 0.8)
        case ..<10: (.arterial, 0.4)
        case ..<50: (.arterial, 0.85)
        case ..<120: (.portalVenous, 0.8)
        case ..<600: (hb ? .transitional : .delayed, 0.75)
        default: (hb ? .hepatobiliary : .delayed, hb ? 0.85 : 0.5)
        }
        return Finding(value: phase, confidence: confidence, rule: .none,
                       evidence: "\(c.timing.acquisitionSource ?? "acquisition time") − ContrastBolusStartTime (0018,1042) = \(Int(dt.rounded())) s\(hb ? " (hepatobiliary agent)" : "") → \(phase.rawValue)")
    }

    /// No contrast attribute while other T1-weighted volumes of the study have one: pre-contrast, 0.6.
    static func contrastAbsent(_ c: MRSequenceClues, othersEnhanced: Bool) -> Finding? {
        guard othersEnhanced, !c.timing.indicatesContrast else { return nil }
        return Finding(value: .preContrast, confidence: 0.6, rule: .none,
                       evidence: "no ContrastBolusAgent/Route/StartTime while other T1W volumes of the study have them → PRE_CONTRAST")
    }

    /// Order of the contrast-enhanced T1W acquisitions of a study (when no bolus start time says more):
    /// 1st arterial, 2nd portal venous, later transitional/delayed, and with a hepatobiliary agent those ≥ 10 min
    /// after the first hepatobiliary; 0.4 (heuristic).
    static func order(_ times: [Double], index: Int, hepatobiliaryAgent: Bool) -> Finding? {
        let sorted = times.sorted()
        guard let t = times[safe: index], let rank = sorted.firstIndex(where: { abs($0 - t) <= PhaseIdentifier.sameAcquisitionTolerance }),
              let first = sorted.first else { return nil }
        let phase: MRContrastPhase
        if hepatobiliaryAgent && DICOMTime.difference(t, first) >= 600 { phase = .hepatobiliary }
        else { phase = [.arterial, .portalVenous][safe: rank] ?? (hepatobiliaryAgent ? .transitional : .delayed) }
        return Finding(value: phase, confidence: 0.4, rule: .none,
                       evidence: "acquisition order: contrast-enhanced T1W acquisition \(rank + 1) of \(sorted.count) → \(phase.rawValue)", heuristic: true)
    }

    static func seriesKeywords(_ c: MRSequenceClues) -> Finding? {
        guard let d = c.timing.seriesDescription else { return nil }
        let found = MRKeywords.phases(in: d)
        guard found.count == 1, let phase = found.first else { return nil }
        return Finding(value: phase, confidence: 0.4, rule: .none, evidence: "SeriesDescription (0008,103E) keyword → \(phase.rawValue)", heuristic: true)
    }
}

extension Array {
    /// The element at `index`, or `nil` outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
