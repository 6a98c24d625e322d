import VolumeModule

/// Gray-level size-zone matrix and features (PyRadiomics `glszm`, IBSI 1 §3.8): zones are 26-connected (8 in 2D
/// mode) groups of ROI voxels with equal level; P(i, s) counts zones of level i and size s. One matrix (no
/// directions).
enum GLSZMFeatures {
    static func compute(_ binned: BinnedROI, settings: ExtractionSettings,
                        names: [String]) -> [(String, Double)] {
        let offsets = NeighbourOffsets(for: binned, distances: [1], bidirectional: true, settings: settings)
        let strides = offsets.strides(in: binned.size)
        let dx = offsets.offsets.map(\.2), dy = offsets.offsets.map(\.1), dz = offsets.offsets.map(\.0)
        let nx = binned.size.i, ny = binned.size.j, nz = binned.size.k, nxy = nx * ny
        var visited = [Bool](repeating: false, count: binned.levels.count)
        var zoneLevels: [Int32] = [], zoneSizes: [Int] = []
        var stack = [Int](repeating: 0, count: binned.levels.count)
        binned.levels.withUnsafeBufferPointer { levels in
            visited.withUnsafeMutableBufferPointer { visited in
                stack.withUnsafeMutableBufferPointer { stack in
                    strides.withUnsafeBufferPointer { strides in
                        dx.withUnsafeBufferPointer { dx in
                            dy.withUnsafeBufferPointer { dy in
                                dz.withUnsafeBufferPointer { dz in
                                    for start in binned.roiOffsets where !visited[start] {
                                        // Flood fill with an explicit stack (each voxel is pushed at most once).
                                        let level = levels[start]
                                        visited[start] = true
                                        stack[0] = start
                                        var top = 1, size = 0
                                        while top > 0 {
                                            top &-= 1
                                            let n = stack[top]
                                            size &+= 1
                                            let x = n % nx, y = (n % nxy) / nx, z = n / nxy
                                            for a in 0..<strides.count {
                                                let xx = x &+ dx[a], yy = y &+ dy[a], zz = z &+ dz[a]
                                                guard xx >= 0, xx < nx, yy >= 0, yy < ny, zz >= 0, zz < nz else { continue }
                                                let neighbour = n &+ strides[a]
                                                if !visited[neighbour] && levels[neighbour] == level {
                                                    visited[neighbour] = true
                                                    stack[top] = neighbour
                                                    top &+= 1
                                                }
                                            }
                                        }
                                        zoneLevels.append(level)
                                        zoneSizes.append(size)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let zones = zip(zoneLevels, zoneSizes).map { (level: $0, size: $1) }
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
