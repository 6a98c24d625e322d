import Foundation
import Testing
@testable import CohortStatistics

@Suite struct RadScoreTests {
    /// The issue's formula on reader A with `signature.yaml` (4 terms, two z-scored), against pandas; the same
    /// signature as JSON here (the CLI test reads the YAML file through Yams).
    static let signatureJSON = """
        {"intercept": -0.42, "features": {
          "original_glcm_Idmn": {"coefficient": 1.3, "mean": 0.91, "std": 0.021},
          "wavelet-LLH_firstorder_Median": {"coefficient": -0.07},
          "original_glcm_DifferenceVariance": {"coefficient": 0.5, "mean": 7.650531030130777, "std": 0.8454411291449828},
          "original_gldm_DependenceEntropy": {"coefficient": 0.2}}}
        """

    @Test func scoresEqualPandas() throws {
        let expected = try #require(Reference.cohort).scores
        let table = try CohortTable(csv: try Reference.text("reader-a.csv"), name: "reader-a.csv")
        let signature = try JSONDecoder().decode(Signature.self, from: Data(Self.signatureJSON.utf8))
        #expect(signature.terms.count == 4 && signature.intercept == -0.42 && signature.cutoff == nil)
        let scores = try RadScore(table: table, signature: signature)
        #expect(scores.keyColumns == ["ID"] && scores.cutoffIsMedian)
        #expect(Reference.agrees(scores.cutoff, expected.cutoff, tolerance: 1e-12))
        #expect(scores.rows.map { $0.keys[0] } == expected.rows.map(\.ID))
        for (row, want) in zip(scores.rows, expected.rows) {
            #expect(Reference.agrees(row.score, want.radscore, tolerance: 1e-12), "\(want.ID)")
            #expect((row.risk?.rawValue ?? "") == want.risk, "\(want.ID)")
        }
        #expect(scores.rows.filter { $0.score == nil }.count == 1)   // the row with `nan` in a signature feature

        var fixed = signature
        fixed.cutoff = 0.434
        let fixedScores = try RadScore(table: table, signature: fixed)
        #expect(fixedScores.rows.map { $0.risk?.rawValue ?? "" } == expected.risk_at_cutoff_0_434 && !fixedScores.cutoffIsMedian)
    }

    @Test func aMissingFeatureIsAnErrorNamingIt() throws {
        let table = try CohortTable(csv: "ID,original_glcm_Idmn\na,1\n", name: "table.csv")
        let signature = try Signature(terms: [.init(feature: "original_glcm_Idmn", coefficient: 1),
                                              .init(feature: "wavelet-LLH_firstorder_Median", coefficient: 2)])
        #expect(throws: CohortStatisticsError.missingFeature(name: "wavelet-LLH_firstorder_Median", table: "table.csv")) {
            try RadScore(table: table, signature: signature)
        }
    }

    @Test func scoreAtTheCutoffIsHighAndTheMedianOfAnEvenCountIsTheMiddleMean() throws {
        let table = try CohortTable(csv: "Image,Label,original_glcm_Idmn\na,1,1\nb,1,2\nc,1,3\nd,1,4\n", name: "t")
        let scores = try RadScore(table: table, signature: try Signature(terms: [.init(feature: "original_glcm_Idmn", coefficient: 1)]))
        #expect(scores.cutoff == 2.5 && scores.keyColumns == ["Image", "Label"])
        #expect(scores.rows.map(\.risk) == [.low, .low, .high, .high])
        let atCutoff = try RadScore(table: table, signature: try Signature(terms: [.init(feature: "original_glcm_Idmn", coefficient: 1)], cutoff: 3))
        #expect(atCutoff.rows.map(\.risk) == [.low, .low, .high, .high])
        #expect(atCutoff.csv == "Image,Label,radscore,risk\na,1,1.0,low\nb,1,2.0,low\nc,1,3.0,high\nd,1,4.0,high\n")
        #expect(RadScore.median([]) == nil && RadScore.median([3, 1, 2]) == 2)
    }

    @Test func badSignaturesAreRejected() {
        func decode(_ json: String) throws -> Signature { try JSONDecoder().decode(Signature.self, from: Data(json.utf8)) }
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "unknown key 'coeficient' in 'original_glcm_Idmn'")) {
            try decode(#"{"features": {"original_glcm_Idmn": {"coeficient": 1}}}"#)
        }
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "'original_glcm_Idmn': mean and std go together")) {
            try decode(#"{"features": {"original_glcm_Idmn": {"coefficient": 1, "mean": 2}}}"#)
        }
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "'original_glcm_Idmn' needs a finite mean and a positive, finite std")) {
            try decode(#"{"features": {"original_glcm_Idmn": {"coefficient": 1, "mean": 2, "std": 0}}}"#)
        }
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "unknown key 'cut_off' in the signature")) {
            try decode(#"{"features": {"original_glcm_Idmn": {"coefficient": 1}}, "cut_off": 1}"#)
        }
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "no feature")) { try decode(#"{"features": {}}"#) }
        #expect(throws: CohortStatisticsError.invalidSignature(reason: "'original_glcm_Idmn' has no coefficient")) {
            try decode(#"{"features": {"original_glcm_Idmn": {"mean": 1, "std": 2}}}"#)
        }
    }
}
