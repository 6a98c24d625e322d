import Foundation
import Testing
@testable import CohortStatistics

@Suite struct FDistributionTests {
    /// 500 quantiles from `scipy.stats.f.ppf` (d₁, d₂ from 0.6 to 1000, p from 10⁻⁶ to 1 − 10⁻⁶).
    @Test func quantilesEqualSciPy() throws {
        let rows = try #require(Reference.cohort).f_quantiles
        #expect(rows.count == 500)
        var worst = 0.0
        for row in rows {
            let (d1, d2, p, expected) = (row[0], row[1], row[2], row[3])
            let actual = FDistribution(numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2).quantile(p)
            let relative = abs(actual - expected) / expected
            worst = max(worst, relative)
            #expect(relative <= 1e-13, "F(\(p); \(d1), \(d2)) = \(actual), SciPy \(expected)")
        }
        print("F quantiles vs SciPy: worst relative difference \(worst) over \(rows.count)")
    }

    /// `scipy.special.betaincinv` and `betainc` for shape parameters 0.3 … 500.
    @Test func incompleteBetaAndItsInverseEqualSciPy() throws {
        let rows = try #require(Reference.cohort).beta_inverse
        var worstInverse = 0.0, worstValue = 0.0
        for row in rows {
            let (a, b, p, x, _, valueAt037) = (row[0], row[1], row[2], row[3], row[4], row[5])
            let inverse = IncompleteBeta.inverse(p, a: a, b: b)
            let tolerance = 1e-13
            // x and 1 − x each relatively accurate (the complement matters for x near 1).
            let relative = abs(inverse.x - x) / x
            worstInverse = max(worstInverse, relative)
            #expect(relative <= tolerance, "I⁻¹(\(p); \(a), \(b)) = \(inverse.x), SciPy \(x)")
            #expect(abs(inverse.x + inverse.complement - 1) <= 1e-15)
            let value = IncompleteBeta.regularized(0.37, a: a, b: b)
            let valueDifference = abs(value - valueAt037) / max(valueAt037, 1e-300)
            worstValue = max(worstValue, valueAt037 < 1e-300 ? 0 : valueDifference)
            if valueAt037 > 1e-300 { #expect(valueDifference <= tolerance, "I_0.37(\(a), \(b)) = \(value), SciPy \(valueAt037)") }
        }
        print("incomplete beta vs SciPy: inverse \(worstInverse), value \(worstValue) over \(rows.count)")
    }

    @Test func cumulativeProbabilityInvertsTheQuantile() {
        for (d1, d2) in [(1.0, 1.0), (4.0, 27.5), (28.0, 28.0), (0.7, 300.0)] {
            let f = FDistribution(numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2)
            for p in [1e-9, 0.025, 0.5, 0.975, 1 - 1e-9] {
                #expect(abs(f.cumulativeProbability(f.quantile(p)) - p) <= 1e-13 * max(1, p / (1 - p)))
            }
        }
    }

    @Test func symmetryOfTheTails() {
        // I_x(a, b) = 1 − I_{1−x}(b, a), both directly computed tails.
        for (a, b, x) in [(2.5, 7.0, 0.2), (40.0, 3.0, 0.95), (0.5, 0.5, 0.5)] {
            let left = IncompleteBeta.tails(at: x, a: a, b: b), right = IncompleteBeta.tails(at: 1 - x, a: b, b: a)
            #expect(abs(left.lower - right.upper) <= 1e-15)
        }
    }
}
