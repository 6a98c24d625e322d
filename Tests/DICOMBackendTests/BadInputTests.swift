import Foundation
import Testing
import TestSupport
@testable import DICOMBackend

/// Bad files are reported with a reason naming the problem; everything else still loads.
@Suite struct BadInputTests {
    @Test func badFilesAreReportedAndTheRestLoads() throws {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/bad_files"))
        let reasons = Dictionary(scan.failures.map { (URL(fileURLWithPath: $0.file ?? "").lastPathComponent, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["empty.dcm"]?.code == .notDICOM)
        #expect(reasons["empty.dcm"]?.message.contains("empty") == true)
        #expect(reasons["notes.txt"]?.code == .notDICOM)
        #expect(scan.skipped.contains { $0.path.hasSuffix("DICOMDIR") })
        let assembly = SeriesAssembly(scan.instances)
        var loaded = 0
        var failures: [DICOMError] = []
        for plan in assembly.plans {
            do {
                _ = try VolumeLoader.load(plan, instances: assembly.instances)
                loaded += 1
            } catch let error as DICOMError {
                failures.append(error)
            }
        }
        #expect(loaded == 1)
        // The truncated file fails either at the header or at the pixels, as corrupt, naming the file.
        let truncated = (scan.failures + failures).filter { $0.file?.hasSuffix("truncated.dcm") == true }
        #expect(truncated.count == 1)
        #expect(truncated.first?.code == .corrupt)
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: DICOMError.self) { try FolderScan.scan(URL(fileURLWithPath: "/nonexistent/radstation")) }
    }

    @Test func errorsNeverQuotePatientValues() throws {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/bad_files"))
        for e in scan.failures { #expect(!e.description.contains("FIXTURE^PATIENT")) }
    }
}
