import ArgumentParser
import CohortStatistics
import Foundation

/// File reading and writing shared by `icc`, `select` and `score`; tables are named by their file name in errors.
enum CohortFiles {
    static func text(_ path: String) throws -> String {
        do { return try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) } catch {
            throw ValidationError("cannot read \(path)")
        }
    }

    static func table(_ path: String) throws -> CohortTable {
        try CohortTable(csv: try text(path), name: URL(fileURLWithPath: path).lastPathComponent)
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
