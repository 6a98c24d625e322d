import VolumeModule

/// Gray-level dependence matrix and features (PyRadiomics `gldm`, IBSI 1 §3.11 NGLDM with coarseness α =
/// `gldm_a`): for each ROI voxel, the number of ROI neighbours (Chebyshev `distances`, inside the crop) whose level
/// differs by at most α; P(i, d + 1) counts voxels of level i with d dependents.
enum GLDMFeatures {
    static func compute(_ binned: BinnedROI, padded: PaddedLevels, settings: ExtractionSettings,
                        names: [String]) -> [(String, Double)] {
        let offsets = NeighbourOffsets(for: binned, distances: settings.distances, bidirectional: true, settings: settings)
        let index = binned.compactIndex
        let m = binned.grayLevels.count
        let columns = offsets.offsets.count + 1
        var p = [Double](repeating: 0, count: m * columns)
        let alpha = Int32(settings.gldmAlpha)
        let strides = padded.strides(offsets)
        padded.levels.withUnsafeBufferPointer { grid in
            strides.withUnsafeBufferPointer { strides in
                index.withUnsafeBufferPointer { index in
                    p.withUnsafeMutableBufferPointer { p in
                        // Four voxels along x at once: |l − level| ≤ α as one unsigned comparison per lane, no
                        // branches in the neighbour loop; then each ROI lane is counted in memory order.
                        let range = SIMD4<UInt32>(repeating: UInt32(2 * alpha))
                        let alphas = PaddedLevels.Block(repeating: alpha)
                        let zero = PaddedLevels.Block(repeating: 0), one = PaddedLevels.Block(repeating: 1)
                        padded.forEachROIBlock(grid) { q, levels, lanes in
                            var dependents = zero
                            for s in strides {
                                let l = PaddedLevels.block(grid, at: q &+ s)
                                let near = SIMD4<UInt32>(truncatingIfNeeded: l &- levels &+ alphas) .<= range
                                dependents &+= zero.replacing(with: one, where: near .& (l .!= zero))
                            }
                            for lane in 0..<lanes where levels[lane] != 0 {
                                p[index[Int(levels[lane])] &* columns &+ Int(dependents[lane])] += 1
                            }
                        }
                    }
                }
            }
        }
        let total = Double(binned.roiOffsets.count)
        let stats = LevelLengthStatistics(matrix: p, levels: binned.grayLevels.map(Double.init),
                                          lengths: (1...columns).map(Double.init), total: total == 0 ? 1 : total)
        return names.compactMap { name in
            let value: Double
            switch name {
            case "SmallDependenceEmphasis": value = stats.shortEmphasis
            case "LargeDependenceEmphasis": value = stats.longEmphasis
            case "GrayLevelNonUniformity": value = stats.grayLevelNonUniformity
            case "DependenceNonUniformity": value = stats.lengthNonUniformity
            case "DependenceNonUniformityNormalized": value = stats.lengthNonUniformityNormalized
            case "GrayLevelVariance": value = stats.grayLevelVariance
            case "DependenceVariance": value = stats.lengthVariance
            case "DependenceEntropy": value = stats.entropy
            case "LowGrayLevelEmphasis": value = stats.lowGrayLevelEmphasis
            case "HighGrayLevelEmphasis": value = stats.highGrayLevelEmphasis
            case "SmallDependenceLowGrayLevelEmphasis": value = stats.shortLowGrayLevelEmphasis
            case "SmallDependenceHighGrayLevelEmphasis": value = stats.shortHighGrayLevelEmphasis
            case "LargeDependenceLowGrayLevelEmphasis": value = stats.longLowGrayLevelEmphasis
            case "LargeDependenceHighGrayLevelEmphasis": value = stats.longHighGrayLevelEmphasis
            default: return nil
            }
            return (name, value)
        }
    }
}
