import Foundation
import VolumeModule

/// Gray-level co-occurrence matrices, one per neighbour offset, as PyRadiomics 3.1.0 builds them
/// (`_cmatrices.calculate_glcm` + `glcm._calculateMatrix`): counts of (level(v), level(v + a)) for ROI voxel pairs
/// inside the crop, rows and columns of absent levels removed, optionally symmetrised (P + Pᵀ), optionally merged
/// over offsets with distance weights (`weightingNorm`), offsets without pairs dropped, each normalised to sum 1.
///
/// IBSI 1 §3.6 (GLCM); "3D, averaged" aggregation when not merged.
struct GLCMMatrices {
    /// Normalised matrices, each `m × m` row-major over the present levels (`m = grayLevels.count`).
    var matrices: [[Double]]
    /// Number of present levels.
    var m: Int

    init(_ binned: BinnedROI, padded: PaddedLevels, settings: ExtractionSettings) {
        let offsets = NeighbourOffsets(for: binned, distances: settings.distances, bidirectional: false, settings: settings)
        let strides = padded.strides(offsets)
        let index = binned.compactIndex
        let m = binned.grayLevels.count
        self.m = m
        var counts: [[Double]] = parallelMap(offsets.offsets.count) { a in
            // Integer counts (exact; a repeated cell waits for an integer add, not a floating-point one), then Double.
            var integerCounts = [UInt32](repeating: 0, count: m * m)
            let s = strides[a]
            // A neighbour outside the crop reads 0 on the padded grid and is skipped, as PyRadiomics does.
            padded.levels.withUnsafeBufferPointer { grid in
                index.withUnsafeBufferPointer { index in
                    integerCounts.withUnsafeMutableBufferPointer { p in
                        padded.forEachROIVoxel(grid) { q, level in
                            let other = grid[q &+ s]
                            if other != 0 { p[index[Int(level)] &* m &+ index[Int(other)]] &+= 1 }
                        }
                    }
                }
            }
            var p = integerCounts.map { Double($0) }
            if settings.symmetricalGLCM {
                for i in 0..<m { for j in i..<m { let t = p[i * m + j] + p[j * m + i]; p[i * m + j] = t; p[j * m + i] = t } }
            }
            return p
        }
        if let norm = settings.weightingNorm {
            let s = binned.spacing
            var merged = [Double](repeating: 0, count: m * m)
            for (a, o) in offsets.offsets.enumerated() {
                let d = (Double(abs(o.0)) * s.z, Double(abs(o.1)) * s.y, Double(abs(o.2)) * s.x)
                let w: Double = switch norm {
                case .infinity: exp(-pow(max(d.0, d.1, d.2), 2))
                case .euclidean: exp(-(d.0 * d.0 + d.1 * d.1 + d.2 * d.2))
                case .manhattan: exp(-pow(d.0 + d.1 + d.2, 2))
                case .noWeighting: 1
                }
                for n in 0..<(m * m) { merged[n] += counts[a][n] * w }
            }
            counts = [merged]
        }
        let sums = counts.map { $0.reduce(0, +) }
        if counts.count > 1 { counts = zip(counts, sums).filter { $0.1 != 0 }.map(\.0) }
        matrices = counts.map { p in
            let total = p.reduce(0, +)
            return p.map { total == 0 ? .nan : $0 / total }
        }
    }
}
