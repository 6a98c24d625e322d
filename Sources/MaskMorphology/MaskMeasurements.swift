import VolumeModule

/// Size and position of a structure: what a pipeline writes to `measurements.json`.
public struct MaskMeasurements: Sendable, Codable, Hashable {
    /// Number of non-zero voxels.
    public var voxelCount: Int
    /// Volume in millilitres (voxel count × voxel volume / 1000).
    public var volumeML: Double
    /// Centre of mass of the voxel centres, LPS mm; `nil` for an empty mask.
    public var centroid: Vector3?
    /// Longest axial diameter; `nil` for an empty mask.
    public var longestAxialDiameter: AxialDiameter?

    /// Creates measurements.
    public init(voxelCount: Int, volumeML: Double, centroid: Vector3?, longestAxialDiameter: AxialDiameter?) {
        self.voxelCount = voxelCount
        self.volumeML = volumeML
        self.centroid = centroid
        self.longestAxialDiameter = longestAxialDiameter
    }

    /// Measures the non-zero voxels of `mask`.
    /// - Throws: ``MaskMorphologyError/nonOrthonormalDirection`` (from the diameter).
    public static func measure(_ mask: Mask) throws -> MaskMeasurements {
        let (count, centroid) = centroid(of: mask)
        return MaskMeasurements(voxelCount: count, volumeML: Double(count) * mask.geometry.voxelVolume / 1000,
                                centroid: centroid, longestAxialDiameter: try AxialDiameter.longest(in: mask))
    }

    /// The number of non-zero voxels of `mask` and their centroid (mean voxel centre, LPS mm; `nil` when there
    /// is none), without the diameter's cost.
    public static func centroid(of mask: Mask) -> (voxelCount: Int, centroid: Vector3?) {
        let n = mask.size
        var count = 0
        var sum = (0.0, 0.0, 0.0)
        mask.voxels.withUnsafeBufferPointer { voxels in
            for k in 0..<n.k {
                for j in 0..<n.j {
                    let row = n.offset(0, j, k)
                    for i in 0..<n.i where voxels[row + i] != 0 {
                        count += 1
                        sum = (sum.0 + Double(i), sum.1 + Double(j), sum.2 + Double(k))
                    }
                }
            }
        }
        let centroid = count == 0 ? nil
            : mask.geometry.physicalPoint(at: Vector3(sum.0 / Double(count), sum.1 / Double(count), sum.2 / Double(count)))
        return (count, centroid)
    }
}

/// Lipiodol retention in a tumour: coverage = |Lipiodol ∩ tumour| / |tumour|.
public struct LipiodolCoverage: Sendable, Codable, Hashable {
    /// Lipiodol voxels inside the tumour.
    public var lipiodolVoxelCount: Int
    /// Their volume in mL.
    public var lipiodolVolumeML: Double
    /// Tumour voxels.
    public var tumourVoxelCount: Int
    /// Fraction of the tumour volume covered by Lipiodol, 0…1.
    public var coverage: Double

    /// Creates a result.
    public init(lipiodolVoxelCount: Int, lipiodolVolumeML: Double, tumourVoxelCount: Int, coverage: Double) {
        self.lipiodolVoxelCount = lipiodolVoxelCount
        self.lipiodolVolumeML = lipiodolVolumeML
        self.tumourVoxelCount = tumourVoxelCount
        self.coverage = coverage
    }

    /// Measures the coverage of `tumour` by `lipiodol` (only Lipiodol inside the tumour counts).
    /// - Throws: ``MaskMorphologyError/geometryMismatch(what:)``, ``MaskMorphologyError/emptyMask(what:)``
    ///   for an empty tumour.
    public static func measure(lipiodol: Mask, tumour: Mask) throws -> LipiodolCoverage {
        try MorphologySupport.checkCongruent(lipiodol.geometry, tumour.geometry, what: "lipiodol")
        var both = 0, t = 0
        for n in 0..<tumour.voxels.count where tumour.voxels[n] != 0 {
            t += 1
            if lipiodol.voxels[n] != 0 { both += 1 }
        }
        guard t > 0 else { throw MaskMorphologyError.emptyMask(what: "tumour") }
        return LipiodolCoverage(lipiodolVoxelCount: both, lipiodolVolumeML: Double(both) * tumour.geometry.voxelVolume / 1000,
                                tumourVoxelCount: t, coverage: Double(both) / Double(t))
    }
}
