import Foundation
@testable import RadiomicsCore
import Testing

/// `IntensitySort.sorted` must return exactly `sorted()` (bit patterns), on every path: counting sort, radix sort
/// on Float-derived and general Doubles, and the comparison-sort fallbacks.
@Suite struct IntensitySortTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        mutating func unit() -> Double { Double(next()) / Double(1 << 53) }
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test func everyPathMatchesSorted() {
        var g = Generator(state: 42)
        let cases: [[Double]] = [
            (0..<5000).map { _ in (g.unit() * 3000 - 1024).rounded(.down) },                  // HU: counting sort
            (0..<5000).map { _ in Double(Float(g.unit() * 3000 - 1024)) },                     // Float-derived: radix
            (0..<5000).map { _ in (g.unit() - 0.5) * 1e-3 * pow(10, Double(g.next() % 30)) },  // wide Doubles: radix
            (0..<3000).map { _ in (g.unit() * 1e9).rounded() },                                // integers, wide range
            [3, -0.0, 0, 2, -1],                                                               // −0.0: fallback
            [1.5, .infinity, -.infinity, 0.25, -7],
            [4], [],
        ]
        for values in cases {
            #expect(Self.same(IntensitySort.sorted(values), values.sorted()), "\(values.prefix(5))")
        }
        #expect(Self.same(IntensitySort.radixSorted(cases[0]), cases[0].sorted()))
    }

    @Test func comparatorSeesASwap() {
        let values: [Double] = [2, 1, 3]
        #expect(!Self.same(values, values.sorted()))
        #expect(!Self.same([0.0], [-0.0]))
    }
}
