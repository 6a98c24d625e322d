/// What one MR rule found: a value with a confidence, or only a remark (`value == nil`).
struct MRFinding<Value: Equatable & Sendable>: Sendable {
    var value: Value?
    var confidence: Double
    var rule: MRSequenceIdentification.Rule
    var evidence: String
    /// Order and keyword rules: a decision by them alone is capped (``MRSequenceIdentifier/heuristicCap``).
    var heuristic = false
}

/// The sequence-type rules of ``MRSequenceIdentifier``, strongest first. Confidences are documented there.
enum MRSequenceRules {
    typealias Finding = MRFinding<MRSequenceType>

    static func acquisitionContrast(_ c: MRSequenceClues) -> Finding? {
        guard let value = c.acquisition.acquisitionContrast else { return nil }
        let tag = "AcquisitionContrast (0008,9209)"
        let type: MRSequenceType? = switch value {
        case "T1": .t1Weighted
        case "T2": .t2Weighted
        case "PROTON_DENSITY": .protonDensity
        case "DIFFUSION": .diffusion
        default: nil
        }
        guard let type else { return Finding(value: nil, confidence: 0, rule: .acquisitionContrast, evidence: "\(tag) names no weighting used here") }
        return Finding(value: type, confidence: 0.9, rule: .acquisitionContrast, evidence: "\(tag) is \(value) → \(type.rawValue)")
    }

    static func imageType(_ c: MRSequenceClues) -> Finding? {
        if c.imageType.contains("ADC") {
            return Finding(value: .adc, confidence: 0.95, rule: .imageType, evidence: "ImageType (0008,0008) has ADC → ADC")
        }
        if c.imageType.contains(where: { ["DIFFUSION", "TRACEW", "TRACE"].contains($0) }) {
            return Finding(value: .diffusion, confidence: 0.85, rule: .imageType, evidence: "ImageType (0008,0008) has DIFFUSION/TRACEW → DWI")
        }
        return nil
    }

    static func diffusionEncoding(_ c: MRSequenceClues) -> Finding? {
        guard let b = c.bValue else { return nil }
        return Finding(value: .diffusion, confidence: 0.95, rule: .diffusionEncoding,
                       evidence: "diffusion series, b = \(formatted(b)) s/mm² → DWI")
    }

    /// Classical weighting from TR/TE (ms) by pulse-sequence family (ScanningSequence (0018,0020)):
    /// - gradient echo (GR, not EP): TE < 10 with TR < 50 (spoiled 3D GRE of dynamic studies), or with TR < 300 and a
    ///   flip angle ≥ 30° (2D in/opposed-phase) → T1W 0.7;
    /// - spin echo (SE, not EP): TR ≤ 800 and TE ≤ 30 → T1W 0.75; TR ≥ 1500 and TE ≥ 60 → T2W 0.75;
    ///   TR ≥ 1500 and TE ≤ 30 → PDW 0.6;
    /// - inversion recovery (IR) with TI 100–250 ms and TE ≥ 30 → T2W (STIR) 0.6; TI ≥ 1500 and TE ≥ 60 → T2W (FLAIR) 0.6.
    static func timing(_ c: MRSequenceClues) -> Finding? {
        let a = c.acquisition
        guard let tr = a.repetitionTime, let te = a.echoTime else { return nil }
        let s = Set(a.scanningSequence)
        let what = "RepetitionTime \(formatted(tr)) ms, EchoTime \(formatted(te)) ms"
        func found(_ t: MRSequenceType, _ conf: Double, _ family: String) -> Finding {
            Finding(value: t, confidence: conf, rule: .timing, evidence: "\(family): \(what) → \(t.rawValue)")
        }
        if s.contains("IR"), let ti = a.inversionTime {
            if (100...250).contains(ti) && te >= 30 { return found(.t2Weighted, 0.6, "inversion recovery, InversionTime \(formatted(ti)) ms (STIR)") }
            if ti >= 1500 && te >= 60 { return found(.t2Weighted, 0.6, "inversion recovery, InversionTime \(formatted(ti)) ms (FLAIR)") }
        }
        if s.contains("EP") {
            return Finding(value: nil, confidence: 0, rule: .timing, evidence: "echo-planar (\(what)): weighting not read from timing")
        }
        if s.contains("GR") {
            if te < 10 && tr < 50 { return found(.t1Weighted, 0.7, "spoiled gradient echo") }
            if te < 10 && tr < 300, let flip = a.flipAngle, flip >= 30 {
                return found(.t1Weighted, 0.7, "gradient echo, FlipAngle \(formatted(flip))° (in/opposed phase)")
            }
        } else if s.contains("SE") {
            if tr <= 800 && te <= 30 { return found(.t1Weighted, 0.75, "spin echo") }
            if tr >= 1500 && te >= 60 { return found(.t2Weighted, 0.75, "spin echo") }
            if tr >= 1500 && te <= 30 { return found(.protonDensity, 0.6, "spin echo") }
        }
        return Finding(value: nil, confidence: 0, rule: .timing, evidence: "\(what): no classical weighting")
    }

    /// Siemens SequenceName (0018,0024) families: `*ep_b…` diffusion, `*fl…` spoiled gradient echo (T1 when TR is
    /// short), `*tse…`/`*h2d…` (HASTE) turbo spin echo (T2 when TE ≥ 60 ms). 0.5.
    static func sequenceName(_ c: MRSequenceClues) -> Finding? {
        guard let raw = c.acquisition.sequenceName?.lowercased(), !raw.isEmpty else { return nil }
        let name = raw.hasPrefix("*") ? String(raw.dropFirst()) : raw
        let te = c.acquisition.echoTime ?? 0, tr = c.acquisition.repetitionTime ?? .infinity
        let tag = "SequenceName (0018,0024)"
        if name.hasPrefix("ep_b") || name.hasPrefix("re_b") {
            return Finding(value: .diffusion, confidence: 0.5, rule: .sequenceName, evidence: "\(tag) is a diffusion EPI family → DWI")
        }
        if name.hasPrefix("fl"), tr < 50 {
            return Finding(value: .t1Weighted, confidence: 0.5, rule: .sequenceName, evidence: "\(tag) is a FLASH family with short TR → T1W")
        }
        if (name.hasPrefix("tse") || name.hasPrefix("h2d") || name.hasPrefix("blade")), te >= 60 {
            return Finding(value: .t2Weighted, confidence: 0.5, rule: .sequenceName, evidence: "\(tag) is a turbo spin echo family with long TE → T2W")
        }
        return nil
    }

    static func seriesKeywords(_ c: MRSequenceClues) -> Finding? {
        guard let d = c.timing.seriesDescription else { return nil }
        let found = MRKeywords.sequences(in: d)
        // ADC beside DWI words names the map ("DWI ADC").
        let types = found.contains(.adc) ? [MRSequenceType.adc] : Array(found)
        guard !types.isEmpty else { return nil }
        guard types.count == 1 else {
            return Finding(value: nil, confidence: 0, rule: .seriesKeywords,
                           evidence: "SeriesDescription (0008,103E) keywords name \(types.count) sequence types: ignored", heuristic: true)
        }
        return Finding(value: types[0], confidence: 0.4, rule: .seriesKeywords,
                       evidence: "SeriesDescription (0008,103E) keyword → \(types[0].rawValue)", heuristic: true)
    }

    static func formatted(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.3g", v) }
}
