import DICOMBackend
import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import Pipeline

/// The image-based phase check: agreement on studies whose phases are right, contradictions when they
/// are wrong, and no verdict when the data cannot tell.
@Suite struct AlignmentImageCheckTests {
    @Test(arguments: ["demo-study", "multiphase/tagged"])
    func agreesWithCorrectPhases(_ folder: String) throws {
        let result = try Alignment.run(input: TestPaths.testdata(folder), output: try TestPaths.temporaryFolder())
        let check = try #require(result.report.imageCheck)
        #expect(check.conflicts.isEmpty, "\(check)")
        #expect(check.findings.filter { $0.hasSuffix("(agrees)") }.count == 3, "\(check.findings)")
        #expect(result.report.phases.allSatisfy { $0.phase.conflicts.isEmpty })
        #expect(check.tissueVoxels >= 100)
    }

    @Test func flagsSwappedPhases() throws {
        // First run to learn the series keys, then swap arterial and portal venous by override.
        let out = try TestPaths.temporaryFolder()
        let first = try Alignment.run(input: TestPaths.testdata("demo-study"), output: out)
        let art = try #require(first.report.phases.first { $0.phase.phase == .arterial }).seriesKey
        let pv = try #require(first.report.phases.first { $0.phase.phase == .portalVenous }).seriesKey
        let swapped = try Alignment.run(input: TestPaths.testdata("demo-study"), output: out,
                                        options: Alignment.Options(phaseOverrides: PhaseOverrides([art: .portalVenous, pv: .arterial])))
        let check = try #require(swapped.report.imageCheck)
        #expect(check.conflicts.count == 2)
        let flagged = swapped.report.phases.filter { !$0.phase.conflicts.isEmpty }.map(\.phase.phase)
        #expect(Set(flagged) == [.arterial, .portalVenous])
        // The override still decides the phase; the check only flags.
        #expect(swapped.report.phases.filter { $0.phase.rule == .override }.count == 2)
    }

    @Test func inconclusiveOrSkippedWhenTheDataCannotTell() {
        let flat = [Float](repeating: 60, count: 500)
        let valid = [UInt8](repeating: 1, count: 500)
        let (same, _) = PhaseImageCheck.evaluate(values: [flat, flat], valid: [valid, valid], phases: [.nonContrast, .arterial],
                                                 volumes: ["a", "b"])
        #expect(same.conflicts.isEmpty && same.findings.allSatisfy { $0.contains("inconclusive") } && same.findings.count == 2)
        let (one, _) = PhaseImageCheck.evaluate(values: [flat], valid: [valid], phases: [.arterial], volumes: ["a"])
        #expect(one.statistics.isEmpty)
        let (air, _) = PhaseImageCheck.evaluate(values: [[Float](repeating: -1000, count: 500), flat], valid: [valid, valid],
                                                phases: [.nonContrast, .arterial], volumes: ["a", "b"])
        #expect(air.tissueVoxels == 0 && air.statistics.isEmpty)
    }

    @Test func statisticsAreMeanAndNearestRankPercentile() {
        let base = (0..<200).map { Float($0 % 100) }  // 0…99 twice
        let enhanced = base.map { $0 + 30 }
        let valid = [UInt8](repeating: 1, count: 200)
        let (check, notes) = PhaseImageCheck.evaluate(values: [base, enhanced], valid: [valid, valid], phases: [.nonContrast, .arterial],
                                                      volumes: ["a", "b"])
        #expect(check.tissueVoxels == 200)
        #expect(check.statistics[0].meanHU == 49.5 && check.statistics[1].meanHU == 79.5)
        #expect(check.statistics[0].vesselPeakHU == 99)  // rank ⌈0.999·200⌉ = 200 of 0,0,1,1,…,99,99
        let ramp = (0..<2000).map { Float($0) / 20 }  // 0…99.95
        let (r, _) = PhaseImageCheck.evaluate(values: [ramp, ramp], valid: [[UInt8]](repeating: [UInt8](repeating: 1, count: 2000), count: 2),
                                              phases: [.nonContrast, .arterial], volumes: ["a", "b"])
        #expect(r.statistics[0].vesselPeakHU == Double(Float(1997) / 20))  // rank ⌈0.999·2000⌉ = 1998 → index 1997
        #expect(check.conflicts.isEmpty && notes[0].count == 1 && notes[1].count == 1)
        #expect(PhaseImageCheck.stride(for: VolumeGeometry(size: Size3(512, 512, 400), spacing: Vector3(1, 1, 1), origin: .zero)) == 5)
    }
}
