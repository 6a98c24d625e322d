import Foundation

/// Classifies the volumes of one or more studies as non-contrast, arterial, portal venous, delayed or
/// unknown from their DICOM headers.
///
/// Rules, strongest first (each finding's confidence in parentheses):
/// 1. a user override (1.0);
/// 2. Contrast/Bolus Agent Phase (0018,9344) in the Contrast/Bolus Usage Sequence (0018,9341) of enhanced
///    objects (DICOM PS3.3 C.7.6.16.2.30): PRE_CONTRAST, ARTERIAL, PORTAL_VENOUS, DELAYED (0.95); VENOUS
///    (0.75); CAPILLARY → arterial, STEADY_STATE → delayed (0.6);
/// 3. acquisition time relative to ContrastBolusStartTime (0018,1042) (0.4–0.85, see
///    `PhaseRules.bolusTiming`);
/// 4. no ContrastBolusAgent/Route/StartTime (0018,0010/1040/1042) while other volumes of the study have
///    them → non-contrast (0.3–0.75);
/// 5. the order of acquisition times within the study (0.45 for the n-th of 3 or 2 contrast-enhanced
///    acquisitions; 0.35 for 4 untagged acquisitions read as NC/ART/PV/DELAY, 0.25 for 3 read as NC/ART/PV);
/// 6. keywords of SeriesDescription (0008,103E) (0.4).
///
/// The first rule that names a phase decides it. Every later rule that names the same phase raises the
/// confidence (`c ← 1 − (1 − c)(1 − c′/2)`); one that names another phase lowers it (`c ← c(1 − c′/2)`)
/// and is recorded as a conflict. A decision by rules 5–6 alone is capped at 0.49 (low): order and
/// descriptions are heuristics. Finally, within each study, a volume acquired before another whose
/// phase comes earlier in the protocol (e.g. "arterial" after "portal venous") gets a conflict and its
/// confidence × 0.8. Nothing fires → ``ContrastPhase/unknown`` with confidence 0.
public enum PhaseIdentifier {
    /// Highest confidence reachable without a contrast tag or an override.
    public static let heuristicCap = 0.49
    /// Acquisitions closer than this (seconds) count as the same acquisition (e.g. two reconstructions).
    public static let sameAcquisitionTolerance = 2.0

    /// Identifies the phase of every plan of an assembly (same order as `assembly.plans`).
    /// - Parameter overrides: phases chosen by the user, by plan index; they always win.
    /// MR volumes take their phase from ``MRSequenceIdentifier`` (a T1-weighted volume's contrast phase; none for
    /// T2W, DWI, ADC), not from the CT rules.
    /// - Parameter mrOverrides: MR sequence types chosen by the user, by plan index.
    public static func identify(_ assembly: SeriesAssembly, overrides: [Int: ContrastPhase] = [:],
                                mrOverrides: [Int: MRSequenceType] = [:]) -> [PhaseIdentification] {
        var results = identify(assembly.plans.map { PhaseClues(plan: $0, instances: assembly.instances) }, overrides: overrides)
        for (n, mr) in MRSequenceIdentifier.identify(assembly, overrides: mrOverrides).enumerated() where overrides[n] == nil {
            guard let mr else { continue }
            if let phase = mr.contrastPhase {
                results[n] = PhaseIdentification(phase: phase.contrastPhase, confidence: mr.phaseConfidence, rule: .mrSequence,
                                                 evidence: ["MR \(mr.sequence.rawValue) \(phase.rawValue) (MR sequence identification) → \(phase.contrastPhase.rawValue)"],
                                                 conflicts: mr.conflicts)
            } else {
                results[n] = PhaseIdentification(phase: .unknown, confidence: 0, rule: .mrSequence,
                                                 evidence: ["MR \(mr.sequence.rawValue): no contrast phase"])
            }
        }
        return results
    }

    /// Identifies the phase of each volume described by `clues` (results in the same order).
    /// - Parameter overrides: phases chosen by the user, by index into `clues`; they always win.
    public static func identify(_ clues: [PhaseClues], overrides: [Int: ContrastPhase] = [:]) -> [PhaseIdentification] {
        let orderFindings = acquisitionOrder(clues)
        var results: [PhaseIdentification] = clues.indices.map { n in
            let c = clues[n]
            if let phase = overrides[n] {
                return PhaseIdentification(phase: phase, confidence: phase == .unknown ? 0 : 1, rule: .override,
                                           evidence: ["user override → \(phase.rawValue)"])
            }
            if c.role == .localizer {
                return PhaseIdentification(phase: .unknown, confidence: 0, rule: .none, evidence: ["localizer: no contrast phase"])
            }
            let enhanced = clues.indices.filter { m in
                m != n && clues[m].studyGroup == c.studyGroup && clues[m].role == .primary && clues[m].modality == c.modality
                    && clues[m].indicatesContrast
            }.map { clues[$0].acquisitionSeconds }
            let findings = [PhaseRules.agentPhase(c), PhaseRules.bolusTiming(c), PhaseRules.contrastAbsent(c, enhancedTimes: enhanced),
                            orderFindings[n], PhaseRules.seriesKeywords(c)].compactMap { $0 }
            return combine(findings)
        }
        checkOrder(clues, &results)
        return results
    }

    /// Combines findings in rule order (see the type's discussion).
    static func combine(_ findings: [PhaseFinding]) -> PhaseIdentification {
        guard let firstIndex = findings.firstIndex(where: { $0.phase != nil }), let phase = findings[firstIndex].phase else {
            var evidence = findings.map(\.evidence)
            evidence.append("no rule names a phase → UNKNOWN")
            return PhaseIdentification(phase: .unknown, confidence: 0, rule: .none, evidence: evidence)
        }
        let first = findings[firstIndex]
        var c = first.confidence
        var evidence: [String] = []
        var conflicts: [String] = []
        for (n, f) in findings.enumerated() {
            guard let p = f.phase, n != firstIndex else {
                evidence.append(f.evidence)
                continue
            }
            if p == phase {
                c = 1 - (1 - c) * (1 - f.confidence / 2)
                evidence.append(f.evidence + " (agrees)")
            } else {
                c *= 1 - f.confidence / 2
                let text = f.evidence + " (contradicts \(phase.rawValue))"
                evidence.append(text)
                conflicts.append(text)
            }
        }
        if first.rule == .acquisitionOrder || first.rule == .seriesKeywords {
            c = min(c, heuristicCap)
            evidence.append("decided by heuristics only (no contrast tag): confidence capped at \(heuristicCap)")
        }
        return PhaseIdentification(phase: phase, confidence: c, rule: first.rule, evidence: evidence, conflicts: conflicts)
    }

    /// The acquisition-order rule for every volume (nil where it says nothing). Works per study on primary
    /// volumes with an acquisition time; volumes within ``sameAcquisitionTolerance`` share a rank.
    static func acquisitionOrder(_ clues: [PhaseClues]) -> [PhaseFinding?] {
        var out = [PhaseFinding?](repeating: nil, count: clues.count)
        let groups = Dictionary(grouping: clues.indices.filter { clues[$0].role == .primary && clues[$0].acquisitionSeconds != nil }) {
            clues[$0].studyGroup + "|" + clues[$0].modality
        }
        for (_, members) in groups {
            let anyContrast = members.contains { clues[$0].indicatesContrast }
            let subset = anyContrast ? members.filter { clues[$0].indicatesContrast } : members
            let ranks = distinctRanks(subset.map { clues[$0].acquisitionSeconds! })
            let count = (ranks.max() ?? -1) + 1
            let sequence: [ContrastPhase]
            let confidence: Double
            switch (anyContrast, count) {
            case (true, 3): (sequence, confidence) = ([.arterial, .portalVenous, .delayed], 0.45)
            case (true, 2): (sequence, confidence) = ([.arterial, .portalVenous], 0.45)
            case (false, 4): (sequence, confidence) = ([.nonContrast, .arterial, .portalVenous, .delayed], 0.35)
            case (false, 3): (sequence, confidence) = ([.nonContrast, .arterial, .portalVenous], 0.25)
            default:
                for m in subset where count > 1 {
                    out[m] = PhaseFinding(phase: nil, confidence: 0, rule: .acquisitionOrder,
                                          evidence: "acquisition order: \(count) \(anyContrast ? "contrast-enhanced " : "")acquisitions in the study, too many or too few to map onto phases")
                }
                continue
            }
            for (m, rank) in zip(subset, ranks) {
                let what = anyContrast ? "contrast-enhanced acquisitions" : "acquisitions (no contrast tags in the study)"
                out[m] = PhaseFinding(phase: sequence[rank], confidence: confidence, rule: .acquisitionOrder,
                                      evidence: "acquisition order: \(ordinal(rank + 1)) of \(count) \(what) → \(sequence[rank].rawValue)")
            }
        }
        return out
    }

    /// Ranks of times (0-based), equal within ``sameAcquisitionTolerance``.
    static func distinctRanks(_ times: [Double]) -> [Int] {
        let sorted = times.sorted()
        var levels: [Double] = []
        for t in sorted where levels.last.map({ t - $0 > sameAcquisitionTolerance }) ?? true { levels.append(t) }
        return times.map { t in levels.lastIndex { $0 <= t + 1e-9 }! }
    }

    /// Flags volumes whose acquisition order contradicts their phases' protocol order.
    static func checkOrder(_ clues: [PhaseClues], _ results: inout [PhaseIdentification]) {
        for a in clues.indices {
            guard results[a].rule != .override, results[a].phase != .unknown, let ta = clues[a].acquisitionSeconds else { continue }
            for b in clues.indices where b != a && clues[b].studyGroup == clues[a].studyGroup {
                guard results[b].phase != .unknown, let tb = clues[b].acquisitionSeconds else { continue }
                let earlier = tb < ta - sameAcquisitionTolerance, later = tb > ta + sameAcquisitionTolerance
                if (earlier && results[b].phase > results[a].phase) || (later && results[b].phase < results[a].phase) {
                    let text = "acquired \(earlier ? "after" : "before") a volume classified \(results[b].phase.rawValue) (acquisition order contradicts the phases)"
                    guard !results[a].conflicts.contains(text) else { continue }
                    var r = results[a]
                    r.conflicts.append(text)
                    r.evidence.append(text)
                    results[a] = PhaseIdentification(phase: r.phase, confidence: r.confidence * 0.8, rule: r.rule,
                                                     evidence: r.evidence, conflicts: r.conflicts)
                }
            }
        }
    }

    private static func ordinal(_ n: Int) -> String {
        switch n {
        case 1: return "1st"
        case 2: return "2nd"
        case 3: return "3rd"
        default: return "\(n)th"
        }
    }
}
