import Foundation

/// The committed references of `testdata/reference/cohort/` (`tools/references/make_icc_references.py`: pingouin
/// 0.7.0, pandas, SciPy), and the comparator every test uses on them.
enum Reference {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/reference/cohort")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// `cohort-reference.json`, decoded once.
    static let cohort: CohortReference? = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("cohort-reference.json")) else { return nil }
        return try? JSONDecoder().decode(CohortReference.self, from: data)
    }()

    /// Whether `actual` equals `expected` within `tolerance` × max(1, |expected|); both absent also agree.
    static func agrees(_ actual: Double?, _ expected: Double?, tolerance: Double) -> Bool {
        switch (actual, expected) {
        case (nil, nil): return true
        case (let a?, let e?): return a.isFinite && abs(a - e) <= tolerance * max(1, abs(e))
        default: return false
        }
    }

    /// |actual − expected| / max(1, |expected|), or +∞ when only one is present.
    static func difference(_ actual: Double?, _ expected: Double?) -> Double {
        switch (actual, expected) {
        case (nil, nil): return 0
        case (let a?, let e?): return abs(a - e) / max(1, abs(e))
        default: return .infinity
        }
    }
}

/// The layout of `cohort-reference.json` (field names as the script writes them).
struct CohortReference: Decodable, Sendable {
    struct Generated: Decodable, Sendable {
        var cases: Int
        var features: Int
        var seed: UInt64
        var checksum_a: Double
        var checksum_b: Double
        var samples: [String: String]
    }
    struct Header: Decodable, Sendable {
        var tools: [String: String]
        var generated: Generated
    }
    struct ICC: Decodable, Sendable {
        var feature: String
        var n: Int
        var icc2_1: Double?
        var icc2_1_ci: [Double?]?
        var icc3_1: Double?
        var icc3_1_ci: [Double?]?
        var error: String?
    }
    struct Spearman: Decodable, Sendable {
        var table: String
        var features: [String]
        var rho: [[Double?]]
    }
    struct Dropped: Decodable, Sendable {
        var feature: String
        var reason: String
        var with: String?
        var rho: Double?
        var icc: Double?
    }
    struct Selection: Decodable, Sendable {
        var model: String
        var min_icc: Double
        var max_spearman: Double
        var kept: [String]
        var dropped: [Dropped]
    }
    struct ScoreRow: Decodable, Sendable {
        var ID: String
        var radscore: Double?
        var risk: String
    }
    struct Scores: Decodable, Sendable {
        var cutoff: Double
        var rows: [ScoreRow]
        var risk_at_cutoff_0_434: [String]
    }

    var header: Header
    var special: [String: String]
    var matched_ids: [String]
    var icc: [ICC]
    var spearman: Spearman
    var selections: [Selection]
    var scores: Scores
    var f_quantiles: [[Double]]
    var beta_inverse: [[Double]]
}
