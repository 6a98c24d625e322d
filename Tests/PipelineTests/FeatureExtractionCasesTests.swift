import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// `features --batch` keeps every case-list column, as PyRadiomics' batch mode does (an `ID` column used to be
/// dropped, so reader tables could not be matched by ID).
@Suite struct FeatureExtractionCasesTests {
    @Test func everyCaseListColumnLeadsTheOutputRow() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("cases.csv")
        try "ID,Image,Mask,Reader\np-01,img/a.nii.gz,/data/a-mask.nii.gz,reader-2\n"
            .write(to: list, atomically: true, encoding: .utf8)
        let cases = try FeatureExtraction.cases(fromCSV: list)
        #expect(cases.count == 1)
        let job = try #require(cases.first)
        #expect(job.columns.map(\.name) == ["ID", "Image", "Mask", "Reader"])
        let identity = job.identity(defaultLabel: 1)
        #expect(identity.map(\.0) == ["ID", "Image", "Mask", "Reader", "Label"])
        #expect(identity.map(\.1) == ["p-01", folder.appendingPathComponent("img/a.nii.gz").path, "/data/a-mask.nii.gz",
                                      "reader-2", "1"])
    }

    @Test func aLabelColumnKeepsItsPlaceAndValue() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("cases.csv")
        try "Label,Mask,Image,ID\n2,m.nrrd,i.nrrd,x\n".write(to: list, atomically: true, encoding: .utf8)
        let job = try #require(try FeatureExtraction.cases(fromCSV: list).first)
        #expect(job.label == 2)
        #expect(job.identity(defaultLabel: 1).map(\.0) == ["Label", "Mask", "Image", "ID"])
        #expect(job.identity(defaultLabel: 1).first?.1 == "2")
    }

    @Test func aCaseNotFromAListHasImageMaskLabel() {
        let job = FeatureExtraction.Case(image: URL(fileURLWithPath: "/i.nrrd"), mask: URL(fileURLWithPath: "/m.nrrd"))
        #expect(job.identity(defaultLabel: 3).map(\.1) == ["/i.nrrd", "/m.nrrd", "3"])
    }
}
