import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Enhanced MR objects of `tools/fixtures/make_enhanced_mr_fixtures.py` (`testdata/dicom/enhanced_mr`): everything in
/// the functional groups. One volume per (b-value, direction), per echo and temporal position, per stack.
@Suite struct EnhancedMRTests {
    static func assembly() throws -> SeriesAssembly {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/enhanced_mr"))
        #expect(scan.failures.isEmpty)
        return SeriesAssembly(scan.instances)
    }

    static func plans(_ a: SeriesAssembly, file: String) -> [VolumePlan] {
        a.plans.filter { a.instances[$0.planes[0].instance].path.hasSuffix(file) }
    }

    @Test func multiBValueDWIGivesAVolumePerBValueAndDirection() throws {
        let a = try Self.assembly()
        let dwi = Self.plans(a, file: "multib.dcm")
        #expect(dwi.map { $0.diffusion?.bValue } == [0, 40, 273, 800, 800])
        #expect(dwi.map { $0.diffusion?.direction } == [nil, Vector3(1, 0, 0), Vector3(1, 0, 0), Vector3(1, 0, 0), Vector3(0, 1, 0)])
        #expect(dwi.allSatisfy { $0.planes.count == 3 })
        // Voxels of the b = 273 volume: round(S0 e^(-bD)).
        let v = try VolumeLoader.load(dwi[2], instances: a.instances).data.floatVolume
        var wrong = 0
        for k in 0..<3 { for j in 0..<20 { for i in 0..<24 {
            let truth = ((1200 + 10 * Double(i) + 40 * Double(k)) * exp(-273 * (0.7 + 0.05 * Double(j)) * 1e-3) + 0.5).rounded(.down)
            if Double(v[i, j, k]) != truth { wrong += 1 }
        } } }
        #expect(wrong == 0)
        #expect(v.geometry.origin.maxAbsDifference(Vector3(-20, -15, 30)) < 1e-9)
    }

    @Test func echoesAndTemporalPositionsAreSeparateVolumes() throws {
        let a = try Self.assembly()
        let volumes = Self.plans(a, file: "echoes_dynamic.dcm")
        try #require(volumes.count == 4)
        var seen: Set<[Int]> = []
        for plan in volumes {
            #expect(plan.splitReasons.contains("multi-echo series: split by echo time"))
            let v = try VolumeLoader.load(plan, instances: a.instances).data.floatVolume
            // Pixel = 1000 t + 100 e + 10 s + i + 1: read t and e back from voxel (0, 0, 0).
            let first = Int(v[0, 0, 0]) - 1
            let (t, e) = (first / 1000, (first % 1000) / 100)
            seen.insert([t, e])
            var wrong = 0
            for k in 0..<3 { for j in 0..<20 { for i in 0..<24 where Int(v[i, j, k]) != 1000 * t + 100 * e + 10 * k + i + 1 { wrong += 1 } } }
            #expect(wrong == 0)
            #expect(plan.planes[0].frame.echoTime == (e == 0 ? 2.3 : 4.6))
        }
        #expect(seen == [[0, 0], [0, 1], [1, 0], [1, 1]])
    }

    @Test func stacksOfOtherOrientationsAreSeparateVolumes() throws {
        let a = try Self.assembly()
        let stacks = Self.plans(a, file: "two_stacks.dcm")
        #expect(stacks.map(\.planes.count).sorted() == [2, 3])
        let coronal = try #require(stacks.first { $0.planes.count == 2 })
        #expect(coronal.columnDirection == Vector3(0, 0, -1))
    }
}
