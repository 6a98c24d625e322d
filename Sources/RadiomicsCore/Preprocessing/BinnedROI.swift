import VolumeModule

/// A ``CroppedROI`` discretised once and shared by every texture class (PyRadiomics re-bins in each class).
///
/// ``levels`` holds 1-based gray levels for ROI voxels and 0 elsewhere; ``grayLevels`` lists the levels present
/// (PyRadiomics `coefficients['grayLevels']`) and ``maximumLevel`` is `Ng` (the largest level, which counts empty
/// bins below it).
public struct BinnedROI: Sendable {
    /// Crop size along x, y, z.
    public let size: Size3
    /// Voxel spacing in mm along x, y, z.
    public let spacing: Vector3
    /// Gray level per crop voxel, 0 outside the ROI.
    public let levels: [Int32]
    /// Linear offsets of the ROI voxels.
    public let roiOffsets: [Int]
    /// Sorted distinct levels present in the ROI.
    public let grayLevels: [Int]
    /// PyRadiomics `Ng`: the largest level present.
    public let maximumLevel: Int
    /// The bin edges used.
    public let edges: [Double]

    /// Discretises the ROI of `roi` with a fixed bin width or count (PyRadiomics `binImage`); `origin` fixes the
    /// first bin edge of a fixed bin width (IBSI, see ``Discretization/binEdges(minimum:maximum:binWidth:binCount:origin:)``).
    /// - Precondition: the ROI is not empty.
    public init(_ roi: CroppedROI, binWidth: Double, binCount: Int?, origin: Double? = nil) {
        self.init(roiValues: roi.roiValues, size: roi.size, spacing: roi.spacing, roiOffsets: roi.roiOffsets,
                  binWidth: binWidth, binCount: binCount, origin: origin)
    }

    /// Discretises ROI intensities given one per ROI voxel, in the order of `roiOffsets` (no crop of the whole
    /// bounding box needed).
    /// - Parameters:
    ///   - roiValues: the intensity of each ROI voxel, `roiValues[n]` at crop offset `roiOffsets[n]`.
    ///   - size: crop size along x, y, z.
    ///   - spacing: voxel spacing in mm along x, y, z.
    ///   - roiOffsets: linear crop offsets of the ROI voxels, ascending.
    /// - Precondition: the ROI is not empty; one value per offset.
    init(roiValues: [Double], size: Size3, spacing: Vector3, roiOffsets: [Int], binWidth: Double, binCount: Int?,
         origin: Double? = nil) {
        precondition(!roiOffsets.isEmpty && roiValues.count == roiOffsets.count, "empty ROI")
        var lo = Double.infinity, hi = -Double.infinity
        for x in roiValues { lo = min(lo, x); hi = max(hi, x) }
        let edges = Discretization.binEdges(minimum: lo, maximum: hi, binWidth: binWidth, binCount: binCount,
                                             origin: origin)
        var levels = [Int32](repeating: 0, count: size.count)
        var present = [Bool](repeating: false, count: edges.count + 1)
        roiValues.withUnsafeBufferPointer { values in
            levels.withUnsafeMutableBufferPointer { levels in
                edges.withUnsafeBufferPointer { edges in
                    // Fixed bin width: guess the level from the arithmetic, then settle it against the edges, so
                    // the result is exactly the binary search's (number of edges ≤ x).
                    let width = binCount == nil && edges.count > 2 ? edges[1] - edges[0] : 0
                    for (n, offset) in roiOffsets.enumerated() {
                        let x = values[n]
                        var level: Int
                        if width > 0 {
                            let guess = ((x - edges[0]) / width).rounded(.down) + 1
                            level = guess.isFinite ? Int(min(max(guess, 0), Double(edges.count)))
                                : Discretization.level(of: x, edges: edges)
                            while level < edges.count && edges[level] <= x { level += 1 }
                            while level > 0 && edges[level - 1] > x { level -= 1 }
                        } else {
                            level = Discretization.level(of: x, edges: edges)
                        }
                        levels[offset] = Int32(level)
                        present[level] = true
                    }
                }
            }
        }
        self.size = size
        self.spacing = spacing
        self.levels = levels
        self.roiOffsets = roiOffsets
        self.grayLevels = present.indices.filter { present[$0] }
        self.maximumLevel = grayLevels.last ?? 0
        self.edges = edges
    }

    /// Index of each level 1…Ng in ``grayLevels`` (−1 for absent levels), for compacting matrices.
    public var compactIndex: [Int] {
        var index = [Int](repeating: -1, count: maximumLevel + 1)
        for (n, level) in grayLevels.enumerated() { index[level] = n }
        return index
    }

    /// The same discretisation without the per-voxel ``levels`` (empty), for consumers that read the levels from a
    /// ``PaddedLevels`` copy: holding both doubles the memory of every image waiting for its classes.
    func droppingLevels() -> BinnedROI { BinnedROI(dropping: self) }

    private init(dropping other: BinnedROI) {
        size = other.size
        spacing = other.spacing
        levels = []
        roiOffsets = other.roiOffsets
        grayLevels = other.grayLevels
        maximumLevel = other.maximumLevel
        edges = other.edges
    }
}
