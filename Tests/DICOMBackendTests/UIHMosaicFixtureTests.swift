import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// United Imaging VFRAME mosaics built by `tools/fixtures/make_uih_mosaic_fixtures.py` (`testdata/dicom/uih_mosaic`):
/// the Siemens fixture's tiles (3 of 40 × 32 on a 2 × 2 grid; pixel (i, j) of tile k in file t = 1000 t + 100 k +
/// 3 j + i + 1), tile k at z = 22.5 + 5 k from item k of (0065,1051), b-values in (0065,1009); hostile headers.
@Suite struct UIHMosaicFixtureTests {
    static func assembly(_ case: String) throws -> (SeriesAssembly, [DICOMError]) {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/uih_mosaic/\(`case`)"))
        return (SeriesAssembly(scan.instances), scan.failures)
    }

    @Test func tilesBecomeSlicesAtTheirOwnPositionsWithTheirBValues() throws {
        let (assembly, failures) = try Self.assembly("dwi")
        #expect(failures.isEmpty)
        try #require(assembly.plans.count == 3)
        #expect(assembly.plans.map { $0.diffusion?.bValue } == [0, 1000, 1000])
        #expect(assembly.plans.map { $0.diffusion?.direction } == [nil, Vector3(1, 0, 0), Vector3(0, 1, 0)])
        for t in 0..<3 { try MosaicFixtureTests.expectAscendingVolume(assembly, t) }
    }

    @Test func hostileMosaicsAreRefusedOneByOneWithTheReason() throws {
        let (assembly, failures) = try Self.assembly("hostile")
        #expect(assembly.plans.isEmpty)
        let byFile = Dictionary(failures.map { (URL(fileURLWithPath: $0.file ?? "").lastPathComponent, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["count_mismatch.dcm"]?.contains("has 2 item(s) for 3 slices") == true)
        #expect(byFile["count_absurd.dcm"]?.contains("slice count (0065,1050) is not one integer") == true)
        #expect(byFile["no_matrix.dcm"]?.contains("AcquisitionMatrix (0018,1310)") == true)
        #expect(byFile["no_position.dcm"]?.contains("item 2 of (0065,1051) has no ImagePositionPatient") == true)
        #expect(byFile["tiles_do_not_fit.dcm"]?.contains("into 5 tiles") == true)
        #expect(byFile.count == 5)
    }

    @Test func layoutWithExplicitTilesChecksTheImage() {
        guard case .success(let l) = MosaicLayout.make(slices: 20, tileRows: 64, tileColumns: 64, rows: 256, columns: 320) else {
            Issue.record("a 5 × 4 grid of 64² tiles holds 20 slices"); return
        }
        #expect(l.tilesAcross == 5 && l.tileRows == 64 && l.tileColumns == 64)
        for (slices, rows, columns) in [(21, 256, 320), (20, 250, 320), (0, 256, 320)] {
            if case .success = MosaicLayout.make(slices: slices, tileRows: 64, tileColumns: 64, rows: rows, columns: columns) {
                Issue.record("\(slices) slices in \(columns)×\(rows) should be refused")
            }
        }
    }
}
