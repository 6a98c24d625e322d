import Foundation
import VolumeModule

/// Voxel-wise maps derived from diffusion-weighted volumes of one series: the trace-weighted image of one
/// b-value and the apparent diffusion coefficient (ADC) over several b-values, as scanners' TRACEW and ADC
/// series. Inputs must lie on congruent grids (same series, same slices).
public enum DiffusionMaps {
    /// The trace-weighted image: per voxel the geometric mean of the direction volumes of one b-value,
    /// (∏ Sᵢ)^(1/n). A voxel with any Sᵢ ≤ 0 (or not finite) is 0.
    /// - Parameter directions: the volumes of one b-value, one per gradient direction (at least 1).
    /// - Throws: ``PipelineError/diffusionMap(_:)`` for no volume or grids that differ (tolerance 10⁻⁴).
    public static func traceWeighted(_ directions: [Volume<Float>]) throws -> Volume<Float> {
        guard let first = directions.first else { throw PipelineError.diffusionMap("no direction volume for the trace-weighted image") }
        guard directions.allSatisfy({ $0.geometry.isCongruent(with: first.geometry) && $0.voxels.count == first.voxels.count }) else {
            throw PipelineError.diffusionMap("the volumes are not on congruent grids")
        }
        let n = Double(directions.count)
        var out = [Float](repeating: 0, count: first.voxels.count)
        for v in out.indices {
            var logSum = 0.0
            var valid = true
            for d in directions {
                let s = Double(d.voxels[v])
                guard s > 0, s.isFinite else { valid = false; break }
                logSum += log(s)
            }
            out[v] = valid ? Float(exp(logSum / n)) : 0
        }
        return Volume(geometry: first.geometry, voxels: out)
    }

    /// The apparent diffusion coefficient in 10⁻⁶ mm²/s (as scanners store it): per voxel the
    /// mono-exponential least-squares fit S(b) = S₀·e^(−b·ADC), i.e. the negated slope of ln S against b, over
    /// the volumes with b ≥ `lowBCutoff`. A voxel with any S ≤ 0 among them, or a negative fitted ADC, is 0.
    /// - Parameters:
    ///   - volumes: (b-value in s/mm², trace-weighted volume) pairs.
    ///   - lowBCutoff: smallest b-value used, in s/mm² (0 uses all; e.g. 50–100 to leave out perfusion).
    /// - Throws: ``PipelineError/diffusionMap(_:)`` with fewer than two distinct b-values at or above the
    ///   cut-off, or grids that differ.
    public static func apparentDiffusionCoefficient(_ volumes: [(bValue: Double, volume: Volume<Float>)],
                                                    lowBCutoff: Double = 0) throws -> Volume<Float> {
        let used = volumes.filter { $0.bValue >= lowBCutoff && $0.bValue.isFinite }
        let distinct = Set(used.map(\.bValue)).count
        guard distinct >= 2, let first = used.first?.volume else {
            throw PipelineError.diffusionMap("ADC needs at least 2 distinct b-values at or above the cut-off, found \(distinct)")
        }
        guard used.allSatisfy({ $0.volume.geometry.isCongruent(with: first.geometry) && $0.volume.voxels.count == first.voxels.count }) else {
            throw PipelineError.diffusionMap("the volumes are not on congruent grids")
        }
        let b = used.map(\.bValue)
        let meanB = b.reduce(0, +) / Double(b.count)
        let sxx = b.reduce(0) { $0 + ($1 - meanB) * ($1 - meanB) }
        var out = [Float](repeating: 0, count: first.voxels.count)
        for v in out.indices {
            var logs: [Double] = []
            logs.reserveCapacity(used.count)
            for u in used {
                let s = Double(u.volume.voxels[v])
                guard s > 0, s.isFinite else { break }
                logs.append(log(s))
            }
            guard logs.count == used.count else { continue }
            let meanY = logs.reduce(0, +) / Double(logs.count)
            var sxy = 0.0
            for (x, y) in zip(b, logs) { sxy += (x - meanB) * (y - meanY) }
            let adc = -sxy / sxx * 1e6
            out[v] = adc > 0 && adc.isFinite ? Float(adc) : 0
        }
        return Volume(geometry: first.geometry, voxels: out)
    }
}
