import ArgumentParser
import CohortStatistics
import Foundation
import Testing
import TestSupport
@testable import RadStationCLI

/// `icc`, `select`, `score` on the committed reader tables of `testdata/reference/cohort` against the pingouin /
/// pandas references (`tools/references/make_icc_references.py`).
@Suite struct CohortCommandTests {
    static let folder = TestPaths.testdata("reference/cohort")

    struct Reference: Decodable {
        struct ICC: Decodable {
            var feature: String
            var n: Int
            var icc2_1: Double?
            var icc2_1_ci: [Double?]?
            var icc3_1: Double?
            var icc3_1_ci: [Double?]?
        }
        struct Selection: Decodable { var model: String; var min_icc: Double; var max_spearman: Double; var kept: [String] }
        struct ScoreRow: Decodable { var ID: String; var radscore: Double?; var risk: String }
        struct Scores: Decodable { var cutoff: Double; var rows: [ScoreRow] }
        var special: [String: String]
        var icc: [ICC]
        var selections: [Selection]
        var scores: Scores
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("cohort-reference.json")))
    }

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) <= tolerance * max(1, abs(b))
        default: false
        }
    }

    static func run(_ arguments: [String]) throws {
        var command = try RadStationCommand.parseAsRoot(arguments)
        try command.run()
    }

    @Test func iccWritesPingouinsValues() throws {
        let reference = try Self.reference()
        let out = try TestPaths.temporaryFolder().appendingPathComponent("icc.csv")
        try Self.run(["icc", Self.folder.appendingPathComponent("reader-a.csv").path,
                      Self.folder.appendingPathComponent("reader-b.csv").path, "--out", out.path, "--min-icc", "0.75"])
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix("feature,icc2_1,icc2_1_low,icc2_1_high,icc3_1,icc3_1_low,icc3_1_high,n,reproducible,note\n"))
        let table = try ICCTable(csv: text, name: "icc.csv")
        #expect(table.entries.map(\.feature) == reference.icc.map(\.feature))
        for (entry, want) in zip(table.entries, reference.icc) where entry.feature != reference.special["constant_both_different"] {
            let got = [entry.icc.agreement?.value, entry.icc.agreement?.lower, entry.icc.agreement?.upper,
                       entry.icc.consistency?.value, entry.icc.consistency?.lower, entry.icc.consistency?.upper]
            let wanted = [want.icc2_1, want.icc2_1_ci?[0], want.icc2_1_ci?[1], want.icc3_1, want.icc3_1_ci?[0], want.icc3_1_ci?[1]]
            #expect(zip(got, wanted).allSatisfy { Self.close($0, $1, 1e-9) }, "\(entry.feature)")
            #expect(entry.icc.subjects == want.n)
        }
        let constant = try #require(table.entries.first { $0.feature == reference.special["constant_both"] })
        #expect(constant.icc.agreement == nil && constant.noteText == "constant: no variance between cases")
        #expect(text.contains(",29,yes,") && text.contains(",29,no,"))
    }

    @Test func iccFromACohortTablesReaderRowsEqualsTheReadersOwnTables() throws {
        let work = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let a = try CohortTable(csv: try String(contentsOf: Self.folder.appendingPathComponent("reader-a.csv"), encoding: .utf8), name: "a")
        let b = try CohortTable(csv: try String(contentsOf: Self.folder.appendingPathComponent("reader-b.csv"), encoding: .utf8), name: "b")
        let features = a.featureNames.filter { b.featureNames.contains($0) }
        var csv = "patient,study,timepoint,days_since_baseline,treatment,series,phase,roi,reader," + features.joined(separator: ",") + "\n"
        for (table, reader) in [(a, "reader-1"), (b, "reader-2")] {
            let ids = try #require(table.cells(of: "ID")), columns = try features.map { try #require(table.cells(of: $0)) }
            for n in ids.indices {
                csv += "pt-\(ids[n]),st-\(ids[n]),baseline,0,pre-treatment,se-1_1,ARTERIAL,tumour,\(reader),"
                    + columns.map { $0[n] }.joined(separator: ",") + "\n"
            }
        }
        let cohort = work.appendingPathComponent("features.csv")
        try csv.write(to: cohort, atomically: true, encoding: .utf8)
        let fromCohort = work.appendingPathComponent("cohort-icc.csv"), direct = work.appendingPathComponent("icc.csv")
        try Self.run(["icc", "--cohort", cohort.path, "--out", fromCohort.path, "--min-icc", "0.75"])
        try Self.run(["icc", Self.folder.appendingPathComponent("reader-a.csv").path, Self.folder.appendingPathComponent("reader-b.csv").path,
                      "--out", direct.path, "--min-icc", "0.75"])
        #expect(try String(contentsOf: fromCohort, encoding: .utf8) == String(contentsOf: direct, encoding: .utf8))
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["icc", "--out", "x.csv"]) }
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["icc", "a.csv", "b.csv", "--cohort", "c.csv", "--out", "x.csv"]) }
    }

    @Test func iccRefusesTablesOfDifferentLengthsWithoutIDs() throws {
        let work = try TestPaths.temporaryFolder()
        let a = work.appendingPathComponent("a.csv"), b = work.appendingPathComponent("b.csv")
        try "Image,original_glcm_Idmn\nx,1\ny,2\nz,3\n".write(to: a, atomically: true, encoding: .utf8)
        try "Image,original_glcm_Idmn\nx,1\ny,2\n".write(to: b, atomically: true, encoding: .utf8)
        #expect(throws: CohortStatisticsError.rowCountMismatch(first: "a.csv", firstRows: 3, second: "b.csv", secondRows: 2)) {
            try Self.run(["icc", a.path, b.path, "--out", work.appendingPathComponent("icc.csv").path])
        }
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("icc.csv").path))
    }

    @Test func selectKeepsThePandasReferenceList() throws {
        let reference = try Self.reference()
        let work = try TestPaths.temporaryFolder()
        let icc = work.appendingPathComponent("icc.csv"), kept = work.appendingPathComponent("kept.csv")
        let readerA = Self.folder.appendingPathComponent("reader-a.csv").path
        try Self.run(["icc", readerA, Self.folder.appendingPathComponent("reader-b.csv").path, "--out", icc.path])
        for selection in reference.selections {
            try Self.run(["select", "--icc", icc.path, "--min-icc", "\(selection.min_icc)", "--max-spearman",
                          "\(selection.max_spearman)", "--model", selection.model == "icc3_1" ? "3,1" : "2,1",
                          readerA, "--out", kept.path])
            let rows = try CohortTable(csv: try String(contentsOf: kept, encoding: .utf8), name: "kept.csv")
            let decisions = try #require(rows.cells(of: "decision")), features = try #require(rows.cells(of: "feature"))
            #expect(zip(features, decisions).filter { $0.1 == "kept" }.map(\.0) == selection.kept)
            #expect(features.count == reference.icc.count)
        }
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["select", "--icc", "x", "t", "--model", "1,1"]) }
    }

    @Test func scoreEqualsThePandasReference() throws {
        let reference = try Self.reference()
        let out = try TestPaths.temporaryFolder().appendingPathComponent("scores.csv")
        try Self.run(["score", "--signature", Self.folder.appendingPathComponent("signature.yaml").path,
                      Self.folder.appendingPathComponent("reader-a.csv").path, "--out", out.path])
        let table = try CohortTable(csv: try String(contentsOf: out, encoding: .utf8), name: "scores.csv")
        #expect(table.columns == ["ID", "radscore", "risk"])
        #expect(table.cells(of: "ID") == reference.scores.rows.map(\.ID))
        #expect(table.cells(of: "risk") == reference.scores.rows.map(\.risk))
        let scores = try #require(table.cells(of: "radscore")).map { Double($0) }
        #expect(zip(scores, reference.scores.rows).allSatisfy { Self.close($0, $1.radscore, 1e-12) })
    }

    @Test func scoreNamesAMissingSignatureFeature() throws {
        let work = try TestPaths.temporaryFolder()
        let signature = work.appendingPathComponent("sig.yaml")
        try """
            intercept: 1
            features:
              original_glcm_Idmn: {coefficient: 1.3, mean: 0.91, std: 0.021}
              original_glcm_NotAFeature: {coefficient: -0.07}

            """.write(to: signature, atomically: true, encoding: .utf8)
        #expect(throws: CohortStatisticsError.missingFeature(name: "original_glcm_NotAFeature", table: "reader-a.csv")) {
            try Self.run(["score", "--signature", signature.path, Self.folder.appendingPathComponent("reader-a.csv").path,
                          "--out", work.appendingPathComponent("scores.csv").path])
        }
        try "features:\n  original_glcm_Idmn: {coeficient: 1}\n".write(to: signature, atomically: true, encoding: .utf8)
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "unknown key 'coeficient' in 'original_glcm_Idmn'")) {
            try Self.run(["score", "--signature", signature.path, Self.folder.appendingPathComponent("reader-a.csv").path,
                          "--out", work.appendingPathComponent("scores.csv").path])
        }
    }
}
