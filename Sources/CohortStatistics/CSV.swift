import Foundation

/// Comma-separated values as RFC 4180 defines them (and as PyRadiomics, pandas and RadStation write them).
///
/// Fields are separated by commas; a field that contains a comma, a double quote or a line break is enclosed in
/// double quotes, with inner quotes doubled. Lines end with LF or CRLF; a UTF-8 byte order mark at the start and
/// empty lines are ignored. Every line must have as many fields as the header.
///
/// Reference: RFC 4180, "Common Format and MIME Type for Comma-Separated Values (CSV) Files", §2.
public enum CSV {
    /// Splits CSV text into lines of fields, the header first.
    ///
    /// - Parameters:
    ///   - text: the whole file.
    ///   - table: the name errors give the table (usually its file name).
    /// - Returns: the header and data lines, each an array of fields (quotes removed); empty lines skipped.
    /// - Throws: ``CohortStatisticsError/malformedCSV(table:line:reason:)`` for an unterminated quote, a quote inside
    ///   an unquoted field, text after a closing quote, or a line whose field count differs from the header's;
    ///   ``CohortStatisticsError/emptyTable(table:)`` when there is no header.
    public static func parse(_ text: String, table: String) throws -> [[String]] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, fieldStartLine = 1
        var index = 0
        var quoted = false, afterQuote = false, lineHasContent = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
            afterQuote = false
        }
        func endLine() throws {
            endField()
            if lineHasContent || fields.count > 1 {
                if let header = lines.first, header.count != fields.count {
                    throw CohortStatisticsError.malformedCSV(
                        table: table, line: fieldStartLine,
                        reason: "\(fields.count) field(s), the header has \(header.count)")
                }
                lines.append(fields)
            }
            fields.removeAll(keepingCapacity: true)
            lineHasContent = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
                lineHasContent = true
            case UInt8(ascii: "\n"):
                try endLine()
                line += 1
                fieldStartLine = line
            case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\""):
                guard field.isEmpty, !afterQuote else {
                    throw CohortStatisticsError.malformedCSV(table: table, line: line, reason: "quote inside a field")
                }
                quoted = true
                lineHasContent = true
            default:
                if afterQuote {
                    throw CohortStatisticsError.malformedCSV(table: table, line: line, reason: "text after a closing quote")
                }
                field.append(byte)
                lineHasContent = true
            }
            index += 1
        }
        if quoted { throw CohortStatisticsError.malformedCSV(table: table, line: fieldStartLine, reason: "unterminated quote") }
        try endLine()
        guard !lines.isEmpty else { throw CohortStatisticsError.emptyTable(table: table) }
        return lines
    }

    /// One field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line: the fields joined by commas, LF-terminated.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}
