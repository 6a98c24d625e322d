import Foundation
import VolumeModule

/// Gray-level run-length matrix and features (PyRadiomics `glrlm`, IBSI 1 §3.7). One matrix per one-directional
/// offset (13 in 3D): runs of equal level along the offset's line, broken by voxels outside the ROI. An offset
/// along which no line holds more than one ROI voxel is dropped (PyRadiomics: "segmentation is 2D for this
/// angle"). Features are computed per offset and averaged, or on the weighted merge (`weightingNorm`).
enum GLRLMFeatures {
    static func compute(_ binned: BinnedROI, padded: PaddedLevels, settings: ExtractionSettings,
                        names: [String]) -> [(String, Double)] {
        let offsets = NeighbourOffsets(for: binned, distances: [1], bidirectional: false, settings: settings)
        let size = binned.size
        let maxRun = max(size.i, size.j, size.k)
        let index = binned.compactIndex
        let m = binned.grayLevels.count
        var matrices: [[Double]] = parallelMap(offsets.offsets.count) { a in
            runEnds(padded, offset: offsets.offsets[a], index: index, m: m, maxRun: maxRun)
                ?? runLengthMatrix(padded, offset: offsets.offsets[a], index: index, m: m, maxRun: maxRun)
        }
        if let norm = settings.weightingNorm {
            let s = binned.spacing
            var merged = [Double](repeating: 0, count: m * maxRun)
            for (a, o) in offsets.offsets.enumerated() {
                let d = (Double(abs(o.0)) * s.z, Double(abs(o.1)) * s.y, Double(abs(o.2)) * s.x)
                let w: Double = switch norm {
                case .infinity: max(d.0, d.1, d.2)
                case .euclidean: (d.0 * d.0 + d.1 * d.1 + d.2 * d.2).squareRoot()
                case .manhattan: d.0 + d.1 + d.2
                case .noWeighting: 1
                }
                for n in merged.indices { merged[n] += matrices[a][n] * w }
            }
            matrices = [merged]
        }
        if matrices.count > 1 { matrices = matrices.filter { $0.contains { $0 != 0 } } }
        let levels = binned.grayLevels.map(Double.init)
        let lengths = (1...maxRun).map(Double.init)
        let stats = matrices.map { p -> LevelLengthStatistics in
            let total = p.reduce(0, +)
            return LevelLengthStatistics(matrix: p, levels: levels, lengths: lengths, total: total == 0 ? .nan : total)
        }
        func mean(_ f: (LevelLengthStatistics) -> Double) -> Double { nanMean(stats.map(f)) }
        return names.compactMap { name in
            let value: Double
            switch name {
            case "ShortRunEmphasis": value = mean(\.shortEmphasis)
            case "LongRunEmphasis": value = mean(\.longEmphasis)
            case "GrayLevelNonUniformity": value = mean(\.grayLevelNonUniformity)
            case "GrayLevelNonUniformityNormalized": value = mean(\.grayLevelNonUniformityNormalized)
            case "RunLengthNonUniformity": value = mean(\.lengthNonUniformity)
            case "RunLengthNonUniformityNormalized": value = mean(\.lengthNonUniformityNormalized)
            case "RunPercentage": value = mean(\.percentage)
            case "GrayLevelVariance": value = mean(\.grayLevelVariance)
            case "RunVariance": value = mean(\.lengthVariance)
            case "RunEntropy": value = mean(\.entropy)
            case "LowGrayLevelRunEmphasis": value = mean(\.lowGrayLevelEmphasis)
            case "HighGrayLevelRunEmphasis": value = mean(\.highGrayLevelEmphasis)
            case "ShortRunLowGrayLevelEmphasis": value = mean(\.shortLowGrayLevelEmphasis)
            case "ShortRunHighGrayLevelEmphasis": value = mean(\.shortHighGrayLevelEmphasis)
            case "LongRunLowGrayLevelEmphasis": value = mean(\.longLowGrayLevelEmphasis)
            case "LongRunHighGrayLevelEmphasis": value = mean(\.longHighGrayLevelEmphasis)
            default: return nil
            }
            return (name, value)
        }
    }

    /// Runs along one offset, counted where they end, in one raster sweep of the padded grid: a voxel's run length
    /// is its predecessor's plus one when the predecessor (one step back along the offset, oriented so that it comes
    /// earlier in memory: a run is the same read either way) has the same level, else one; a voxel whose successor
    /// has another level ends its run. Lengths live in two planes (the predecessor is at most one plane back), and
    /// the loop has no data-dependent branch: a voxel that ends no run is counted in a scratch cell. Returns `nil`
    /// when no two ROI voxels are adjacent along the offset: then whether some line still holds two ROI voxels
    /// (PyRadiomics keeps the matrix) needs the line walk.
    static func runEnds(_ padded: PaddedLevels, offset o: (Int, Int, Int), index: [Int], m: Int,
                        maxRun: Int) -> [Double]? {
        // Orient the offset backwards in memory order: (dz, dy, dx) with dz > 0, or dz = 0 and dy > 0, or dx > 0.
        let flip = o.0 < 0 || (o.0 == 0 && (o.1 < 0 || (o.1 == 0 && o.2 < 0)))
        let (dz, dy, dx) = flip ? (-o.0, -o.1, -o.2) : o
        let (ny, nz, px, py, pad) = (padded.ny, padded.nz, padded.px, padded.py, padded.pad)
        let plane = px * py
        let step = dx + px * (dy + py * dz)
        // Four interleaved copies of the counts (voxel x mod 4): consecutive voxels ending runs in the same cell would
        // otherwise wait for each other's increment. Each copy has one scratch cell at its end.
        let cells = m * maxRun, copies = 4, copyStride = cells + 1
        var counts = [UInt32](repeating: 0, count: copies * copyStride)
        var lengths = [Int32](repeating: 0, count: 2 * plane)
        // Row start minus one per level, so a run of length r of level l lands at rowBase[l] + r (level 0: scratch).
        var rowBase = index.map { Int32($0 * maxRun - 1) }
        if !rowBase.isEmpty { rowBase[0] = Int32(cells) }
        var adjacent: Int32 = 0
        let scratch = Int32(cells)
        let alongX = dz == 0 && dy == 0
        padded.levels.withUnsafeBufferPointer { grid in
            rowBase.withUnsafeBufferPointer { rowBase in
                counts.withUnsafeMutableBufferPointer { counts in
                    lengths.withUnsafeMutableBufferPointer { lengths in
                        for z in 0..<nz {
                            let current = (z & 1) * plane, previous = ((z - dz) & 1) * plane
                            for y in 0..<ny {
                                let row = pad + px * ((y + pad) + py * (z + pad))
                                let lengthRow = current + pad + px * (y + pad)
                                let predecessorRow = previous + pad + px * (y + pad - dy) - dx
                                // Only the row's ROI span: a background voxel ends no run, and its length is never
                                // read (a predecessor's length counts only when it has the voxel's level).
                                // Along x the predecessor is the previous voxel: its length stays in a register.
                                var rowAdjacent: Int32 = 0, previousLength: Int32 = 0
                                for x in padded.span(y, z) {
                                    let q = row &+ x
                                    let level = grid[q]
                                    let same = Self.isZero(grid[q &- step] ^ level)
                                    let length = same &* (alongX ? previousLength : lengths[predecessorRow &+ x]) &+ 1
                                    lengths[lengthRow &+ x] = length
                                    previousLength = length
                                    // Levels are ≥ 0: 1 inside the ROI, 0 outside.
                                    let inside = 1 &- Self.isZero(level)
                                    rowAdjacent |= same & inside
                                    // All ones when this voxel ends a run, else zero: selects the cell without a branch.
                                    let ends = 0 &- (inside & (1 &- Self.isZero(grid[q &+ step] ^ level)))
                                    let cell = (ends & (rowBase[Int(level)] &+ length)) | (~ends & scratch)
                                    counts[Int(cell) &+ (x & 3) &* copyStride] &+= 1
                                }
                                adjacent |= rowAdjacent
                            }
                        }
                    }
                }
            }
        }
        guard adjacent != 0 else { return nil }
        return (0..<cells).map { n in
            Double((0..<copies).reduce(UInt32(0)) { $0 &+ counts[n + $1 * copyStride] })
        }
    }

    /// 1 when `x` is zero, else 0, without a branch.
    @inline(__always) static func isZero(_ x: Int32) -> Int32 {
        let bits = UInt32(bitPattern: x)
        return Int32(bitPattern: ((bits | (0 &- bits)) >> 31) ^ 1)
    }

    /// Runs along one offset (dz, dy, dx), components in −1…1: every line starts at a crop voxel whose predecessor
    /// lies outside the crop and is walked for its known length (no per-step bounds checks). Returns P (levels ×
    /// run lengths, row-major), zeroed when no line holds two ROI voxels.
    static func runLengthMatrix(_ padded: PaddedLevels, offset o: (Int, Int, Int), index: [Int], m: Int,
                                maxRun: Int) -> [Double] {
        precondition(abs(o.0) <= 1 && abs(o.1) <= 1 && abs(o.2) <= 1, "GLRLM offsets are unit steps")
        let nx = padded.nx, ny = padded.ny, nz = padded.nz, px = padded.px, py = padded.py, pad = padded.pad
        let step = o.2 + px * (o.1 + py * o.0)
        var p = [Double](repeating: 0, count: m * maxRun)
        // Row start minus one per level, so a run of length r of level l lands at rowBase[l] + r.
        let rowBase = index.map { $0 * maxRun - 1 }
        var multiElement = false
        /// Steps from coordinate c until the line leaves 0..<n along a unit step d.
        @inline(__always) func reach(_ c: Int, _ d: Int, _ n: Int) -> Int { d > 0 ? n - c : (d < 0 ? c + 1 : Int.max) }
        padded.levels.withUnsafeBufferPointer { levels in
            rowBase.withUnsafeBufferPointer { rowBase in
                p.withUnsafeMutableBufferPointer { p in
                    func walk(_ x: Int, _ y: Int, _ z: Int) {
                        let length = min(reach(x, o.2, nx), reach(y, o.1, ny), reach(z, o.0, nz))
                        var n = pad &+ x &+ px &* (y &+ pad &+ py &* (z &+ pad))
                        var level: Int32 = 0, run = 0, elements = 0
                        for _ in 0..<length {
                            let l = levels[n]
                            if l != 0 {
                                elements &+= 1
                                if l == level { run &+= 1 } else {
                                    if level != 0 { p[rowBase[Int(level)] &+ run] += 1 }
                                    level = l
                                    run = 1
                                }
                            } else if level != 0 {
                                p[rowBase[Int(level)] &+ run] += 1
                                level = 0
                                run = 0
                            }
                            n &+= step
                        }
                        if level != 0 { p[rowBase[Int(level)] &+ run] += 1 }
                        if elements > 1 { multiElement = true }
                    }
                    for z in 0..<nz {
                        let pz = z - o.0
                        for y in 0..<ny {
                            let py = y - o.1
                            if pz >= 0 && pz < nz && py >= 0 && py < ny {
                                // Only a voxel whose x predecessor is outside starts a line.
                                if o.2 == 1 { walk(0, y, z) } else if o.2 == -1 { walk(nx - 1, y, z) }
                                continue
                            }
                            for x in 0..<nx { walk(x, y, z) }
                        }
                    }
                }
            }
        }
        return multiElement ? p : [Double](repeating: 0, count: m * maxRun)
    }
}
