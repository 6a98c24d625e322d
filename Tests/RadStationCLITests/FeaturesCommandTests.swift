import ArgumentParser
import Foundation
import Testing
import TestSupport
@testable import RadStationCLI

@Suite struct FeaturesCommandTests {
    /// brain1 with PyRadiomics' defaults: a value from PyRadiomics 3.1.0's own regression baseline
    /// (`baseline_firstorder.csv` has voxelArrayShift 2000, so compare a shift-independent feature).
    @Test func singleCaseWritesLongCSV() throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let out = try TestPaths.temporaryFolder().appendingPathComponent("features.csv")
        var command = try RadStationCommand.parseAsRoot([
            "features", folder.appendingPathComponent("brain1_image.nrrd").path,
            folder.appendingPathComponent("brain1_label.nrrd").path, "--out", out.path])
        try command.run()
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "feature,value")
        let mean = lines.first { $0.hasPrefix("original_firstorder_Mean,") }.flatMap { Double($0.split(separator: ",")[1]) }
        #expect(mean.map { abs($0 - 825.2354363065023) < 1e-6 } == true, "\(String(describing: mean))")
        #expect(lines.filter { $0.hasPrefix("original_") }.count == 107)
    }

    @Test func batchWritesOneRowPerCaseAndSurvivesABadCase() throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let work = try TestPaths.temporaryFolder()
        let list = work.appendingPathComponent("cases.csv")
        try """
            Image,Mask
            \(folder.path)/breast1_image.nrrd,\(folder.path)/breast1_label.nrrd
            missing_image.nrrd,missing_label.nrrd
            \(folder.path)/brain2_image.nrrd,\(folder.path)/brain2_label.nrrd

            """.write(to: list, atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("table.csv")
        var command = try RadStationCommand.parseAsRoot(["features", "--batch", list.path, "--out", out.path])
        #expect(throws: RadStationCommand.partialSuccess) { try command.run() }
        let rows = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[0].hasPrefix("Image,Mask,Label,diagnostics_"))
    }

    /// PyRadiomics' batch mode writes every case-list column first; an ID column used to be dropped.
    @Test func batchKeepsEveryCaseListColumn() throws {
        guard let folder = TestPaths.shared("pyradiomics") else { return }
        let work = try TestPaths.temporaryFolder()
        let list = work.appendingPathComponent("cases.csv")
        try """
            ID,Image,Mask,Reader
            brain1,\(folder.path)/brain1_image.nrrd,\(folder.path)/brain1_label.nrrd,reader-1

            """.write(to: list, atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("table.csv")
        var command = try RadStationCommand.parseAsRoot(["features", "--batch", list.path, "--out", out.path])
        try command.run()
        let rows = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[0].hasPrefix("ID,Image,Mask,Reader,Label,diagnostics_"))
        #expect(rows[1].hasPrefix("brain1,\(folder.path)/brain1_image.nrrd,\(folder.path)/brain1_label.nrrd,reader-1,1,"))
    }

    @Test func usageErrorsAreCaughtBeforeWork() {
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["features", "image.nrrd"]) }
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["features", "a", "b", "--format", "xml"]) }
    }
}
