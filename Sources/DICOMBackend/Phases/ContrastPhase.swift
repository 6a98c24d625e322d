import Foundation

/// The contrast phase of a CT acquisition of the liver (LI-RADS CT/MRI v2018 "Technique": unenhanced,
/// arterial, portal venous, delayed), or ``unknown`` when nothing says which.
///
/// Raw values are the names used in sidecars, reports and the `--phase KEY=PHASE` option.
public enum ContrastPhase: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Acquired without (or before) intravenous contrast.
    case nonContrast = "NON_CONTRAST"
    /// Hepatic arterial phase (early or late arterial, typically 15–45 s after the bolus start).
    case arterial = "ARTERIAL"
    /// Portal venous phase (typically 55–100 s after the bolus start).
    case portalVenous = "PORTAL_VENOUS"
    /// Delayed / equilibrium / transitional phase (typically ≥ 2–3 min after the bolus start).
    case delayed = "DELAYED"
    /// Not identified.
    case unknown = "UNKNOWN"

    /// Order in a standard multiphase protocol (unknown last).
    public var protocolOrder: Int {
        switch self {
        case .nonContrast: return 0
        case .arterial: return 1
        case .portalVenous: return 2
        case .delayed: return 3
        case .unknown: return 4
        }
    }

    public static func < (a: ContrastPhase, b: ContrastPhase) -> Bool { a.protocolOrder < b.protocolOrder }

    /// File stem for outputs named after the phase: `non_contrast`, `arterial`, `portal_venous`,
    /// `delayed`, `unknown`.
    public var fileStem: String { rawValue.lowercased() }

    /// Parses a phase written by a user: a raw value in any case (`ARTERIAL`, `portal_venous`, `portal-venous`)
    /// or a common abbreviation (`nc`, `native`, `art`, `pv`, `pvp`, `venous`, `delay`, `equilibrium`).
    /// Returns `nil` for anything else.
    public init?(userText: String) {
        let t = userText.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        switch t {
        case "non_contrast", "noncontrast", "nc", "native", "unenhanced", "plain", "pre", "pre_contrast": self = .nonContrast
        case "arterial", "art", "a", "ap", "hap", "late_arterial", "early_arterial": self = .arterial
        case "portal_venous", "portalvenous", "pv", "pvp", "portal", "venous": self = .portalVenous
        case "delayed", "delay", "d", "equilibrium", "transitional", "late": self = .delayed
        case "unknown": self = .unknown
        default: return nil
        }
    }
}
