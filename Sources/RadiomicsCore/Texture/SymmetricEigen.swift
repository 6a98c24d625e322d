import Foundation

/// Eigenvalues of a real symmetric matrix: Householder reduction to tridiagonal form, then the implicit QL method
/// with Wilkinson-type shifts (Golub & Van Loan §8.3; Wilkinson & Reinsch, *Handbook*, tred2/tql1), accurate to a
/// few ulps of the largest eigenvalue, O(n³) once instead of per Jacobi sweep. Used for the shape PCA (3×3) and
/// GLCM MCC (Ng × Ng, 13 angles per image).
enum SymmetricEigen {
    /// The eigenvalues (unordered) of the symmetric `n × n` row-major matrix `a`.
    static func eigenvalues(_ matrix: [Double], n: Int) -> [Double] {
        precondition(matrix.count == n * n, "matrix size")
        guard n > 1 else { return matrix }
        var a = matrix
        var d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { a in
            d.withUnsafeMutableBufferPointer { d in
                e.withUnsafeMutableBufferPointer { e in
                    tridiagonalize(a, n: n, diagonal: d, offDiagonal: e)
                    diagonalize(d, e, n: n)
                }
            }
        }
        return d
    }

    /// Householder reduction of the lower triangle of `a` (destroyed); `d` receives the diagonal, `e[1…]` the
    /// sub-diagonal (then shifted so that `e[i]` couples `d[i]` and `d[i+1]`).
    private static func tridiagonalize(_ a: UnsafeMutableBufferPointer<Double>, n: Int,
                                       diagonal d: UnsafeMutableBufferPointer<Double>,
                                       offDiagonal e: UnsafeMutableBufferPointer<Double>) {
        var i = n - 1
        while i > 0 {
            let l = i - 1, row = i * n
            var h = 0.0
            if l > 0 {
                var scale = 0.0
                for k in 0...l { scale += abs(a[row + k]) }
                if scale == 0 {
                    e[i] = a[row + l]
                } else {
                    for k in 0...l {
                        a[row + k] /= scale
                        h += a[row + k] * a[row + k]
                    }
                    var f = a[row + l]
                    let g = f >= 0 ? -h.squareRoot() : h.squareRoot()
                    e[i] = scale * g
                    h -= f * g
                    a[row + l] = f - g
                    f = 0
                    for j in 0...l {
                        var g = 0.0
                        for k in 0...j { g += a[j * n + k] * a[row + k] }
                        if j < l { for k in (j + 1)...l { g += a[k * n + j] * a[row + k] } }
                        e[j] = g / h
                        f += e[j] * a[row + j]
                    }
                    let hh = f / (h + h)
                    for j in 0...l {
                        let f = a[row + j]
                        let g = e[j] - hh * f
                        e[j] = g
                        for k in 0...j { a[j * n + k] -= f * e[k] + g * a[row + k] }
                    }
                }
            } else {
                e[i] = a[row + l]
            }
            d[i] = h
            i -= 1
        }
        for i in 0..<n { d[i] = a[i * n + i] }
        for i in 1..<n { e[i - 1] = e[i] }
        e[n - 1] = 0
    }

    /// Implicit QL iterations on the tridiagonal matrix (`d` diagonal, `e` off-diagonal); `d` ends as eigenvalues.
    private static func diagonalize(_ d: UnsafeMutableBufferPointer<Double>, _ e: UnsafeMutableBufferPointer<Double>,
                                    n: Int) {
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let dd = abs(d[m]) + abs(d[m + 1])
                    if abs(e[m]) <= Double.ulpOfOne * dd { break }
                    m += 1
                }
                if m == l || iterations >= 60 { break }
                iterations += 1
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = hypot(g, 1.0)
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var deflated = false
                while i >= l {
                    let f = s * e[i], b = c * e[i]
                    r = hypot(f, g)
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        deflated = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    i -= 1
                }
                if deflated { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
    }
}
