import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Siemens mosaics built by `tools/fixtures/make_mosaic_fixtures.py` (`testdata/dicom/siemens_mosaic`):
/// 3 tiles of 40 × 32 on a 2 × 2 grid, pixel (i, j) of tile k in file t = 1000 t + 100 k + 3 j + i + 1;
/// slice normal along or against row × column; Siemens CSA diffusion; hostile CSA headers.
@Suite struct MosaicFixtureTests {
    static func assembly(_ case: String) throws -> (SeriesAssembly, [DICOMError]) {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/siemens_mosaic/\(`case`)"))
        return (SeriesAssembly(scan.instances), scan.failures)
    }

    /// Every voxel of volume `t` against the known tile values; `tileOfSlice` maps output slice → tile.
    static func mismatches(_ v: Volume<Float>, file t: Int, tileOfSlice: (Int) -> Int) -> Int {
        var wrong = 0
        for k in 0..<3 { for j in 0..<32 { for i in 0..<40 where v[i, j, k] != Float(1000 * t + 100 * tileOfSlice(k) + 3 * j + i + 1) { wrong += 1 } } }
        return wrong
    }

    @Test func ascendingTilesBecomeSlicesAlongTheNormal() throws {
        let (assembly, failures) = try Self.assembly("ascending")
        #expect(failures.isEmpty)
        try #require(assembly.plans.count == 2)
        for t in 0..<2 { try Self.expectAscendingVolume(assembly, t) }
    }

    /// Volume `t` of `assembly` is the fixture's 40 × 32 × 3 mosaic of file `t`, tiles ascending from z = 22.5 mm.
    static func expectAscendingVolume(_ assembly: SeriesAssembly, _ t: Int) throws {
        let loaded = try VolumeLoader.load(assembly.plans[t], instances: assembly.instances)
        let v = loaded.data.floatVolume
        #expect(v.size == Size3(40, 32, 3))
        #expect(!loaded.report.resampled)
        #expect(v.geometry.origin.maxAbsDifference(Vector3(-100, -80, 22.5)) < 1e-9)
        #expect(v.geometry.spacing.maxAbsDifference(Vector3(0.7, 0.8, 5)) < 1e-9)
        #expect(Self.mismatches(v, file: t, tileOfSlice: { $0 }) == 0)
    }

    /// SliceNormalVector against row × column: tile k lies 5 k mm *below* the first, so the volume (sorted
    /// along row × column, as every RadStation volume) starts with the last tile.
    @Test func descendingMosaicIsPlacedInReverse() throws {
        let (assembly, _) = try Self.assembly("descending")
        try #require(assembly.plans.count == 2)
        let v = try VolumeLoader.load(assembly.plans[1], instances: assembly.instances).data.floatVolume
        #expect(v.geometry.origin.maxAbsDifference(Vector3(-100, -80, 12.5)) < 1e-9)
        #expect(Self.mismatches(v, file: 1, tileOfSlice: { 2 - $0 }) == 0)
        #expect(Self.mismatches(v, file: 1, tileOfSlice: { $0 }) > 0)
    }

    @Test func siemensCSADiffusionSplitsByBValueAndDirection() throws {
        let (assembly, _) = try Self.assembly("dwi")
        #expect(assembly.plans.map { $0.diffusion?.bValue } == [0, 1000, 1000, 1000])
        #expect(assembly.plans.map { $0.diffusion?.direction } == [nil, Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)])
        #expect(assembly.plans.allSatisfy { $0.diffusion?.source == "Siemens CSA B_value (0029,1010)" })
        #expect(assembly.plans.allSatisfy { $0.planes.count == 3 })
    }

    @Test func hostileMosaicsAreRefusedOneByOneWithTheReason() throws {
        let (assembly, failures) = try Self.assembly("hostile")
        #expect(assembly.plans.isEmpty)
        let byFile = Dictionary(failures.map { (URL(fileURLWithPath: $0.file ?? "").lastPathComponent, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["count_lies.dcm"]?.contains("2147483647 elements declared") == true)
        #expect(byFile["item_too_long.dcm"]?.contains("longer than the bytes left") == true)
        #expect(byFile["tiles_do_not_fit.dcm"]?.contains("does not split into 3×3 whole tiles") == true)
        #expect(byFile["no_count.dcm"]?.contains("NumberOfImagesInMosaic is in neither") == true)
        #expect(byFile["normal_in_plane.dcm"]?.contains("SliceNormalVector") == true)
        #expect(byFile.count == 5)
    }

    static func csaBytes() throws -> [UInt8] {
        let file = try DICOMFile(path: TestPaths.testdata("dicom/siemens_mosaic/dwi/d02.dcm").path, headerOnly: true)
        return try #require(file.bytes(.siemensCSAImageHeader, maximumLength: 1 << 20))
    }

    @Test func csaHeaderReadsNamedValues() throws {
        let csa = try SiemensCSAHeader(bytes: Self.csaBytes())
        #expect(csa.numbers("NumberOfImagesInMosaic") == [3])
        #expect(csa.numbers("SliceNormalVector") == [0, 0, 1])
        #expect(csa.numbers("MosaicRefAcqTimes") == [0, 1000, 500])
        #expect(csa.numbers("DiffusionGradientDirection") == [1, 0, 0])
        #expect(csa.numbers("Absent") == nil)
    }

    /// Every prefix and 3,000 seeded corruptions of a real header: each one parses or throws, none traps or
    /// reads past the bytes (the parser checks every count and length first).
    @Test func truncatedAndCorruptedCSAHeadersNeverTrap() throws {
        let bytes = try Self.csaBytes()
        var parsed = 0, refused = 0
        for n in 0...bytes.count {
            do { _ = try SiemensCSAHeader(bytes: Array(bytes.prefix(n))); parsed += 1 } catch { refused += 1 }
        }
        #expect(refused > bytes.count / 2)
        var rng = SplitMix(state: 20261207)
        for _ in 0..<3000 {
            var b = bytes
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(b.count))
                b[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            do { _ = try SiemensCSAHeader(bytes: b); parsed += 1 } catch { refused += 1 }
        }
        #expect(parsed > 0)
    }

    @Test func impossibleLayoutsAreNamed() {
        func problem(_ n: Int, _ r: Int, _ c: Int) -> String? {
            if case .failure(let p) = MosaicLayout.make(slices: n, rows: r, columns: c) { return p.text }
            return nil
        }
        #expect(problem(0, 216, 216)?.contains("accepted: 1…") == true)
        #expect(problem(5000, 216, 216)?.contains("accepted: 1…") == true)
        #expect(problem(5, 215, 216)?.contains("whole tiles") == true)
        #expect(problem(5, 216, 216) == nil)
        #expect(try! MosaicLayout.make(slices: 5, rows: 216, columns: 216).get().tileRows == 72)
    }
}
