import Testing
@testable import CohortStatistics

@Suite struct RedundancyFilterTests {
    /// Our ICCs of the reference reader tables and reader A as the table (what `icc` then `select` do).
    static func inputs() throws -> (icc: ICCTable, table: CohortTable) {
        let a = try CohortTable(csv: try Reference.text("reader-a.csv"), name: "reader-a.csv")
        let b = try CohortTable(csv: try Reference.text("reader-b.csv"), name: "reader-b.csv")
        return (try ICCTable(pairing: try ReaderPairing(a, b), a, b), a)
    }

    static func candidates(_ icc: ICCTable, model: String) -> [RedundancyFilter.Candidate] {
        icc.candidates(model: model == "icc3_1" ? .consistency : .agreement)
    }

    /// Kept lists and drop reasons of three settings equal the pandas implementation of the same rule.
    @Test(arguments: 0..<3) func keptListEqualsPandasReference(_ n: Int) throws {
        let expected = try #require(Reference.cohort).selections[n]
        let (icc, table) = try Self.inputs()
        let filter = RedundancyFilter(minimumICC: expected.min_icc, maximumSpearman: expected.max_spearman)
        let result = try filter.select(Self.candidates(icc, model: expected.model), table: table)
        #expect(result.kept == expected.kept)
        // Correlated drops: same feature, same kept partner, same ρ.
        let correlated = result.dropped.compactMap { entry -> (String, String, Double)? in
            guard case .correlated(let with, let rho) = entry.decision else { return nil }
            return (entry.feature, with, rho)
        }
        let expectedCorrelated = expected.dropped.filter { $0.reason == "correlated" }
        #expect(correlated.map(\.0) == expectedCorrelated.map(\.feature))
        for (got, want) in zip(correlated, expectedCorrelated) {
            #expect(got.1 == want.with && Reference.agrees(got.2, want.rho, tolerance: 1e-12), "\(got.0)")
        }
        // The others: low or undefined ICC (pingouin has ICC(A,1) = 0 where we have none: both dropped).
        let others = Set(result.dropped.filter { if case .correlated = $0.decision { false } else { true } }.map(\.feature))
        #expect(others == Set(expected.dropped.filter { $0.reason != "correlated" }.map(\.feature)))
        #expect(result.kept.count + result.dropped.count == icc.entries.count)
        print("filter \(expected.model) ≥ \(expected.min_icc), |ρ| ≤ \(expected.max_spearman): kept \(result.kept.count), "
              + "correlated \(correlated.count), low/no ICC \(others.count)")
    }

    @Test func resultDoesNotDependOnInputOrder() throws {
        let (icc, table) = try Self.inputs()
        let candidates = Self.candidates(icc, model: "icc2_1")
        let filter = RedundancyFilter(minimumICC: 0.5, maximumSpearman: 0.8)
        let forward = try filter.select(candidates, table: table), backward = try filter.select(candidates.reversed(), table: table)
        #expect(forward.kept == backward.kept)
        #expect(Set(forward.dropped.map(\.feature)) == Set(backward.dropped.map(\.feature)))
    }

    @Test func tiesAreBrokenByNameAndReasonsNameTheKeptFeature() throws {
        let table = try CohortTable(csv: """
            ID,original_glcm_B,original_glcm_A,original_glcm_C,original_glcm_D
            1,1,1,4,9
            2,2,2,3,1
            3,3,3,2,5
            4,4,4,1,2

            """, name: "t")
        let result = try RedundancyFilter(minimumICC: 0.75, maximumSpearman: 0.9).select([
            .init(feature: "original_glcm_B", icc: 0.9), .init(feature: "original_glcm_A", icc: 0.9),
            .init(feature: "original_glcm_C", icc: 0.8), .init(feature: "original_glcm_D", icc: 0.7),
            .init(feature: "original_glcm_E", icc: 0.95), .init(feature: "original_glcm_F", icc: nil),
        ], table: table)
        #expect(result.kept == ["original_glcm_A"])
        #expect(result.dropped.map(\.feature) == ["original_glcm_D", "original_glcm_E", "original_glcm_F",
                                                   "original_glcm_B", "original_glcm_C"])
        #expect(result.dropped.map(\.decision) == [.lowICC(0.7), .notInTable, .noICC,
                                                    .correlated(with: "original_glcm_A", rho: 1),
                                                    .correlated(with: "original_glcm_A", rho: -1)])
        #expect(result.csv == """
            feature,decision,icc,correlated_with,spearman_rho
            original_glcm_A,kept,0.9,,
            original_glcm_D,low_icc,0.7,,
            original_glcm_E,not_in_table,0.95,,
            original_glcm_F,no_icc,,,
            original_glcm_B,correlated,0.9,original_glcm_A,1.0
            original_glcm_C,correlated,0.8,original_glcm_A,-1.0

            """)
    }
}
