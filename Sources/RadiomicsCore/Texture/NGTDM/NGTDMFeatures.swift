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
                            // Four voxels along x at once, integer sums, no branch: a neighbour outside the ROI reads
                            // 0 and adds nothing. The sums of integer levels are exact, so they equal the
                            // floating-point sums; each ROI lane is then accumulated in memory order.
                            let zero = PaddedLevels.Block(repeating: 0), one = PaddedLevels.Block(repeating: 1)
                            padded.forEachROIBlock(grid) { q, levels, lanes in
                                var inROI = zero, sum = zero
                                for stride in strides {
                                    let l = PaddedLevels.block(grid, at: q &+ stride)
                                    inROI &+= zero.replacing(with: one, where: l .!= zero)
                                    sum &+= l
                                }
                                for lane in 0..<lanes where levels[lane] != 0 {
                                    let level = Int(levels[lane]), n = Double(inROI[lane])
                                    let diff = n == 0 ? 0 : abs(Double(level) - Double(sum[lane]) / n)
                                    count[index[level]] += 1
                                    s[index[level]] += diff
                                }
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
