/// Intraclass correlation coefficients of n subjects each rated by the same k raters: ICC(2,1) and ICC(3,1) with
/// their confidence intervals, as pingouin 0.7's `intraclass_corr` computes them (its ICC(A,1) and ICC(C,1)).
///
/// Two-way ANOVA without replication on the n × k ratings x_ij (subject i, rater j), with subject means r_i, rater
/// means c_j and grand mean μ = mean of the c_j:
///
///     MSB = k Σ_i (r_i − μ)² / (n − 1)                    between subjects (rows)
///     MSJ = n Σ_j (c_j − μ)² / (k − 1)                    between raters (columns)
///     MSE = Σ_ij (x_ij − r_i − c_j + μ)² / ((n − 1)(k − 1))  residual
///
/// - ICC(2,1), two-way random effects, absolute agreement, single rater (Shrout & Fleiss "ICC(2,1)", McGraw & Wong
///   "ICC(A,1)"): (MSB − MSE) / (MSB + (k − 1) MSE + k (MSJ − MSE) / n).
/// - ICC(3,1), two-way mixed effects, consistency, single rater (Shrout & Fleiss "ICC(3,1)", McGraw & Wong
///   "ICC(C,1)"): (MSB − MSE) / (MSB + (k − 1) MSE).
///
/// Confidence intervals at level 1 − α, with F₀ = MSB/MSE, df₁ = n − 1, df₂ = (n − 1)(k − 1) and F(q; a, b) the
/// F quantile (``FDistribution``):
/// - ICC(3,1) (McGraw & Wong 1996, Table 7, case 3A): F_L = F₀ / F(1 − α/2; df₁, df₂), F_U = F₀ · F(1 − α/2; df₂, df₁);
///   bounds (F_L − 1)/(F_L + k − 1) and (F_U − 1)/(F_U + k − 1).
/// - ICC(2,1) (McGraw & Wong 1996, Table 7, case 2A; Satterthwaite's degrees of freedom): with F_J = MSJ/MSE,
///   c = n(1 + (k − 1)ICC) − k·ICC, v = df₂ (k·ICC·F_J + c)² / (df₁ k² ICC² F_J² + c²), F* = F(1 − α/2; df₁, v),
///   F** = F(1 − α/2; v, df₁): lower n(MSB − F*·MSE) / (F*(k·MSJ + (kn − k − n)MSE) + n·MSB), upper
///   n(F**·MSB − MSE) / (k·MSJ + (kn − k − n)MSE + n·F**·MSB).
///
/// Where pingouin divides zero by zero this type returns the limit or no value, never NaN:
/// - every subject rated identically by every rater (a constant feature, or constant per rater): MSB = MSE = 0, no
///   ICC (``Note/noVarianceBetweenSubjects``; pingouin gives NaN, and 0 for ICC(A,1) when only the raters differ);
/// - MSE = 0 with MSB > 0 (raters agree exactly, or differ by a constant): ICC(3,1) = 1 with interval [1, 1], and
///   v takes its limit df₂/df₁ for MSJ > 0 (ICC(2,1) = 1, interval [1, 1], for MSJ = 0);
///   pingouin gives NaN bounds when its MSE is exactly 0 and these limits up to rounding otherwise.
/// - fewer than 3 subjects (pingouin requires 5 values): no ICC (``Note/tooFewSubjects(_:)``).
///
/// References: P. E. Shrout, J. L. Fleiss, "Intraclass correlations: uses in assessing rater reliability",
/// Psychological Bulletin 86 (1979) 420–428; K. O. McGraw, S. P. Wong, "Forming inferences about some intraclass
/// correlation coefficients", Psychological Methods 1 (1996) 30–46; pingouin 0.7.0 `reliability.intraclass_corr`.
public struct IntraclassCorrelation: Sendable, Equatable {
    /// A coefficient with its confidence interval (`nil` bounds: the interval is undefined, see ``note``).
    public struct Estimate: Sendable, Equatable {
        /// The coefficient (≤ 1).
        public var value: Double
        /// Lower bound of the confidence interval.
        public var lower: Double?
        /// Upper bound of the confidence interval.
        public var upper: Double?

        public init(value: Double, lower: Double?, upper: Double?) {
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// Why a value is absent or a limit.
    public enum Note: Sendable, Equatable, CustomStringConvertible {
        /// Fewer than 3 subjects with a rating from every rater.
        case tooFewSubjects(Int)
        /// All subjects rated identically by every rater (MSB = MSE = 0): nothing to correlate.
        case noVarianceBetweenSubjects
        /// Raters agree exactly up to a per-rater constant (MSE = 0): ICC(3,1) = 1 and the intervals are limits.
        case noResidualVariance
        /// The sums of squares overflowed (values beyond ~10¹⁵⁰).
        case notFinite
        /// A coefficient is defined but a bound of its interval is not (Satterthwaite's degrees of freedom vanish).
        case intervalUndefined

        public var description: String {
            switch self {
            case .tooFewSubjects(let n): "\(n) complete case(s); at least 3 are needed"
            case .noVarianceBetweenSubjects: "constant: no variance between cases"
            case .noResidualVariance: "no residual variance (readers agree up to a constant); intervals are limits"
            case .notFinite: "values too large for the sums of squares"
            case .intervalUndefined: "confidence interval undefined"
            }
        }
    }

    /// ICC(2,1): absolute agreement (pingouin "ICC(A,1)"); `nil` when undefined (see ``note``).
    public var agreement: Estimate?
    /// ICC(3,1): consistency (pingouin "ICC(C,1)"); `nil` when undefined (see ``note``).
    public var consistency: Estimate?
    /// Subjects (rows) used: those rated by every rater.
    public var subjects: Int
    /// Why a value is absent or a limit; `nil` for the ordinary case.
    public var note: Note?

    public init(agreement: Estimate?, consistency: Estimate?, subjects: Int, note: Note?) {
        self.agreement = agreement
        self.consistency = consistency
        self.subjects = subjects
        self.note = note
    }

    /// The ICCs of complete ratings.
    ///
    /// - Parameters:
    ///   - ratings: one row per subject, one column per rater (k ≥ 2 columns in every row).
    ///   - confidence: the interval's level, 0 < confidence < 1 (0.95: 95 %).
    /// - Returns: the coefficients and intervals, or no values with a ``Note``.
    /// - Precondition: every row has the same number k ≥ 2 of finite ratings.
    public init(ratings: [[Double]], confidence: Double = 0.95) {
        precondition(confidence > 0 && confidence < 1, "confidence must lie in (0, 1)")
        let n = ratings.count
        guard n >= 3 else {
            self.init(agreement: nil, consistency: nil, subjects: n, note: .tooFewSubjects(n))
            return
        }
        let k = ratings[0].count
        precondition(k >= 2 && ratings.allSatisfy { $0.count == k }, "every subject needs the same k >= 2 ratings")
        precondition(ratings.allSatisfy { $0.allSatisfy(\.isFinite) }, "ratings must be finite")
        guard ratings.contains(where: { $0 != ratings[0] }) else {
            self.init(agreement: nil, consistency: nil, subjects: n, note: .noVarianceBetweenSubjects)
            return
        }
        let squares = MeanSquares(ratings)
        let (msb, msj, mse) = (squares.subjects, squares.raters, squares.residual)
        guard msb.isFinite, msj.isFinite, mse.isFinite else {
            self.init(agreement: nil, consistency: nil, subjects: n, note: .notFinite)
            return
        }
        if msb == 0 && mse == 0 {
            self.init(agreement: nil, consistency: nil, subjects: n, note: .noVarianceBetweenSubjects)
            return
        }
        let nk = Double(n), kk = Double(k)
        let df1 = nk - 1, df2 = (nk - 1) * (kk - 1)
        let q = 1 - (1 - confidence) / 2
        var note: Note? = mse == 0 ? .noResidualVariance : nil

        // ICC(3,1).
        let icc3 = (msb - mse) / (msb + (kk - 1) * mse)
        var consistency = Estimate(value: mse == 0 ? 1 : icc3, lower: 1, upper: 1)
        if mse > 0 {
            let f0 = msb / mse
            let fl = f0 / FDistribution(numeratorDegreesOfFreedom: df1, denominatorDegreesOfFreedom: df2).quantile(q)
            let fu = f0 * FDistribution(numeratorDegreesOfFreedom: df2, denominatorDegreesOfFreedom: df1).quantile(q)
            consistency.lower = Self.finite((fl - 1) / (fl + kk - 1))
            consistency.upper = Self.finite((fu - 1) / (fu + kk - 1))
        }

        // ICC(2,1).
        let icc2 = (msb - mse) / (msb + (kk - 1) * mse + kk * (msj - mse) / nk)
        var agreement = Estimate(value: icc2, lower: nil, upper: nil)
        if mse == 0 && msj == 0 {
            agreement = Estimate(value: 1, lower: 1, upper: 1)
        } else {
            let c = nk * (1 + (kk - 1) * icc2) - kk * icc2
            let v: Double
            if mse == 0 {
                v = df2 / df1                                   // the limit F_J → ∞
            } else if msj <= mse {
                let fj = msj / mse
                v = df2 * Self.square(kk * icc2 * fj + c) / (df1 * kk * kk * icc2 * icc2 * fj * fj + c * c)
            } else {
                let g = mse / msj                               // the same expression divided by F_J²
                v = df2 * Self.square(kk * icc2 + c * g) / (df1 * kk * kk * icc2 * icc2 + Self.square(c * g))
            }
            if v > 0 && v.isFinite {
                let fStar = FDistribution(numeratorDegreesOfFreedom: df1, denominatorDegreesOfFreedom: v).quantile(q)
                let fStarStar = FDistribution(numeratorDegreesOfFreedom: v, denominatorDegreesOfFreedom: df1).quantile(q)
                let spread = kk * msj + (kk * nk - kk - nk) * mse
                agreement.lower = Self.finite(nk * (msb - fStar * mse) / (fStar * spread + nk * msb))
                agreement.upper = Self.finite(nk * (fStarStar * msb - mse) / (spread + nk * fStarStar * msb))
            }
        }
        if !icc2.isFinite || !icc3.isFinite {
            note = .notFinite
        } else if note == nil && [agreement.lower, agreement.upper, consistency.lower, consistency.upper].contains(nil) {
            note = .intervalUndefined
        }
        self.init(agreement: icc2.isFinite ? agreement : nil, consistency: icc3.isFinite ? consistency : nil,
                  subjects: n, note: note)
    }

    /// The ICCs of two raters' values with missing ones: subjects missing either value are left out (listwise
    /// deletion, pingouin's `nan_policy="omit"`).
    ///
    /// - Precondition: both arrays have the same length (one entry per subject).
    public init(_ first: [Double?], _ second: [Double?], confidence: Double = 0.95) {
        precondition(first.count == second.count, "one value per subject from each rater")
        let ratings = zip(first, second).compactMap { a, b -> [Double]? in
            guard let a, let b else { return nil }
            return [a, b]
        }
        self.init(ratings: ratings, confidence: confidence)
    }

    private static func square(_ x: Double) -> Double { x * x }
    private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}

/// Mean squares of a two-way ANOVA without replication (subjects × raters), from centred sums.
struct MeanSquares {
    var subjects: Double
    var raters: Double
    var residual: Double

    init(_ ratings: [[Double]]) {
        let n = ratings.count, k = ratings[0].count
        let nk = Double(n), kk = Double(k)
        let rowMeans = ratings.map { row in row.reduce(0, +) / kk }
        var columnMeans = [Double](repeating: 0, count: k)
        for row in ratings { for j in 0..<k { columnMeans[j] += row[j] } }
        for j in 0..<k { columnMeans[j] /= nk }
        let grand = columnMeans.reduce(0, +) / kk
        var ssb = 0.0, ssj = 0.0, sse = 0.0
        for r in rowMeans { ssb += (r - grand) * (r - grand) }
        for c in columnMeans { ssj += (c - grand) * (c - grand) }
        for (i, row) in ratings.enumerated() {
            for j in 0..<k {
                let e = row[j] - rowMeans[i] - columnMeans[j] + grand
                sse += e * e
            }
        }
        subjects = kk * ssb / (nk - 1)
        raters = nk * ssj / (kk - 1)
        residual = sse / ((nk - 1) * (kk - 1))
    }
}
