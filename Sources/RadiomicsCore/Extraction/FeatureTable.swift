import Foundation

/// Writers for PyRadiomics-style outputs: the long form (`feature,value` per line, as `pyradiomics … -o x.csv`
/// with one case) and the wide form (one row per case, columns = the union of keys in first-seen order, as
/// `pyradiomics --format csv` in batch mode).
public enum FeatureTable {
    /// Long CSV: a `feature,value` header then one line per entry.
    public static func longCSV(_ vector: FeatureVector) -> String {
        var out = "feature,value\n"
        for (key, value) in vector { out += csvField(key) + "," + csvField(value.description) + "\n" }
        return out
    }

    /// JSON object with the entries in order (numbers as JSON numbers; NaN/∞ as strings "nan"/"inf").
    public static func json(_ vector: FeatureVector) -> String {
        var parts: [String] = []
        for (key, value) in vector {
            let rendered: String
            switch value {
            case .number(let x) where x.isFinite: rendered = "\(x)"
            default: rendered = jsonString(value.description)
            }
            parts.append("  " + jsonString(key) + ": " + rendered)
        }
        return "{\n" + parts.joined(separator: ",\n") + "\n}\n"
    }

    /// Wide CSV: leading `identity` columns (e.g. Image, Mask, Label) then every entry key; a case without a key
    /// gets an empty cell.
    public static func wideCSV(rows: [(identity: [(String, String)], vector: FeatureVector)]) -> String {
        var identityColumns: [String] = [], keys: [String] = []
        var seenIdentity = Set<String>(), seenKeys = Set<String>()
        for row in rows {
            for (column, _) in row.identity where seenIdentity.insert(column).inserted { identityColumns.append(column) }
            for (key, _) in row.vector where seenKeys.insert(key).inserted { keys.append(key) }
        }
        var out = (identityColumns + keys).map(csvField).joined(separator: ",") + "\n"
        for row in rows {
            let identity = Dictionary(row.identity, uniquingKeysWith: { a, _ in a })
            var values: [String: String] = [:]
            for (key, value) in row.vector { values[key] = value.description }
            let cells = identityColumns.map { identity[$0] ?? "" } + keys.map { values[$0] ?? "" }
            out += cells.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
