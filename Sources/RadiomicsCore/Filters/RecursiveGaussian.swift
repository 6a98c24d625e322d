import Foundation

/// Deriche's 4th-order recursive (IIR) approximation of a Gaussian or of its second derivative along one axis,
/// computed exactly as ITK 5.4's `RecursiveGaussianImageFilter::SetUp` and applied line by line as
/// `RecursiveSeparableImageFilter::FilterDataArray` does (same coefficients, same border initialisation, same
/// operation order, in `Double`), so that results agree with SimpleITK to the last bit.
///
/// References: R. Deriche, "Recursively implementing the Gaussian and its derivatives", INRIA RR-1893 (1993);
/// ITK `itkRecursiveGaussianImageFilter.hxx`, `itkRecursiveSeparableImageFilter.hxx`.
struct RecursiveGaussian: Sendable {
    /// Which kernel the filter approximates.
    enum Order: Sendable { case zero, second }

    // Causal input coefficients, recursive coefficients, anti-causal input coefficients, border coefficients.
    private(set) var n0 = 1.0, n1 = 1.0, n2 = 1.0, n3 = 1.0
    private(set) var d1 = 0.0, d2 = 0.0, d3 = 0.0, d4 = 0.0
    private(set) var m1 = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0
    private(set) var bn1 = 0.0, bn2 = 0.0, bn3 = 0.0, bn4 = 0.0
    private(set) var bm1 = 0.0, bm2 = 0.0, bm3 = 0.0, bm4 = 0.0

    /// Sets up the filter.
    /// - Parameters:
    ///   - sigma: Gaussian σ in mm.
    ///   - spacing: voxel spacing along the filtered axis in mm (> 0).
    ///   - order: Gaussian (zero) or second derivative.
    ///   - normalizeAcrossScale: multiply the second derivative by σ² (ITK `NormalizeAcrossScale`); the
    ///     zero-order kernel is never rescaled.
    init(sigma: Double, spacing: Double, order: Order, normalizeAcrossScale: Bool) {
        let sigmad = sigma / spacing
        let w1 = 0.6681, l1 = -1.3932, w2 = 2.0787, l2 = -1.3732
        let (sd, dd, ed) = setD(sigmad: sigmad, w1: w1, l1: l1, w2: w2, l2: l2)
        switch order {
        case .zero:
            let c = Self.nCoefficients(sigmad: sigmad, a1: 1.3530, b1: 1.8151, w1: w1, l1: l1,
                                       a2: -0.3531, b2: 0.0902, w2: w2, l2: l2)
            let alpha0 = 2 * c.sn / sd - c.n0
            let scale = 1.0 / alpha0
            (n0, n1, n2, n3) = (c.n0 * scale, c.n1 * scale, c.n2 * scale, c.n3 * scale)
        case .second:
            let across = normalizeAcrossScale ? sigma * sigma : 1.0
            let c0 = Self.nCoefficients(sigmad: sigmad, a1: 1.3530, b1: 1.8151, w1: w1, l1: l1,
                                        a2: -0.3531, b2: 0.0902, w2: w2, l2: l2)
            let c2 = Self.nCoefficients(sigmad: sigmad, a1: -1.3563, b1: 5.2318, w1: w1, l1: l1,
                                        a2: 0.3446, b2: -2.2355, w2: w2, l2: l2)
            let beta = -(2 * c2.sn - sd * c2.n0) / (2 * c0.sn - sd * c0.n0)
            let sn = c2.sn + beta * c0.sn, dn = c2.dn + beta * c0.dn, en = c2.en + beta * c0.en
            var alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn
            alpha2 /= sd * sd * sd
            let scale = across / alpha2
            n0 = (c2.n0 + beta * c0.n0) * scale
            n1 = (c2.n1 + beta * c0.n1) * scale
            n2 = (c2.n2 + beta * c0.n2) * scale
            n3 = (c2.n3 + beta * c0.n3) * scale
        }
        // Symmetric kernels (both orders used here): ITK ComputeRemainingCoefficients(symmetric: true).
        m1 = n1 - d1 * n0
        m2 = n2 - d2 * n0
        m3 = n3 - d3 * n0
        m4 = -d4 * n0
        let sn = n0 + n1 + n2 + n3, sm = m1 + m2 + m3 + m4, sdBorder = 1.0 + d1 + d2 + d3 + d4
        (bn1, bn2, bn3, bn4) = (d1 * sn / sdBorder, d2 * sn / sdBorder, d3 * sn / sdBorder, d4 * sn / sdBorder)
        (bm1, bm2, bm3, bm4) = (d1 * sm / sdBorder, d2 * sm / sdBorder, d3 * sm / sdBorder, d4 * sm / sdBorder)
    }

    private mutating func setD(sigmad: Double, w1: Double, l1: Double, w2: Double, l2: Double)
        -> (Double, Double, Double) {
        let cos1 = cos(w1 / sigmad), cos2 = cos(w2 / sigmad)
        let exp1 = exp(l1 / sigmad), exp2 = exp(l2 / sigmad)
        d4 = exp1 * exp1 * exp2 * exp2
        d3 = -2 * cos1 * exp1 * exp2 * exp2
        d3 += -2 * cos2 * exp2 * exp1 * exp1
        d2 = 4 * cos2 * cos1 * exp1 * exp2
        d2 += exp1 * exp1 + exp2 * exp2
        d1 = -2 * (exp2 * cos2 + exp1 * cos1)
        let sd = 1.0 + d1 + d2 + d3 + d4
        let dd = d1 + 2 * d2 + 3 * d3 + 4 * d4
        let ed = d1 + 4 * d2 + 9 * d3 + 16 * d4
        return (sd, dd, ed)
    }

    private struct NCoefficients { var n0, n1, n2, n3, sn, dn, en: Double }

    private static func nCoefficients(sigmad: Double, a1: Double, b1: Double, w1: Double, l1: Double,
                                      a2: Double, b2: Double, w2: Double, l2: Double) -> NCoefficients {
        let sin1 = sin(w1 / sigmad), sin2 = sin(w2 / sigmad)
        let cos1 = cos(w1 / sigmad), cos2 = cos(w2 / sigmad)
        let exp1 = exp(l1 / sigmad), exp2 = exp(l2 / sigmad)
        let n0 = a1 + a2
        var n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2)
        n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1)
        var n2 = (a1 + a2) * cos2 * cos1
        n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2
        n2 *= 2 * exp1 * exp2
        n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2
        var n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2)
        n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1)
        return NCoefficients(n0: n0, n1: n1, n2: n2, n3: n3, sn: n0 + n1 + n2 + n3,
                             dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3)
    }
}
