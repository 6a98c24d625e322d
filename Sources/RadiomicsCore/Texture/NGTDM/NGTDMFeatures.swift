import VolumeModule

/// Neighbourhood gray-tone difference matrix and features (PyRadiomics `ngtdm`, IBSI 1 §3.10): for each ROI voxel
/// of level i, s(i) accumulates |i − mean level of its ROI neighbours| (0 when it has none); n(i) counts voxels.
enum NGTDMFeatures {
    static func compute(_ binned: BinnedROI, padded: PaddedLevels, settings: ExtractionSettings,
                        names: [String]) -> [(String, Double)] {
        let offsets = NeighbourOffsets(for: binned, distances: settings.distances, bidirectional: true, settings: settings)
        let index = binned.compactIndex
        let m = binned.grayLevels.count
        var count = [Double](repeating: 0, count: m), s = [Double](repeating: 0, count: m)
        let strides = padded.strides(offsets)
        padded.levels.withUnsafeBufferPointer { grid in
            strides.withUnsafeBufferPointer { strides in
                index.withUnsafeBufferPointer { index in
                    count.withUnsafeMutableBufferPointer { count in
                        s.withUnsafeMutableBufferPointer { s in
                            padded.forEachROIVoxel(grid) { q, level in
                                var inROI = 0.0, sum = 0.0
                                for stride in strides {
                                    let l = grid[q &+ stride]
                                    if l != 0 { inROI += 1; sum += Double(l) }
                                }
                                let diff = inROI == 0 ? 0 : abs(Double(level) - sum / inROI)
                                count[index[Int(level)]] += 1
                                s[index[Int(level)]] += diff
                            }
                        }
                    }
                }
            }
        }
        let nvp = count.reduce(0, +)
        let p = count.map { $0 / nvp }
        let g = binned.grayLevels.map(Double.init)
        let ngp = Double(count.filter { $0 > 0 }.count)
        let sumS = s.reduce(0, +)
        var piSi = 0.0
        for i in 0..<m { piSi += p[i] * s[i] }
        var contrastSum = 0.0, absDiff = 0.0, complexity = 0.0, strength = 0.0
        for i in 0..<m {
            for j in 0..<m {
                let d = g[i] - g[j]
                contrastSum += p[i] * p[j] * d * d
                absDiff += abs(g[i] * p[i] - g[j] * p[j])
                let divisor = p[i] + p[j]
                complexity += abs(d) * (p[i] * s[i] + p[j] * s[j]) / (divisor == 0 ? 1 : divisor)
                strength += (p[i] + p[j]) * d * d
            }
        }
        let div = ngp * (ngp - 1)
        return names.compactMap { name in
            let value: Double
            switch name {
            case "Coarseness": value = piSi != 0 ? 1 / piSi : 1e6
            case "Contrast": value = div != 0 ? contrastSum * sumS / nvp / div : 0
            case "Busyness": value = absDiff != 0 ? piSi / absDiff : 0
            case "Complexity": value = complexity / nvp
            case "Strength": value = sumS != 0 ? strength / sumS : 0
            default: return nil
            }
            return (name, value)
        }
    }
}
