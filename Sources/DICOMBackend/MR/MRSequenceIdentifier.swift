/// Identifies what each MR volume is — T1-, T2-, proton-density-weighted, DWI or ADC — and the contrast phase of
/// T1-weighted volumes, from DICOM headers, with evidence and confidence like ``PhaseIdentifier``.
///
/// Sequence rules, strongest first (confidence): a per-series override (1.0); ImageType ADC (0.95) or
/// DIFFUSION/TRACEW (0.85); a diffusion encoding (0.95); AcquisitionContrast (0008,9209) of enhanced MR (0.9);
/// RepetitionTime/EchoTime/InversionTime by pulse-sequence family (0.6–0.75, ``MRSequenceRules/timing(_:)``);
/// the vendor's SequenceName (0.5); SeriesDescription keywords (0.4).
///
/// Phase rules for T1-weighted primary volumes: Contrast/Bolus Agent Phase (0.95); acquisition time relative to
/// ContrastBolusStartTime (0.4–0.85, LI-RADS v2018 windows; hepatobiliary phase ≥ 10 min only for gadoxetate);
/// no contrast attribute while other T1W volumes have one → pre-contrast (0.6); the order of contrast-enhanced
/// T1W acquisitions (0.4); SeriesDescription keywords (0.4).
///
/// The first rule with a value decides; later agreeing rules raise the confidence (`c ← 1 − (1 − c)(1 − c′/2)`),
/// contradicting ones lower it (`c ← c(1 − c′/2)`) and are recorded as conflicts; decisions by order or keywords
/// alone are capped at ``heuristicCap``.
public enum MRSequenceIdentifier {
    /// Highest confidence reachable by order and keyword rules alone.
    public static let heuristicCap = PhaseIdentifier.heuristicCap

    /// Identifies every plan of an assembly (same order); `nil` for plans that are not MR.
    /// - Parameter overrides: sequence types chosen by the user, by plan index; they always win.
    public static func identify(_ assembly: SeriesAssembly, overrides: [Int: MRSequenceType] = [:]) -> [MRSequenceIdentification?] {
        identify(assembly.plans.map { MRSequenceClues(plan: $0, instances: assembly.instances) }, overrides: overrides)
    }

    /// Identifies each volume described by `clues` (`nil` entries stay `nil`).
    public static func identify(_ clues: [MRSequenceClues?], overrides: [Int: MRSequenceType] = [:]) -> [MRSequenceIdentification?] {
        let sequences: [(MRSequenceType, Double, MRSequenceIdentification.Rule, [String], [String])?] = clues.indices.map { n in
            guard let c = clues[n] else { return nil }
            if let type = overrides[n] {
                return (type, type == .unknown ? 0 : 1, .override, ["configuration override → \(type.rawValue)"], [])
            }
            let findings = [MRSequenceRules.imageType(c), MRSequenceRules.diffusionEncoding(c), MRSequenceRules.acquisitionContrast(c),
                            MRSequenceRules.timing(c), MRSequenceRules.sequenceName(c), MRSequenceRules.seriesKeywords(c)].compactMap { $0 }
            let r = combine(findings)
            return (r.value ?? .unknown, r.value == nil ? 0 : r.confidence, r.rule ?? .none, r.evidence, r.conflicts)
        }
        // T1W primary volumes of each study take part in the contrast and order rules.
        func isT1(_ n: Int) -> Bool { sequences[n]?.0 == .t1Weighted && clues[n]?.timing.role == .primary }
        return clues.indices.map { n -> MRSequenceIdentification? in
            guard let c = clues[n], let (type, confidence, rule, evidence, conflicts) = sequences[n] else { return nil }
            guard isT1(n) else {
                return MRSequenceIdentification(sequence: type, confidence: confidence, rule: rule, evidence: evidence, conflicts: conflicts)
            }
            let study = clues.indices.filter { isT1($0) && clues[$0]!.timing.studyGroup == c.timing.studyGroup }
            let enhanced = study.filter { clues[$0]!.timing.indicatesContrast }
            var findings = [MRPhaseRules.agentPhase(c), MRPhaseRules.bolusTiming(c),
                            MRPhaseRules.contrastAbsent(c, othersEnhanced: enhanced.contains { $0 != n })].compactMap { $0 }
            let times = enhanced.compactMap { clues[$0]!.timing.acquisitionSeconds }
            if c.timing.bolusStartSeconds == nil, c.timing.indicatesContrast, times.count == enhanced.count,
               let index = enhanced.firstIndex(of: n),
               let f = MRPhaseRules.order(times, index: index, hepatobiliaryAgent: enhanced.contains { clues[$0]!.hepatobiliaryAgent }) {
                findings.append(f)
            }
            if let f = MRPhaseRules.seriesKeywords(c) { findings.append(f) }
            let phase = combine(findings)
            return MRSequenceIdentification(sequence: type, confidence: confidence, rule: rule, contrastPhase: phase.value,
                                            phaseConfidence: phase.value == nil ? 0 : phase.confidence,
                                            evidence: evidence + phase.evidence, conflicts: conflicts + phase.conflicts)
        }
    }

    /// Combines findings in rule order (see the type's discussion).
    static func combine<V: RawRepresentable<String>>(_ findings: [MRFinding<V>])
        -> (value: V?, confidence: Double, rule: MRSequenceIdentification.Rule?, evidence: [String], conflicts: [String]) {
        guard let decider = findings.firstIndex(where: { $0.value != nil }), let value = findings[decider].value else {
            return (nil, 0, nil, findings.map(\.evidence), [])
        }
        var c = findings[decider].confidence
        var evidence: [String] = [], conflicts: [String] = []
        for (n, f) in findings.enumerated() {
            guard let v = f.value, n != decider else { evidence.append(f.evidence); continue }
            if v == value {
                c = 1 - (1 - c) * (1 - f.confidence / 2)
                evidence.append(f.evidence + " (agrees)")
            } else {
                c *= 1 - f.confidence / 2
                evidence.append(f.evidence + " (contradicts \(value.rawValue))")
                conflicts.append(f.evidence + " (contradicts \(value.rawValue))")
            }
        }
        if findings[decider].heuristic {
            c = min(c, heuristicCap)
            evidence.append("decided by heuristics only: confidence capped at \(heuristicCap)")
        }
        return (value, c, findings[decider].rule, evidence, conflicts)
    }
}
