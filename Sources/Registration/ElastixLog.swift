import Foundation

/// What RadStation reads from an elastix log: the final metric value of every parameter file (stage), and a
/// tail for error reports with the work folder's path replaced by `<work>`.
enum ElastixLog {
    /// The last `Final metric value  = x` line of each stage, split at `Running elastix with parameter file N: …` (not its `…, has finished.` line).
    static func finalMetrics(_ log: String) -> [Double?] {
        var stages: [Double?] = []
        for line in log.split(whereSeparator: \.isNewline) {
            if line.contains("Running elastix with parameter file") {
                if !line.contains("has finished") { stages.append(nil) }
                continue
            }
            guard line.contains("Final metric value"), let eq = line.lastIndex(of: "=") else { continue }
            let value = Double(line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces))
            if stages.isEmpty { stages.append(nil) }
            stages[stages.count - 1] = value
        }
        return stages
    }

    /// The last `count` non-empty lines, each at most 240 characters, with `workFolder` replaced by `<work>`.
    static func tail(_ log: String, count: Int = 12, workFolder: String) -> [String] {
        log.split(whereSeparator: \.isNewline)
            .map { $0.replacingOccurrences(of: workFolder, with: "<work>").trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .suffix(count)
            .map { String($0.prefix(240)) }
    }
}
