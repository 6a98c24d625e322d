/// An ordered list of named results, as PyRadiomics' `OrderedDict`: `diagnostics_*` entries (text or numbers)
/// followed by features keyed `<imageType>_<class>_<Feature>`.
public struct FeatureVector: Sendable, Equatable, Sequence {
    /// One entry's value.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case text(String)

        /// The value as PyRadiomics' CSV writer prints it (Python `repr` of a float: shortest round-trip).
        public var description: String {
            switch self {
            case .number(let x): Self.format(x)
            case .text(let s): s
            }
        }

        /// The number, if this is one.
        public var number: Double? { if case .number(let x) = self { x } else { nil } }

        static func format(_ x: Double) -> String {
            if x.isNaN { return "nan" }
            if x.isInfinite { return x > 0 ? "inf" : "-inf" }
            return "\(x)"
        }
    }

    /// The entries in insertion order.
    public private(set) var entries: [(key: String, value: Value)] = []

    /// What was skipped with a warning (PyRadiomics logs these and goes on), in order. Not part of equality.
    public private(set) var warnings: [ExtractionWarning] = []

    /// An empty vector.
    public init() {}

    /// Records a warning.
    public mutating func warn(_ warning: ExtractionWarning) { warnings.append(warning) }

    /// Appends an entry (keys are unique in practice; a repeated key is appended again, as a dict update would
    /// not do — callers never repeat keys).
    public mutating func append(_ key: String, _ value: Value) { entries.append((key, value)) }

    /// Appends a number.
    public mutating func append(_ key: String, _ value: Double) { entries.append((key, .number(value))) }

    /// The value for a key.
    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }

    /// Feature entries only (no `diagnostics_*`).
    public var features: [(key: String, value: Double)] {
        entries.compactMap { entry in
            guard !entry.key.hasPrefix("diagnostics_"), let x = entry.value.number else { return nil }
            return (entry.key, x)
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> { entries.makeIterator() }

    public static func == (a: FeatureVector, b: FeatureVector) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
