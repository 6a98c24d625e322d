/// Spearman's rank correlation coefficient ρ: Pearson's correlation of the ranks, tied values sharing the average of
/// their ranks (`scipy.stats.spearmanr`, pandas `DataFrame.corr(method="spearman")`).
///
///     ρ = Σ (R_i − R̄)(S_i − S̄) / √(Σ (R_i − R̄)² · Σ (S_i − S̄)²)
///
/// With missing values, only the pairs where both are present are ranked and correlated (pandas' pairwise-complete
/// rule). ρ is undefined (`nil`; pandas NaN) with fewer than 2 such pairs or when either side is constant on them.
///
/// Reference: C. Spearman, "The proof and measurement of association between two things", American Journal of
/// Psychology 15 (1904) 72–101; D. Zwillinger, S. Kokoska, *CRC Standard Probability and Statistics Tables and
/// Formulae* (2000), §14.7 (average ranks for ties).
public enum SpearmanCorrelation {
    /// Ranks 1…n in ascending order, ties given the mean of the ranks they span ("average" method).
    ///
    /// - Precondition: no NaN.
    public static func ranks(_ values: [Double]) -> [Double] {
        precondition(!values.contains(where: \.isNaN), "NaN has no rank")
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end + 2) / 2                // ranks start+1 … end+1
            for i in start...end { ranks[order[i]] = average }
            start = end + 1
        }
        return ranks
    }

    /// ρ of two equally long series; `nil` entries (missing values) drop their pair.
    ///
    /// - Returns: ρ in [−1, 1], or `nil` when undefined (fewer than 2 complete pairs, or a constant side).
    /// - Precondition: equal lengths; present values are finite.
    public static func coefficient(_ x: [Double?], _ y: [Double?]) -> Double? {
        precondition(x.count == y.count, "series of different lengths")
        var a: [Double] = [], b: [Double] = []
        a.reserveCapacity(x.count)
        b.reserveCapacity(x.count)
        for (u, v) in zip(x, y) {
            if let u, let v {
                a.append(u)
                b.append(v)
            }
        }
        guard a.count >= 2 else { return nil }
        return pearson(ranks(a), ranks(b))
    }

    /// ρ of two complete series whose ranks are already known (``ranks(_:)``).
    public static func coefficient(ranks r: [Double], ranks s: [Double]) -> Double? {
        precondition(r.count == s.count, "series of different lengths")
        guard r.count >= 2 else { return nil }
        return pearson(r, s)
    }

    /// Pearson's correlation from centred sums; `nil` when a side has no variance.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }
}
