import Foundation

/// Parsing of DICOM time values into seconds since midnight (DICOM PS3.5 §6.2, VR TM and DT).
enum DICOMTime {
    /// Seconds since midnight of a TM value `HH[MM[SS[.F…]]]` (also the retired `HH:MM:SS.frac`), or `nil`.
    static func seconds(tm text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
        let parts = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        guard !whole.isEmpty, whole.count <= 6, whole.count % 2 == 0, whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber) else {
            return nil
        }
        let digits = Array(whole)
        func field(_ n: Int) -> Double { digits.count >= 2 * n + 2 ? Double(String(digits[(2 * n)...(2 * n + 1)]))! : 0 }
        let h = field(0), m = field(1), s = field(2)
        guard h < 24, m < 60, s < 61 else { return nil }
        var fraction = 0.0
        if parts.count == 2, !parts[1].isEmpty {
            guard parts[1].allSatisfy(\.isNumber), let f = Double("0." + parts[1]) else { return nil }
            fraction = f
        }
        return h * 3600 + m * 60 + s + fraction
    }

    /// Seconds since midnight of the time part of a DT value `YYYYMMDDHHMMSS.F…&ZZXX` (the date is
    /// ignored; the offset suffix is dropped), or `nil` when it has no time part.
    static func seconds(dt text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if let sign = t.firstIndex(where: { $0 == "+" || $0 == "-" }) { t = String(t[..<sign]) }
        guard t.count > 8 else { return nil }
        return seconds(tm: String(t.dropFirst(8)))
    }

    /// `later − earlier` in seconds, folded into −12 h…+12 h (acquisitions that cross midnight).
    static func difference(_ later: Double, _ earlier: Double) -> Double {
        var d = later - earlier
        if d < -43_200 { d += 86_400 }
        if d > 43_200 { d -= 86_400 }
        return d
    }
}
