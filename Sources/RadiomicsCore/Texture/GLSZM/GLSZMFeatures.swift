import VolumeModule

/// Gray-level size-zone matrix and features (PyRadiomics `glszm`, IBSI 1 §3.8): zones are 26-connected (8 in 2D
/// mode) groups of ROI voxels with equal level; P(i, s) counts zones of level i and size s. One matrix (no
/// directions).
enum GLSZMFeatures {
    static func compute(_ binned: BinnedROI, padded: PaddedLevels, settings: ExtractionSettings,
                        names: [String]) -> [(String, Double)] {
        let (zoneLevels, zoneSizes) = zonesOf(binned, padded: padded, settings: settings)
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

    /// The zones (level, voxel count) in order of their first voxel (memory order). Flood fill on a copy of the
    /// levels padded with one background voxel on every side, so neighbours never leave the grid (no bounds checks,
    /// no divisions); a visited voxel's level is set to 0.
    static func zonesOf(_ binned: BinnedROI, padded: PaddedLevels,
                        settings: ExtractionSettings) -> (levels: [Int32], sizes: [Int]) {
        // 16-bit padded levels when they fit (half the memory of the usual case).
        binned.maximumLevel <= Int(UInt16.max)
            ? zonesOf(binned, padded: padded, settings: settings, as: UInt16.self)
            : zonesOf(binned, padded: padded, settings: settings, as: UInt32.self)
    }

    static func zonesOf<Level: FixedWidthInteger & UnsignedInteger>(
        _ binned: BinnedROI, padded: PaddedLevels, settings: ExtractionSettings, as _: Level.Type
    ) -> (levels: [Int32], sizes: [Int]) {
        let offsets = NeighbourOffsets(for: binned, distances: [1], bidirectional: true, settings: settings)
        let nx = binned.size.i, ny = binned.size.j, nz = binned.size.k
        let px = nx + 2, py = ny + 2, pz = nz + 2
        let strides = offsets.offsets.map { $0.2 + px * ($0.1 + py * $0.0) }
        var grid = [Level](repeating: 0, count: px * py * pz)
        var zoneLevels: [Int32] = [], zoneSizes: [Int] = []
        // Padded offsets fit Int32 for any crop this runs on (≤ 2³¹ voxels); half the stack memory of Int.
        precondition(px * py * pz < Int(Int32.max), "crop too large")
        var stack = [Int32](repeating: 0, count: max(binned.roiOffsets.count, 1))
        let pad = padded.pad, ppx = padded.px, ppy = padded.py
        padded.levels.withUnsafeBufferPointer { levels in
            grid.withUnsafeMutableBufferPointer { grid in
                for z in 0..<nz {
                    for y in 0..<ny {
                        let source = pad + ppx * ((y + pad) + ppy * (z + pad)), target = 1 + px * ((y + 1) + py * (z + 1))
                        for x in 0..<nx { grid[target &+ x] = Level(truncatingIfNeeded: levels[source &+ x]) }
                    }
                }
                stack.withUnsafeMutableBufferPointer { stack in
                    strides.withUnsafeBufferPointer { strides in
                        for z in 1...nz {
                            for y in 1...ny {
                                let row = px * (y + py * z)
                                // Zones start at ROI voxels: only the row's ROI span is scanned.
                                let span = padded.span(y - 1, z - 1)
                                for x in (span.lowerBound + 1)..<(span.upperBound + 1) {
                                    let start = row &+ x
                                    let level = grid[start]
                                    if level == 0 { continue }
                                    // Flood fill with an explicit stack (each voxel is pushed at most once).
                                    grid[start] = 0
                                    stack[0] = Int32(truncatingIfNeeded: start)
                                    var top = 1, size = 0
                                    while top > 0 {
                                        top &-= 1
                                        let n = Int(stack[top])
                                        size &+= 1
                                        for a in 0..<strides.count {
                                            let neighbour = n &+ strides[a]
                                            if grid[neighbour] == level {
                                                grid[neighbour] = 0
                                                stack[top] = Int32(truncatingIfNeeded: neighbour)
                                                top &+= 1
                                            }
                                        }
                                    }
                                    zoneLevels.append(Int32(truncatingIfNeeded: level))
                                    zoneSizes.append(size)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (zoneLevels, zoneSizes)
    }
}
