import DICOMBackend
import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// `--phase KEY=PHASE` arguments and phase-map files (JSON or flat YAML).
@Suite struct PhaseOverridesTests {
    @Test func arguments() throws {
        let o = try PhaseOverrides(arguments: ["se-abc=ARTERIAL", "se-def_2 = pv"])
        #expect(o.phases == ["se-abc": .arterial, "se-def_2": .portalVenous])
        #expect(throws: AlignmentError.self) { try PhaseOverrides(arguments: ["se-abc"]) }
        #expect(throws: AlignmentError.self) { try PhaseOverrides(arguments: ["se-abc=VENUS"]) }
        #expect(throws: AlignmentError.self) { try PhaseOverrides(arguments: ["=ARTERIAL"]) }
    }

    @Test func files() throws {
        let folder = try TestPaths.temporaryFolder()
        let json = folder.appendingPathComponent("map.json"), yaml = folder.appendingPathComponent("map.yaml")
        try #"{"se-a": "delayed", "se-b_1": "NON_CONTRAST"}"#.write(to: json, atomically: true, encoding: .utf8)
        try "---\n# phases\nse-a: delayed   # late\n'se-b_1': \"NON_CONTRAST\"\n\n".write(to: yaml, atomically: true, encoding: .utf8)
        let expected: [String: ContrastPhase] = ["se-a": .delayed, "se-b_1": .nonContrast]
        #expect(try PhaseOverrides(contentsOf: json).phases == expected)
        #expect(try PhaseOverrides(contentsOf: yaml).phases == expected)
        let bad = folder.appendingPathComponent("bad.yaml")
        try "se-a delayed\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: AlignmentError.badPhaseOverride("bad.yaml line 1: expected 'KEY: PHASE'")) { try PhaseOverrides(contentsOf: bad) }
        #expect(throws: AlignmentError.self) { try PhaseOverrides(contentsOf: folder.appendingPathComponent("missing.json")) }
        let merged = PhaseOverrides(["se-a": .arterial, "se-c": .delayed]).merging(try PhaseOverrides(contentsOf: json))
        #expect(merged.phases == ["se-a": .delayed, "se-b_1": .nonContrast, "se-c": .delayed])
    }
}
