/// A Rad-score signature: an intercept and a coefficient per feature, optionally with the mean and standard
/// deviation that z-score the feature first, and optionally a fixed risk cutoff.
///
/// File form (YAML or JSON; decode it with any `Decoder`, e.g. Yams' `YAMLDecoder`):
///
///     intercept: -0.42                 # optional, default 0 (a Cox model has none)
///     features:
///       original_glcm_Idmn: {coefficient: 1.3, mean: 0.91, std: 0.021}
///       wavelet-LLH_firstorder_Median: {coefficient: -0.07}
///     cutoff: 0.434                    # optional; default: the median of the scored rows
///
/// Unknown keys are errors (a misspelt `coeficient` must not silently score 0). `mean` and `std` go together;
/// `std` must be positive. Terms keep the file's order (the decoder's key order).
public struct Signature: Sendable, Equatable, Decodable {
    /// One feature's contribution: coefficient × (x − mean)/std, or coefficient × x without mean and std.
    public struct Term: Sendable, Equatable {
        /// The feature column (PyRadiomics name).
        public var feature: String
        /// The model coefficient.
        public var coefficient: Double
        /// Mean and standard deviation for z-scoring (the training cohort's), or `nil` for the raw value.
        public var standardization: (mean: Double, std: Double)?

        public init(feature: String, coefficient: Double, standardization: (mean: Double, std: Double)? = nil) {
            self.feature = feature
            self.coefficient = coefficient
            self.standardization = standardization
        }

        /// The term's value for a feature value x.
        public func contribution(_ x: Double) -> Double {
            guard let (mean, std) = standardization else { return coefficient * x }
            return coefficient * ((x - mean) / std)
        }

        public static func == (lhs: Term, rhs: Term) -> Bool {
            lhs.feature == rhs.feature && lhs.coefficient == rhs.coefficient
                && lhs.standardization?.mean == rhs.standardization?.mean
                && lhs.standardization?.std == rhs.standardization?.std
        }
    }

    /// The constant term.
    public var intercept: Double
    /// The feature terms.
    public var terms: [Term]
    /// Scores at or above the cutoff are high risk; `nil`: the median of the scored rows.
    public var cutoff: Double?

    /// A checked signature.
    ///
    /// - Throws: ``CohortStatisticsError/invalidSignature(reason:)`` for no term, a repeated feature, a non-finite
    ///   number or a `std` that is not positive.
    public init(intercept: Double = 0, terms: [Term], cutoff: Double? = nil) throws {
        guard intercept.isFinite else { throw CohortStatisticsError.invalidSignature(reason: "intercept is not finite") }
        guard !terms.isEmpty else { throw CohortStatisticsError.invalidSignature(reason: "no feature") }
        if let cutoff, !cutoff.isFinite { throw CohortStatisticsError.invalidSignature(reason: "cutoff is not finite") }
        var seen = Set<String>()
        for term in terms {
            guard seen.insert(term.feature).inserted else {
                throw CohortStatisticsError.invalidSignature(reason: "feature '\(term.feature)' appears twice")
            }
            guard term.coefficient.isFinite else {
                throw CohortStatisticsError.invalidSignature(reason: "coefficient of '\(term.feature)' is not finite")
            }
            if let (mean, std) = term.standardization {
                guard mean.isFinite, std.isFinite, std > 0 else {
                    throw CohortStatisticsError.invalidSignature(
                        reason: "'\(term.feature)' needs a finite mean and a positive, finite std")
                }
            }
        }
        self.intercept = intercept
        self.terms = terms
        self.cutoff = cutoff
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the file form (see the type's discussion).
    ///
    /// - Throws: ``CohortStatisticsError/invalidSignature(reason:)`` for unknown keys or bad values, or the decoder's
    ///   own error for a wrong type.
    public init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: Key.self)
        try Self.rejectUnknown(root.allKeys, allowed: ["intercept", "features", "cutoff"], in: "the signature")
        guard root.contains(Key("features")) else { throw CohortStatisticsError.invalidSignature(reason: "no 'features'") }
        let features = try root.nestedContainer(keyedBy: Key.self, forKey: Key("features"))
        var terms: [Term] = []
        for key in features.allKeys {
            let term = try features.nestedContainer(keyedBy: Key.self, forKey: key)
            try Self.rejectUnknown(term.allKeys, allowed: ["coefficient", "mean", "std"], in: "'\(key.stringValue)'")
            guard let coefficient = try term.decodeIfPresent(Double.self, forKey: Key("coefficient")) else {
                throw CohortStatisticsError.invalidSignature(reason: "'\(key.stringValue)' has no coefficient")
            }
            let mean = try term.decodeIfPresent(Double.self, forKey: Key("mean"))
            let std = try term.decodeIfPresent(Double.self, forKey: Key("std"))
            guard (mean == nil) == (std == nil) else {
                throw CohortStatisticsError.invalidSignature(reason: "'\(key.stringValue)': mean and std go together")
            }
            let standardization = mean.flatMap { m in std.map { (mean: m, std: $0) } }
            terms.append(Term(feature: key.stringValue, coefficient: coefficient, standardization: standardization))
        }
        try self.init(intercept: try root.decodeIfPresent(Double.self, forKey: Key("intercept")) ?? 0, terms: terms,
                      cutoff: try root.decodeIfPresent(Double.self, forKey: Key("cutoff")))
    }

    private static func rejectUnknown(_ keys: [Key], allowed: Set<String>, in place: String) throws {
        if let unknown = keys.first(where: { !allowed.contains($0.stringValue) }) {
            throw CohortStatisticsError.invalidSignature(reason: "unknown key '\(unknown.stringValue)' in \(place)")
        }
    }
}
