import Foundation

/// Series description keywords per phase: the last-resort rule of ``PhaseIdentifier``. Matching is on
/// whole words of the upper-cased description (non-alphanumeric characters separate words, `/` is kept so
/// `W/O` stays one word). Phrases are matched before single words and removed, so `LATE ART` is arterial
/// and does not also count as `LATE` (delayed). The matched words are never written out.
enum PhaseKeywords {
    /// Multi-word phrases, tried first.
    static let phrases: [(String, ContrastPhase)] = [
        ("LATE ARTERIAL", .arterial), ("LATE ART", .arterial), ("EARLY ARTERIAL", .arterial), ("EARLY ART", .arterial),
        ("PORTAL VENOUS", .portalVenous), ("PORTO VENOUS", .portalVenous), ("NON CONTRAST", .nonContrast),
        ("PRE CONTRAST", .nonContrast), ("WITHOUT CONTRAST", .nonContrast), ("OHNE KM", .nonContrast),
    ]

    /// Single words.
    static let words: [String: ContrastPhase] = {
        var table: [String: ContrastPhase] = [:]
        for w in ["NC", "NECT", "NATIVE", "NATIV", "PLAIN", "UNENHANCED", "NONCONTRAST", "NONCON", "PRECONTRAST", "W/O", "WO", "SANS", "NATIVO"] {
            table[w] = .nonContrast
        }
        for w in ["ART", "ARTERIAL", "ARTERIELL", "ARTERIELLE", "ARTERIELLEPHASE", "AP", "HAP", "LAP", "EAP", "ARTERIALPHASE", "ARTERIOSA"] {
            table[w] = .arterial
        }
        for w in ["PV", "PVP", "PORTAL", "PORTALVENOUS", "PORTOVENOUS", "VENOUS", "PORTALVENOES", "VENOES", "VENOSA", "PORTALE"] {
            table[w] = .portalVenous
        }
        for w in ["DELAY", "DELAYED", "LATE", "EQUILIBRIUM", "EQ", "TRANSITIONAL", "SPAET", "SPAETPHASE", "SPAT", "TARDIVE", "TARDIA",
                  "3MIN", "5MIN", "10MIN"] {
            table[w] = .delayed
        }
        return table
    }()

    /// `description` upper-cased, umlauts folded (Ä → AE), every character but letters, digits and `/` made a
    /// space, single spaces, with a space at both ends (so ` WORD ` matches whole words).
    static func normalized(_ description: String) -> String {
        let folded = description.uppercased()
            .replacingOccurrences(of: "Ä", with: "AE").replacingOccurrences(of: "Ö", with: "OE").replacingOccurrences(of: "Ü", with: "UE")
        var text = " " + String(folded.map { $0.isLetter || $0.isNumber || $0 == "/" ? $0 : " " }) + " "
        while text.contains("  ") { text = text.replacingOccurrences(of: "  ", with: " ") }
        return text
    }

    /// The phases whose keywords occur in `description` (empty: none; more than one: ambiguous).
    static func phases(in description: String) -> Set<ContrastPhase> {
        var text = normalized(description)
        var found = Set<ContrastPhase>()
        for (phrase, phase) in phrases where text.contains(" \(phrase) ") {
            found.insert(phase)
            text = text.replacingOccurrences(of: " \(phrase) ", with: " ")
        }
        for word in text.split(separator: " ") {
            if let phase = words[String(word)] { found.insert(phase) }
        }
        // "3 MIN" written apart.
        if text.range(of: #" [0-9]+ ?MIN "#, options: .regularExpression) != nil { found.insert(.delayed) }
        return found
    }
}
