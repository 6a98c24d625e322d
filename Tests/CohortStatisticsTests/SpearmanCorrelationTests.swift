import Testing
@testable import CohortStatistics

@Suite struct SpearmanCorrelationTests {
    @Test func tiesGetTheAverageRank() {
        #expect(SpearmanCorrelation.ranks([10, 20, 10, 30, 20, 10]) == [2, 4.5, 2, 6, 4.5, 2])
        #expect(SpearmanCorrelation.ranks([]) == [])
    }

    /// 34 features of reader A (with ties, a NaN cell, a constant) against pandas `corr(method="spearman")`, which
    /// ranks the pairwise-complete rows.
    @Test func matrixEqualsPandas() throws {
        let reference = try #require(Reference.cohort).spearman
        let table = try CohortTable(csv: try Reference.text(reference.table), name: reference.table)
        let columns = try reference.features.map { try table.values(of: $0) }
        var worst = 0.0
        for (i, x) in columns.enumerated() {
            for (j, y) in columns.enumerated() {
                let rho = SpearmanCorrelation.coefficient(x, y), expected = reference.rho[i][j]
                #expect(Reference.agrees(rho, expected, tolerance: 1e-12), "\(reference.features[i]) × \(reference.features[j])")
                if rho != nil { worst = max(worst, Reference.difference(rho, expected)) }
            }
        }
        print("Spearman vs pandas: \(columns.count)² pairs, worst \(worst)")
    }

    @Test func undefinedWithoutVarianceOrPairs() {
        #expect(SpearmanCorrelation.coefficient([1, 1, 1], [1, 2, 3]) == nil)
        #expect(SpearmanCorrelation.coefficient([1, nil, 3], [nil, 2, 4]) == nil)
        #expect(SpearmanCorrelation.coefficient([1, 2, 3, nil], [3, 2, 1, 7]) == -1)
    }
}
