import CohortStatistics
import Foundation
import Pipeline
import Testing
import TestSupport
@testable import Cohort

@Suite("Cohort readers")
struct CohortReadersTests {
    @Test("two readers' SEGs of one lesion: a tumour row per reader, numbered, never named; ICC pairs them by case")
    func twoReaders() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in"), out = root.appendingPathComponent("out")
        try FileManager.default.copyItem(at: TestPaths.testdata("demo-study"), to: input)
        // tools/fixtures/make_demo_seg.py: reader B (ContentCreatorName READER^BRAVO) outlines the tumour 15 % wider.
        try FileManager.default.copyItem(at: TestPaths.testdata("reader-b"), to: input.appendingPathComponent("reader-b"))
        let params = root.appendingPathComponent("params.yaml")
        try ProcessedDemo.parameters.write(to: params, atomically: true, encoding: .utf8)
        var configuration = ProcessConfiguration()
        configuration.qa = false
        configuration.featureParameters = params.path
        let report = try #require(try StudyProcessing.run(input: input, output: out, configuration: configuration).first)
        let index = try #require(FeatureExtractionIndex.read(report.folder.appendingPathComponent("features/extractions.json")))
        // Readers in name order: the demo SEG (SeriesDescription "Liver and tumour") before READER^BRAVO.
        #expect(index.extractions.map(\.reader) == ["reader-1", "reader-2"])
        #expect(index.extractions.map(\.file) == ["features/features.csv", "features/tumour-reader-2.csv"])
        try Cohort.rebuild(output: out)
        let text = try String(contentsOf: out.appendingPathComponent("cohort/features.csv"), encoding: .utf8)
        let table = try CohortTable(csv: text, name: "features.csv")
        #expect(table.cells(of: "reader") == ["reader-1", "reader-2"])
        let voxels = try #require(table.cells(of: "original_shape_VoxelVolume")).compactMap(Double.init)
        #expect(voxels.count == 2 && voxels[1] > voxels[0] * 1.3)
        let (first, second) = try table.readerTables("reader-1", "reader-2", roi: "tumour")
        #expect(try ReaderPairing(first, second).rows.count == 1)
        let page = try String(contentsOf: out.appendingPathComponent("cohort/index.html"), encoding: .utf8)
        #expect(page.contains("Inter-reader agreement: 1 lesion(s) with two readers: no ICC defined"))
        // The readers' names never reach an output.
        for file in try FileManager.default.subpathsOfDirectory(atPath: out.path) where !file.hasPrefix(".radstation") {
            guard let content = try? String(contentsOf: out.appendingPathComponent(file), encoding: .utf8) else { continue }
            #expect(!content.contains("BRAVO") && !content.contains("Liver and tumour") && !content.contains("reader B"), "\(file)")
        }
    }
}

@Suite("Cohort reader agreement")
struct CohortReaderAgreementTests {
    @Test("the dashboard's ICC summary counts the features of icc --cohort: reference readers as a cohort table")
    func summary() throws {
        let a = try CohortTable(csv: try String(contentsOf: TestPaths.testdata("reference/cohort/reader-a.csv"), encoding: .utf8), name: "a")
        let b = try CohortTable(csv: try String(contentsOf: TestPaths.testdata("reference/cohort/reader-b.csv"), encoding: .utf8), name: "b")
        let features = a.featureNames.filter { b.featureNames.contains($0) }
        var csv = "patient,study,timepoint,days_since_baseline,treatment,series,phase,roi,reader," + features.joined(separator: ",") + "\n"
        for (table, reader) in [(a, "reader-1"), (b, "reader-2")] {
            let ids = try #require(table.cells(of: "ID")), columns = try features.map { try #require(table.cells(of: $0)) }
            for n in ids.indices {
                csv += "pt-\(ids[n]),st-\(ids[n]),baseline,0,pre-treatment,se-1_1,ARTERIAL,tumour,\(reader),"
                    + columns.map { $0[n] }.joined(separator: ",") + "\n"
            }
        }
        let icc = try ICCTable(pairing: try ReaderPairing(a, b), a, b)
        let values = icc.entries.compactMap { $0.icc.agreement?.value }
        let passing = values.filter { $0 >= 0.75 }.count
        let text = CohortReaderAgreement.summary(csv: csv)
        #expect(text.hasPrefix("29 lesion(s) with two readers; ICC(2,1) ≥ 0.75 for \(passing) of \(values.count) feature(s)"), "\(text)")
        #expect(CohortReaderAgreement.summary(csv: "patient,roi\npt-1,tumour\n").hasPrefix("no second reader"))
    }
}
