import DICOMBackend
import VolumeModule

/// An image-based plausibility check of the identified phases of one study, on the common grid of an
/// alignment: it can confirm the header-based phases or flag a contradiction, never change them.
///
/// Tissue voxels are those inside every phase's field of view whose lowest HU over all phases lies in
/// ``tissueRange`` (excludes air, fat and bone, which do not enhance). Over them, per phase: the mean HU
/// (parenchymal enhancement: liver peaks in the portal venous phase) and the 99.9th percentile (vessel
/// peak: the aorta, about 1 % of abdominal soft tissue, peaks in the arterial phase). Expected: the lowest
/// mean is the non-contrast phase, the highest 99.9th percentile the arterial phase, the highest mean the
/// portal venous phase. A statistic whose
/// winner beats the runner-up by less than ``margin`` HU is inconclusive. Statistics use at most about
/// ``maximumSamples`` grid voxels (a regular stride), so memory stays bounded for large grids.
public struct PhaseImageCheck: Sendable, Codable, Equatable {
    /// Statistics of one aligned phase.
    public struct Statistics: Sendable, Codable, Equatable {
        public var volume: String
        public var phase: ContrastPhase
        /// Mean HU over the tissue voxels.
        public var meanHU: Double
        /// 99.9th percentile (nearest rank) of HU over the tissue voxels: the brightest vessel.
        public var vesselPeakHU: Double
    }

    /// Number of tissue voxels used.
    public var tissueVoxels: Int
    public var statistics: [Statistics]
    /// What the check concluded (agreements, inconclusive statistics).
    public var findings: [String]
    /// Contradictions with the identified phases.
    public var conflicts: [String]

    /// Lowest-over-phases HU range of tissue voxels.
    public static let tissueRange: ClosedRange<Float> = -50...150
    /// Smallest winning margin (HU) for a conclusive statistic. A project default, not validated on
    /// clinical data: mean tissue HU of whole-abdomen fields of view differ by only a few HU between phases
    /// (liver is a fraction of the tissue), while its standard error over thousands of voxels is ≪ 1 HU.
    public static let margin = 3.0
    /// Upper bound on sampled grid voxels.
    public static let maximumSamples = 1 << 20

    /// Stride (same on every axis) that keeps a grid's sample count at most ``maximumSamples``.
    public static func stride(for grid: VolumeGeometry) -> Int {
        var s = 1
        while (grid.size.i + s - 1) / s * ((grid.size.j + s - 1) / s) * ((grid.size.k + s - 1) / s) > maximumSamples { s += 1 }
        return s
    }

    /// The values of `volume` (and of `valid`) at the sampled voxels, in a fixed order.
    public static func sample(_ volume: Volume<Float>, valid: Mask, stride s: Int) -> (values: [Float], valid: [UInt8]) {
        let n = volume.geometry.size
        var values: [Float] = [], flags: [UInt8] = []
        for k in Swift.stride(from: 0, to: n.k, by: s) {
            for j in Swift.stride(from: 0, to: n.j, by: s) {
                for i in Swift.stride(from: 0, to: n.i, by: s) {
                    let o = n.offset(i, j, k)
                    values.append(volume.voxels[o])
                    flags.append(valid.voxels[o])
                }
            }
        }
        return (values, flags)
    }

    /// Evaluates the check on samples taken at the same grid voxels of every phase. Per-volume notes (for
    /// the volumes' evidence) come back in `notes`, conflicts prefixed "image check contradicts".
    public static func evaluate(values: [[Float]], valid: [[UInt8]], phases: [ContrastPhase], volumes: [String])
        -> (check: PhaseImageCheck, notes: [[String]])
    {
        precondition(values.count == phases.count && valid.count == phases.count && volumes.count == phases.count)
        var notes = [[String]](repeating: [], count: phases.count)
        guard phases.count >= 2, let count = values.first?.count else {
            return (PhaseImageCheck(tissueVoxels: 0, statistics: [], findings: ["fewer than two phases: no image check"], conflicts: []), notes)
        }
        var tissue: [Int] = []
        for v in 0..<count where valid.allSatisfy({ $0[v] == 1 }) {
            if tissueRange.contains(values.map { $0[v] }.min()!) { tissue.append(v) }
        }
        guard tissue.count >= 100 else {
            return (PhaseImageCheck(tissueVoxels: tissue.count, statistics: [], findings: ["too few tissue voxels common to all phases: no image check"],
                                    conflicts: []), notes)
        }
        let stats = phases.indices.map { p -> Statistics in
            let x = tissue.map { Double(values[p][$0]) }.sorted()
            let mean = x.reduce(0, +) / Double(x.count)
            let rank = min(x.count - 1, max(0, Int((0.999 * Double(x.count)).rounded(.up)) - 1))
            return Statistics(volume: volumes[p], phase: phases[p], meanHU: mean, vesselPeakHU: x[rank])
        }
        var findings: [String] = [], conflicts: [String] = []
        func check(_ phase: ContrastPhase, _ what: String, _ key: (Statistics) -> Double, highest: Bool) {
            let order = stats.indices.sorted { highest ? key(stats[$0]) > key(stats[$1]) : key(stats[$0]) < key(stats[$1]) }
            guard phases.contains(phase) else { return }
            guard abs(key(stats[order[0]]) - key(stats[order[1]])) >= margin else {
                findings.append("image check: \(what) inconclusive (margin below \(margin) HU)")
                return
            }
            let winner = order[0]
            if phases[winner] == phase {
                findings.append("image check: \(what) is in the \(phase.rawValue) volume (agrees)")
                notes[winner].append("image check: \(what) agrees with \(phase.rawValue)")
            } else {
                let text = "image check contradicts: \(what) is in volume \(volumes[winner]) (\(phases[winner].rawValue)), not in the \(phase.rawValue) volume"
                conflicts.append(text)
                notes[winner].append(text)
                for n in phases.indices where phases[n] == phase { notes[n].append(text) }
            }
        }
        check(.nonContrast, "the lowest mean tissue HU", { $0.meanHU }, highest: false)
        check(.arterial, "the highest 99.9th-percentile tissue HU (vessel peak)", { $0.vesselPeakHU }, highest: true)
        check(.portalVenous, "the highest mean tissue HU (parenchymal peak)", { $0.meanHU }, highest: true)
        return (PhaseImageCheck(tissueVoxels: tissue.count, statistics: stats, findings: findings, conflicts: conflicts), notes)
    }
}
