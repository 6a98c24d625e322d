import Foundation
import VolumeModule

/// Helpers to feed PyRadiomics test cases to the extractor.
enum PyRadiomicsCase {
    /// A label image read as Float → `Mask` (labels are small non-negative integers).
    static func labels(_ volume: Volume<Float>) -> Mask {
        var labels = [UInt8](repeating: 0, count: volume.voxels.count)
        volume.voxels.withUnsafeBufferPointer { source in
            labels.withUnsafeMutableBufferPointer { target in
                for n in 0..<source.count where source[n] >= 0.5 { target[n] = UInt8(min(255, source[n].rounded())) }
            }
        }
        return Mask(geometry: volume.geometry, voxels: labels)
    }

    /// Python dict literal (as printed in PyRadiomics diagnostics) → JSON.
    static func json(fromPythonDict text: String) -> String {
        text.replacingOccurrences(of: "'", with: "\"").replacingOccurrences(of: "None", with: "null")
            .replacingOccurrences(of: "True", with: "true").replacingOccurrences(of: "False", with: "false")
    }
}

/// A minimal CSV reader (RFC 4180 quoting), enough for PyRadiomics' CSV outputs.
enum CSVText {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { row.append(field); field = "" } else if c == "\n" || c == "\r\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
