import VolumeModule

/// Gray-level size-zone matrix and features (PyRadiomics `glszm`, IBSI 1 §3.8): zones are 26-connected (8 in 2D
/// mode) groups of ROI voxels with equal level; P(i, s) counts zones of level i and size s. One matrix (no
/// directions).
enum GLSZMFeatures {
    static func compute(_ binned: BinnedROI, settings: ExtractionSettings,
                        names: [String]) -> [(String, Double)] {
        let offsets = NeighbourOffsets(for: binned, distances: [1], bidirectional: true, settings: settings)
        let strides = offsets.strides(in: binned.size)
        let nx = binned.size.i, nxy = binned.size.i * binned.size.j
        var visited = [Bool](repeating: false, count: binned.levels.count)
        var zones: [(level: Int32, size: Int)] = []
        var stack: [Int] = []
        for start in binned.roiOffsets where !visited[start] {
            let level = binned.levels[start]
            visited[start] = true
            stack.append(start)
            var size = 0
            while let n = stack.popLast() {
                size += 1
                let x = n % nx, y = (n % nxy) / nx, z = n / nxy
                for (a, o) in offsets.offsets.enumerated() {
                    let xx = x + o.2, yy = y + o.1, zz = z + o.0
                    guard xx >= 0, xx < nx, yy >= 0, yy < binned.size.j, zz >= 0, zz < binned.size.k else { continue }
                    let neighbour = n + strides[a]
                    if !visited[neighbour] && binned.levels[neighbour] == level {
                        visited[neighbour] = true
                        stack.append(neighbour)
                    }
                }
            }
            zones.append((level, size))
        }
        // Columns only for the zone sizes that occur (PyRadiomics deletes the empty ones; values are unchanged),
        // so a large zone does not allocate levels × largest-size cells.
        let index = binned.compactIndex
        let m = binned.grayLevels.count
        let sizes = Array(Set(zones.map(\.size))).sorted()
        var column = [Int: Int](minimumCapacity: sizes.count)
        for (n, size) in sizes.enumerated() { column[size] = n }
        var p = [Double](repeating: 0, count: m * max(sizes.count, 1))
        for zone in zones { p[index[Int(zone.level)] * sizes.count + column[zone.size]!] += 1 }
        let total = Double(zones.count)
        let stats = LevelLengthStatistics(matrix: p, levels: binned.grayLevels.map(Double.init),
                                          lengths: sizes.isEmpty ? [1] : sizes.map(Double.init), total: total == 0 ? 1 : total)
        return names.compactMap { name in
            let value: Double
            switch name {
            case "SmallAreaEmphasis": value = stats.shortEmphasis
            case "LargeAreaEmphasis": value = stats.longEmphasis
            case "GrayLevelNonUniformity": value = stats.grayLevelNonUniformity
            case "GrayLevelNonUniformityNormalized": value = stats.grayLevelNonUniformityNormalized
            case "SizeZoneNonUniformity": value = stats.lengthNonUniformity
            case "SizeZoneNonUniformityNormalized": value = stats.lengthNonUniformityNormalized
            case "ZonePercentage": value = stats.percentage
            case "GrayLevelVariance": value = stats.grayLevelVariance
            case "ZoneVariance": value = stats.lengthVariance
            case "ZoneEntropy": value = stats.entropy
            case "LowGrayLevelZoneEmphasis": value = stats.lowGrayLevelEmphasis
            case "HighGrayLevelZoneEmphasis": value = stats.highGrayLevelEmphasis
            case "SmallAreaLowGrayLevelEmphasis": value = stats.shortLowGrayLevelEmphasis
            case "SmallAreaHighGrayLevelEmphasis": value = stats.shortHighGrayLevelEmphasis
            case "LargeAreaLowGrayLevelEmphasis": value = stats.longLowGrayLevelEmphasis
            case "LargeAreaHighGrayLevelEmphasis": value = stats.longHighGrayLevelEmphasis
            default: return nil
            }
            return (name, value)
        }
    }
}
