/// Keeps features that are reproducible between readers and not redundant with each other.
///
/// 1. A feature is a **candidate** when its ICC is at least ``minimumICC`` and it is a feature column of the table;
///    the others are dropped as ``Decision/noICC`` (ICC undefined, e.g. constant), ``Decision/lowICC(_:)`` or
///    ``Decision/notInTable``.
/// 2. Candidates are visited by **descending ICC, ties by feature name** (Unicode code-point order, as Python
///    compares strings): among correlated features the most reproducible one is kept.
/// 3. A candidate is **dropped** when |ρ| > ``maximumSpearman`` for some feature already kept, where ρ is Spearman's
///    rank correlation on the table's rows (``SpearmanCorrelation``: pairwise-complete, average ranks); the reason
///    names the kept feature with the largest |ρ| (the earliest kept on ties) and the signed ρ. An undefined ρ (a
///    constant side, fewer than 2 complete pairs) does not count as correlated. Otherwise it is **kept**.
///
/// The result does not depend on the order features come in. `tools/references/make_icc_references.py` implements
/// the same rule with pandas for the reference the tests compare with.
public struct RedundancyFilter: Sendable, Equatable {
    /// Features with an ICC below this are dropped (the ICC must be ≥ it).
    public var minimumICC: Double
    /// Features whose |ρ| with a kept feature exceeds this (strictly) are dropped.
    public var maximumSpearman: Double

    /// A feature with the ICC the filter should use (e.g. ICC(2,1)); `nil` when it is undefined.
    public struct Candidate: Sendable, Equatable {
        public var feature: String
        public var icc: Double?

        public init(feature: String, icc: Double?) {
            self.feature = feature
            self.icc = icc
        }
    }

    /// What happened to a feature.
    public enum Decision: Sendable, Equatable {
        /// Kept.
        case kept
        /// The ICC is undefined (no value in the ICC table).
        case noICC
        /// The ICC is below the minimum.
        case lowICC(Double)
        /// Reproducible, but not a feature column of the table the correlations are computed on.
        case notInTable
        /// |ρ| with the kept feature `with` exceeds the maximum; `rho` is signed.
        case correlated(with: String, rho: Double)
    }

    /// The outcome: kept features in visit order, then every dropped one with its reason.
    public struct Result: Sendable, Equatable {
        /// Kept features, by descending ICC (then name).
        public var kept: [String]
        /// Dropped features: first those that were never candidates (input order), then the correlated ones (visit
        /// order).
        public var dropped: [(feature: String, decision: Decision)]
        /// The ICC each feature came with (features without one are absent).
        public var icc: [String: Double]

        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.kept == rhs.kept && lhs.icc == rhs.icc
                && lhs.dropped.elementsEqual(rhs.dropped) { $0.feature == $1.feature && $0.decision == $1.decision }
        }

        /// Every feature as CSV: `feature, decision, icc, correlated_with, spearman_rho`, kept ones first (in
        /// ``kept`` order), then ``dropped``; `decision` is `kept`, `low_icc`, `no_icc`, `not_in_table` or
        /// `correlated`.
        public var csv: String {
            var out = CSV.line(["feature", "decision", "icc", "correlated_with", "spearman_rho"])
            func cell(_ feature: String) -> String { icc[feature].map { "\($0)" } ?? "" }
            for feature in kept { out += CSV.line([feature, "kept", cell(feature), "", ""]) }
            for (feature, decision) in dropped {
                switch decision {
                case .kept: out += CSV.line([feature, "kept", cell(feature), "", ""])
                case .noICC: out += CSV.line([feature, "no_icc", "", "", ""])
                case .lowICC: out += CSV.line([feature, "low_icc", cell(feature), "", ""])
                case .notInTable: out += CSV.line([feature, "not_in_table", cell(feature), "", ""])
                case .correlated(let with, let rho): out += CSV.line([feature, "correlated", cell(feature), with, "\(rho)"])
                }
            }
            return out
        }
    }

    /// - Parameters:
    ///   - minimumICC: lowest ICC kept (inclusive), e.g. 0.75.
    ///   - maximumSpearman: highest |ρ| tolerated with a kept feature, e.g. 0.9.
    public init(minimumICC: Double = 0.75, maximumSpearman: Double = 0.9) {
        self.minimumICC = minimumICC
        self.maximumSpearman = maximumSpearman
    }

    /// Applies the filter.
    ///
    /// - Parameters:
    ///   - candidates: features with their ICC (one entry per feature).
    ///   - table: the cohort table whose rows give the Spearman correlations.
    /// - Throws: ``CohortStatisticsError/notANumber(table:column:line:)`` for an unreadable cell of a candidate.
    public func select(_ candidates: [Candidate], table: CohortTable) throws -> Result {
        var dropped: [(feature: String, decision: Decision)] = []
        var visit: [(feature: String, icc: Double)] = []
        let features = Set(table.featureNames)
        for candidate in candidates {
            guard let icc = candidate.icc else { dropped.append((candidate.feature, .noICC)); continue }
            if !(icc >= minimumICC) { dropped.append((candidate.feature, .lowICC(icc))); continue }
            if !features.contains(candidate.feature) { dropped.append((candidate.feature, .notInTable)); continue }
            visit.append((candidate.feature, icc))
        }
        visit.sort { l, r in
            l.icc != r.icc ? l.icc > r.icc : l.feature.unicodeScalars.lexicographicallyPrecedes(r.feature.unicodeScalars)
        }
        var kept: [(feature: String, series: Series)] = []
        for (feature, _) in visit {
            let series = Series(try table.values(of: feature))
            var best: (feature: String, rho: Double)?
            for other in kept {
                guard let rho = series.spearman(other.series) else { continue }
                if let current = best, abs(rho) <= abs(current.rho) { continue }
                best = (other.feature, rho)
            }
            if let best, abs(best.rho) > maximumSpearman {
                dropped.append((feature, .correlated(with: best.feature, rho: best.rho)))
            } else {
                kept.append((feature, series))
            }
        }
        var iccs: [String: Double] = [:]
        for candidate in candidates { if let icc = candidate.icc { iccs[candidate.feature] = icc } }
        return Result(kept: kept.map(\.feature), dropped: dropped, icc: iccs)
    }

    /// A feature's values with their ranks precomputed when none is missing.
    private struct Series {
        var values: [Double?]
        var ranks: [Double]?

        init(_ values: [Double?]) {
            self.values = values
            let complete = values.compactMap { $0 }
            ranks = complete.count == values.count ? SpearmanCorrelation.ranks(complete) : nil
        }

        func spearman(_ other: Series) -> Double? {
            if let ranks, let otherRanks = other.ranks { return SpearmanCorrelation.coefficient(ranks: ranks, ranks: otherRanks) }
            return SpearmanCorrelation.coefficient(values, other.values)
        }
    }
}
