import DICOMBackend
import Foundation

/// Phases chosen by the user, keyed by a series key (`se-…`, every volume of the series) or a volume name
/// (`se-…_2`, one volume), as printed by `radstation convert`/`align`. An override always wins over the
/// header rules (``PhaseIdentifier``).
public struct PhaseOverrides: Sendable, Equatable {
    /// Phase by key.
    public var phases: [String: ContrastPhase]

    /// Creates overrides from a dictionary.
    public init(_ phases: [String: ContrastPhase] = [:]) { self.phases = phases }

    /// Parses `KEY=PHASE` arguments (`--phase se-1a2b…=ARTERIAL`); phase names as ``ContrastPhase/init(userText:)``.
    /// - Throws: ``AlignmentError/badPhaseOverride(_:)``.
    public init(arguments: [String]) throws {
        var phases: [String: ContrastPhase] = [:]
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let phase = ContrastPhase(userText: parts[1]) else {
                throw AlignmentError.badPhaseOverride("expected KEY=PHASE with PHASE one of \(Self.phaseNames), got '\(argument)'")
            }
            phases[parts[0]] = phase
        }
        self.phases = phases
    }

    /// Reads a phase-map file: a JSON object `{"se-…": "ARTERIAL", …}` or flat YAML-style lines
    /// `se-…: ARTERIAL` (`#` starts a comment; quotes around keys and values are dropped).
    /// - Throws: ``AlignmentError/badPhaseOverride(_:)`` naming the file (by name only) and the line.
    public init(contentsOf url: URL) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw AlignmentError.badPhaseOverride("cannot read phase map \(url.lastPathComponent)")
        }
        var phases: [String: ContrastPhase] = [:]
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
            guard let object = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
                throw AlignmentError.badPhaseOverride("\(url.lastPathComponent): expected a JSON object of strings")
            }
            for (key, value) in object {
                guard let phase = ContrastPhase(userText: value) else {
                    throw AlignmentError.badPhaseOverride("\(url.lastPathComponent): unknown phase for \(key)")
                }
                phases[key] = phase
            }
        } else {
            for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("---") { continue }
                let parts = line.split(separator: ":", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                }
                guard parts.count == 2, !parts[0].isEmpty, let phase = ContrastPhase(userText: parts[1]) else {
                    throw AlignmentError.badPhaseOverride("\(url.lastPathComponent) line \(n + 1): expected 'KEY: PHASE'")
                }
                phases[parts[0]] = phase
            }
        }
        self.phases = phases
    }

    /// These overrides with `other`'s entries added (`other` wins on equal keys).
    public func merging(_ other: PhaseOverrides) -> PhaseOverrides {
        PhaseOverrides(phases.merging(other.phases) { _, b in b })
    }

    /// The overrides by plan index; a volume name beats its series key.
    /// - Throws: ``AlignmentError/unknownOverrideKey(_:)`` for a key that names no volume of the assembly.
    public func resolve(_ assembly: SeriesAssembly, names: Pseudonymizer) throws -> [Int: ContrastPhase] {
        try VolumeKeyOverrides.resolve(phases, assembly, names: names)
    }

    static let phaseNames = ContrastPhase.allCases.map(\.rawValue).joined(separator: ", ")
}
