/// What an MR volume shows, as liver protocols name it (LI-RADS CT/MRI v2018 "Technique"; the seed studies'
/// T2WI, DWI and dynamic T1 phases). Raw values appear in sidecars, reports and `mr_sequences` overrides.
public enum MRSequenceType: String, Sendable, Codable, CaseIterable, Hashable {
    /// T1-weighted (spin echo with short TR/TE, spoiled gradient echo, in/opposed phase, dynamic 3D GRE).
    case t1Weighted = "T1W"
    /// T2-weighted (long TR and TE; TSE/HASTE/SSFSE; STIR).
    case t2Weighted = "T2W"
    /// Proton-density weighted (long TR, short TE).
    case protonDensity = "PDW"
    /// Diffusion-weighted images (one volume per b-value and direction, or the trace).
    case diffusion = "DWI"
    /// Apparent diffusion coefficient map.
    case adc = "ADC"
    /// Not identified.
    case unknown = "UNKNOWN"

    /// Parses a user's text: a raw value in any case or a common name (`t1`, `t2`, `pd`, `dwi`, `adc`).
    public init?(userText: String) {
        switch userText.trimmingCharacters(in: .whitespaces).uppercased() {
        case "T1W", "T1", "T1WI": self = .t1Weighted
        case "T2W", "T2", "T2WI": self = .t2Weighted
        case "PDW", "PD", "PDWI": self = .protonDensity
        case "DWI", "DIFFUSION": self = .diffusion
        case "ADC": self = .adc
        case "UNKNOWN": self = .unknown
        default: return nil
        }
    }
}

/// The contrast phase of a T1-weighted MR acquisition of the liver (LI-RADS v2018: pre-contrast, arterial,
/// portal venous, and for hepatobiliary agents such as gadoxetate the transitional (2–5 min) and hepatobiliary
/// (≥ 10 min, typically 20 min) phases; for extracellular agents the delayed phase).
public enum MRContrastPhase: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case preContrast = "PRE_CONTRAST"
    case arterial = "ARTERIAL"
    case portalVenous = "PORTAL_VENOUS"
    /// 2–5 min after a hepatobiliary agent.
    case transitional = "TRANSITIONAL"
    /// 2–5 min (or later) after an extracellular agent.
    case delayed = "DELAYED"
    /// ≥ 10 min after a hepatobiliary agent (gadoxetate).
    case hepatobiliary = "HEPATOBILIARY"

    /// Order in a dynamic protocol.
    public var protocolOrder: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: MRContrastPhase, b: MRContrastPhase) -> Bool { a.protocolOrder < b.protocolOrder }

    /// The CT-style phase used to pair MR phases with the study's alignment (hepatobiliary and transitional
    /// count as delayed).
    public var contrastPhase: ContrastPhase {
        switch self {
        case .preContrast: return .nonContrast
        case .arterial: return .arterial
        case .portalVenous: return .portalVenous
        case .transitional, .delayed, .hepatobiliary: return .delayed
        }
    }
}
