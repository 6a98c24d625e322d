import Foundation

/// Eigenvalues of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan §8.5), accurate to a few
/// ulps of the largest eigenvalue. Used for the shape PCA (3×3) and GLCM MCC.
enum SymmetricEigen {
    /// The eigenvalues (unordered) of the symmetric `n × n` row-major matrix `a`.
    static func eigenvalues(_ a: [Double], n: Int) -> [Double] {
        var a = a
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<n { off += a[p * n + q] * a[p * n + q] } }
            if off == 0 || off < 1e-30 * frobenius(a) { break }
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    guard apq != 0 else { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0 * n + $0] }
    }

    private static func frobenius(_ a: [Double]) -> Double { a.reduce(0) { $0 + $1 * $1 } }
}
