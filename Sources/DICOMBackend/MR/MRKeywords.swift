/// Series description keywords of MR liver protocols: the last-resort rule of ``MRSequenceIdentifier`` (whole
/// words of ``PhaseKeywords/normalized(_:)``; phrases first). Matched words are never written out.
enum MRKeywords {
    static let sequencePhrases: [(String, MRSequenceType)] = [
        ("IN PHASE", .t1Weighted), ("OUT PHASE", .t1Weighted), ("OPPOSED PHASE", .t1Weighted), ("OUT OF PHASE", .t1Weighted),
        ("PROTON DENSITY", .protonDensity),
    ]
    static let sequenceWords: [String: MRSequenceType] = {
        var t: [String: MRSequenceType] = [:]
        for w in ["T1", "T1W", "T1WI", "VIBE", "LAVA", "THRIVE", "FLASH", "DIXON", "INPHASE", "OPPOSED", "OOP", "MPRAGE", "FL3D", "TWIST"] { t[w] = .t1Weighted }
        for w in ["T2", "T2W", "T2WI", "HASTE", "SSFSE", "SSTSE", "STIR", "SPAIR", "FLAIR", "MMP", "MRCP"] { t[w] = .t2Weighted }
        for w in ["PD", "PDW"] { t[w] = .protonDensity }
        for w in ["DWI", "DIFFUSION", "DIFF", "EPI_DWI", "TRACEW", "RESOLVE", "B800", "B1000", "B500"] { t[w] = .diffusion }
        for w in ["ADC"] { t[w] = .adc }
        return t
    }()

    static let phaseWords: [String: MRContrastPhase] = {
        var t: [String: MRContrastPhase] = [:]
        for w in ["PRE", "PRECONTRAST", "NATIVE", "NATIV", "UNENHANCED"] { t[w] = .preContrast }
        for w in ["ART", "ARTERIAL", "AP", "HAP", "LAP", "EAP"] { t[w] = .arterial }
        for w in ["PV", "PVP", "PORTAL", "VENOUS", "PORTALVENOUS"] { t[w] = .portalVenous }
        for w in ["TRANS", "TRANSITIONAL", "TP"] { t[w] = .transitional }
        for w in ["DELAY", "DELAYED", "EQUILIBRIUM"] { t[w] = .delayed }
        for w in ["HBP", "HEPATOBILIARY", "HB", "20MIN", "15MIN"] { t[w] = .hepatobiliary }
        return t
    }()

    /// Sequence types named in `description` (empty: none; more than one: ambiguous).
    static func sequences(in description: String) -> Set<MRSequenceType> {
        var text = PhaseKeywords.normalized(description)
        var found = Set<MRSequenceType>()
        for (phrase, type) in sequencePhrases where text.contains(" \(phrase) ") {
            found.insert(type)
            text = text.replacingOccurrences(of: " \(phrase) ", with: " ")
        }
        for word in text.split(separator: " ") { if let type = sequenceWords[String(word)] { found.insert(type) } }
        return found
    }

    /// Contrast phases named in `description`.
    static func phases(in description: String) -> Set<MRContrastPhase> {
        let text = PhaseKeywords.normalized(description)
        var found = Set<MRContrastPhase>()
        if text.contains(" PORTAL VENOUS ") { found.insert(.portalVenous) }
        for word in text.split(separator: " ") { if let phase = phaseWords[String(word)] { found.insert(phase) } }
        return found
    }
}
