import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Synthetic diffusion series (`testdata/dicom/diffusion`, tools/fixtures/make_diffusion_fixtures.py):
/// splitting by b-value and direction, and hostile diffusion attributes reported without a trap.
@Suite struct DiffusionFixtureTests {
    static func assembly(_ name: String) throws -> SeriesAssembly {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/diffusion/\(name)"))
        #expect(scan.failures.isEmpty)
        return SeriesAssembly(scan.instances)
    }

    @Test func standardTagsGiveOneVolumePerBValueAndDirection() throws {
        let a = try Self.assembly("multib")
        #expect(a.plans.map { $0.diffusion?.bValue } == [0, 50, 800, 800])
        #expect(a.plans.map { $0.diffusion?.direction } == [nil, Vector3(0, 0, 1), Vector3(1, 0, 0), Vector3(0, 1, 0)])
        #expect(a.plans.allSatisfy { $0.planes.count == 3 })
        #expect(a.plans.allSatisfy { $0.splitReasons.contains { $0.contains("b-value and gradient direction") } })
        for plan in a.plans { _ = try VolumeLoader.load(plan, instances: a.instances) }
    }

    @Test func absurdAndNaNBValuesAreWarningsNotTraps() throws {
        let a = try Self.assembly("hostile_bvalue")
        #expect(a.plans.compactMap { $0.diffusion?.bValue }.sorted() == [0, 800])
        let warnings = try a.plans.flatMap { try VolumeLoader.load($0, instances: a.instances).report.warnings }
        #expect(warnings.contains { $0.contains("DiffusionBValue (0018,9087) is outside 0…100000") })
        #expect(warnings.contains { $0.contains("DiffusionBValue (0018,9087)") && $0.contains("not finite") })
        // The two planes without a usable b-value are kept apart, not mixed into b = 800.
        let b800 = try #require(a.plans.first { $0.diffusion?.bValue == 800 })
        #expect(b800.planes.count == 1)
    }

    @Test func gePrivateBValueLosesItsBiasAndBadValuesAreWarnings() throws {
        let a = try Self.assembly("ge_private")
        #expect(a.plans.compactMap { $0.diffusion?.bValue }.sorted() == [0, 800])
        #expect(a.plans.allSatisfy { $0.diffusion == nil || $0.diffusion?.source == "GE private b-value (0043,1039)" })
        let warnings = try a.plans.flatMap { try VolumeLoader.load($0, instances: a.instances).report.warnings }
        #expect(warnings.contains { $0.contains("GE private b-value (0043,1039) value 1 of 1 is not a number") })
        // The UN copy is not read as hex numbers (it would give b = 31): that plane has no b-value.
        #expect(!a.plans.contains { $0.diffusion?.bValue == 31 })
        let b800 = try #require(a.plans.first { $0.diffusion?.bValue == 800 })
        #expect(b800.planes.count == 1)
    }
}
