import Foundation
/// The emphasis, non-uniformity, variance and entropy statistics shared by GLRLM (runs), GLSZM (zones) and GLDM
/// (dependences): a matrix P(i, j) of counts over gray level i and length j (run length, zone size, dependence
/// count + 1), with i and j taking their actual values (IBSI 1 §3.7–3.10; PyRadiomics 3.1.0 formulas).
///
/// `total` is PyRadiomics' `Nr` / `Nz` (Σ P); `lengthWeightedTotal` is `Np` = Σ j·P (the voxel count).
struct LevelLengthStatistics {
    var shortEmphasis = 0.0, longEmphasis = 0.0
    var grayLevelNonUniformity = 0.0, grayLevelNonUniformityNormalized = 0.0
    var lengthNonUniformity = 0.0, lengthNonUniformityNormalized = 0.0
    var percentage = 0.0
    var grayLevelVariance = 0.0, lengthVariance = 0.0
    var entropy = 0.0
    var lowGrayLevelEmphasis = 0.0, highGrayLevelEmphasis = 0.0
    var shortLowGrayLevelEmphasis = 0.0, shortHighGrayLevelEmphasis = 0.0
    var longLowGrayLevelEmphasis = 0.0, longHighGrayLevelEmphasis = 0.0

    /// Computes the statistics.
    /// - Parameters:
    ///   - matrix: P, row-major `levels.count × lengths.count`.
    ///   - levels: gray level value of each row.
    ///   - lengths: length value of each column.
    ///   - total: the normaliser (Σ P; PyRadiomics replaces 0 by 1 or NaN depending on the class).
    init(matrix: [Double], levels: [Double], lengths: [Double], total: Double) {
        let nl = levels.count, nj = lengths.count
        var pg = [Double](repeating: 0, count: nl), pr = [Double](repeating: 0, count: nj)
        let eps = Double.ulpOfOne
        var entropySum = 0.0
        var sLow = 0.0, sHigh = 0.0, lLow = 0.0, lHigh = 0.0
        for i in 0..<nl {
            let i2 = levels[i] * levels[i]
            for j in 0..<nj {
                let p = matrix[i * nj + j]
                pg[i] += p
                pr[j] += p
                guard p != 0 else { continue }
                let j2 = lengths[j] * lengths[j]
                let q = p / total
                entropySum += q * log2(q + eps)
                sLow += p / (i2 * j2)
                sHigh += p * i2 / j2
                lLow += p * j2 / i2
                lHigh += p * (j2 * i2)
            }
        }
        entropy = -entropySum
        shortLowGrayLevelEmphasis = sLow / total
        shortHighGrayLevelEmphasis = sHigh / total
        longLowGrayLevelEmphasis = lLow / total
        longHighGrayLevelEmphasis = lHigh / total
        var np = 0.0, sre = 0.0, lre = 0.0, rln = 0.0
        for j in 0..<nj {
            let j2 = lengths[j] * lengths[j]
            sre += pr[j] / j2
            lre += pr[j] * j2
            rln += pr[j] * pr[j]
            np += pr[j] * lengths[j]
        }
        shortEmphasis = sre / total
        longEmphasis = lre / total
        lengthNonUniformity = rln / total
        lengthNonUniformityNormalized = rln / (total * total)
        percentage = total / np
        var gln = 0.0, low = 0.0, high = 0.0
        for i in 0..<nl {
            let i2 = levels[i] * levels[i]
            gln += pg[i] * pg[i]
            low += pg[i] / i2
            high += pg[i] * i2
        }
        grayLevelNonUniformity = gln / total
        grayLevelNonUniformityNormalized = gln / (total * total)
        lowGrayLevelEmphasis = low / total
        highGrayLevelEmphasis = high / total
        grayLevelVariance = Self.variance(weights: pg.map { $0 / total }, values: levels)
        lengthVariance = Self.variance(weights: pr.map { $0 / total }, values: lengths)
    }

    private static func variance(weights: [Double], values: [Double]) -> Double {
        var mean = 0.0
        for (w, v) in zip(weights, values) { mean += w * v }
        var sum = 0.0
        for (w, v) in zip(weights, values) { sum += w * (v - mean) * (v - mean) }
        return sum
    }
}

/// NumPy `nanmean` of per-offset values: NaNs ignored; NaN when nothing is left (no offset had pairs).
func nanMean(_ values: [Double]) -> Double {
    let kept = values.filter { !$0.isNaN }
    return kept.isEmpty ? .nan : kept.reduce(0, +) / Double(kept.count)
}
