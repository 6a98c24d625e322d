import Foundation

/// First-order (intensity) features of the ROI voxels (PyRadiomics `firstorder`, IBSI 1 §3.3–3.4).
///
/// Raw intensities X of the N ROI voxels, c = `voxelArrayShift`. Entropy and Uniformity use the binned histogram
/// (the same bins as the texture classes). Variance uses 1/N; Kurtosis is m₄/m₂² (IBSI's excess kurtosis + 3);
/// percentiles use NumPy's linear method. A flat ROI gives 0 skewness and kurtosis.
enum FirstOrderFeatures {
    static func compute(values unsorted: [Double], binned: BinnedROI, voxelVolume: Double, shift: Double,
                        names: [String]) -> [(String, Double)] {
        compute(sorted: IntensitySort.sorted(unsorted), binned: binned, voxelVolume: voxelVolume, shift: shift,
                names: names)
    }

    /// ``compute(values:binned:voxelVolume:shift:names:)`` on the ROI intensities already sorted ascending.
    static func compute(sorted x: [Double], binned: BinnedROI, voxelVolume: Double, shift: Double,
                        names: [String]) -> [(String, Double)] {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0, mad = 0.0, energy = 0.0
        for v in x {
            let d = v - mean
            m2 += d * d; m3 += d * d * d; m4 += d * d * d * d
            mad += abs(d)
            energy += (v + shift) * (v + shift)
        }
        m2 /= n; m3 /= n; m4 /= n; mad /= n
        let p10 = percentile(x, 10), p90 = percentile(x, 90)
        var histogram = [Double](repeating: 0, count: binned.maximumLevel + 1)
        binned.levels.withUnsafeBufferPointer { levels in
            for offset in binned.roiOffsets { histogram[Int(levels[offset])] += 1 }
        }
        var entropy = 0.0, uniformity = 0.0
        for level in histogram.indices where histogram[level] > 0 {
            let p = histogram[level] / n
            entropy -= p * log2(p + Double.ulpOfOne)
            uniformity += p * p
        }
        return names.compactMap { name in
            let value: Double
            switch name {
            case "Energy": value = energy
            case "TotalEnergy": value = energy * voxelVolume
            case "Entropy": value = entropy
            case "Minimum": value = x.first!
            case "10Percentile": value = p10
            case "90Percentile": value = p90
            case "Maximum": value = x.last!
            case "Mean": value = mean
            case "Median": value = median(x)
            case "InterquartileRange": value = percentile(x, 75) - percentile(x, 25)
            case "Range": value = x.last! - x.first!
            case "MeanAbsoluteDeviation": value = mad
            case "RobustMeanAbsoluteDeviation": value = robustMeanAbsoluteDeviation(x, p10, p90)
            case "RootMeanSquared": value = x.isEmpty ? 0 : (energy / n).squareRoot()
            case "StandardDeviation": value = m2.squareRoot()
            case "Skewness": value = m2 == 0 ? 0 : m3 / pow(m2, 1.5)
            case "Kurtosis": value = m2 == 0 ? 0 : m4 / (m2 * m2)
            case "Variance": value = m2
            case "Uniformity": value = uniformity
            default: return nil
            }
            return (name, value)
        }
    }

    /// NumPy `percentile(x, q)` with the default linear method on sorted `x`.
    static func percentile(_ x: [Double], _ q: Double) -> Double {
        let virtualIndex = Double(x.count - 1) * (q / 100)
        if virtualIndex >= Double(x.count - 1) { return x[x.count - 1] }
        if virtualIndex < 0 { return x[0] }
        let previous = virtualIndex.rounded(.down)
        let a = x[Int(previous)], b = x[Int(previous) + 1]
        let t = virtualIndex - previous
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }

    /// NumPy `median`: the middle value, or the mean of the two middle values.
    static func median(_ x: [Double]) -> Double {
        let n = x.count
        return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2
    }

    /// Mean absolute deviation from the mean of the voxels within [P10, P90].
    static func robustMeanAbsoluteDeviation(_ x: [Double], _ p10: Double, _ p90: Double) -> Double {
        // Two passes over the kept values in order (no filtered copy): the same sums as over `x.filter`.
        var count = 0, sum = 0.0
        for v in x where v >= p10 && v <= p90 { count += 1; sum += v }
        guard count > 0 else { return .nan }
        let mean = sum / Double(count)
        var deviation = 0.0
        for v in x where v >= p10 && v <= p90 { deviation += abs(v - mean) }
        return deviation / Double(count)
    }
}
