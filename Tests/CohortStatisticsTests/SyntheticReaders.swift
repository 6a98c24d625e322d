import CohortStatistics
import TestSupport

/// The generated reader tables of `icc-1316-pingouin.csv`: the integer generator of
/// `tools/references/make_icc_references.py` (`generated_readers`), re-implemented so the 24 × 1316 tables need not be
/// committed. Cells are decimal strings `<integer>e<exponent>`, which Python and Swift parse to the same doubles;
/// `cohort-reference.json` holds checksums and sample cells that prove it.
enum SyntheticReaders {
    /// Python's `%` (the result has the divisor's sign).
    static func pythonModulo(_ x: Int, _ m: Int) -> Int { ((x % m) + m) % m }

    /// Cells `[case][feature]` of readers A and B.
    static func generate(cases: Int = 24, features: Int = 1316, seed: UInt64 = 20_260_518) -> (a: [[String]], b: [[String]]) {
        var g = SplitMix(state: seed)
        var a = [[String]](repeating: [String](repeating: "", count: features), count: cases)
        var b = a
        for j in 0..<features {
            let amplitude = 1000 * (1 + (7919 * j) % 1000)
            let bias = ((31 * j) % 5 - 2) * 50000
            let exponent = j % 9 - 6
            for i in 0..<cases {
                let t = g.uniform(-500_000, 500_000)
                let na = g.uniform(-amplitude, amplitude)
                let nb = g.uniform(-amplitude, amplitude)
                var va = t + na, vb = t + nb + bias
                switch j {
                case 0: va = 42; vb = 42
                case 1: vb = va
                case 2:
                    va = pythonModulo(t, 5) * 1000 + pythonModulo(na, 3) * 1000
                    vb = pythonModulo(t, 5) * 1000 + pythonModulo(nb, 3) * 1000
                case 3: vb = va + 7
                case 4: va = 5
                case 5: vb = nb * 10
                default: break
                }
                a[i][j] = "\(va)e\(exponent)"
                b[i][j] = "\(vb)e\(exponent)"
            }
        }
        return (a, b)
    }

    /// The cells as two tables without an ID column (matched by row order), features named
    /// `synthetic_firstorder_f0000` … so they are feature columns.
    static func tables() throws -> (a: CohortTable, b: CohortTable) {
        let (a, b) = generate()
        let columns = ["Image"] + (0..<a[0].count).map { featureName($0) }
        func rows(_ cells: [[String]]) -> [[String]] { cells.enumerated().map { ["case\($0.offset).nii.gz"] + $0.element } }
        return (try CohortTable(columns: columns, rows: rows(a), name: "generated-a"),
                try CohortTable(columns: columns, rows: rows(b), name: "generated-b"))
    }

    static func featureName(_ j: Int) -> String {
        "synthetic_firstorder_f" + String(repeating: "0", count: max(0, 4 - String(j).count)) + String(j)
    }
}
