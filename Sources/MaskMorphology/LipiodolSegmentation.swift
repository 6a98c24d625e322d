import VolumeModule

/// Lipiodol (ethiodised oil) deposits on the unenhanced CT acquired within about 24 h after conventional
/// TACE: voxels of the tumour (or another region) at or above a CT-number threshold.
///
/// Default threshold: **100 HU**, a project default rather than a published standard. Unenhanced liver and
/// tumour lie around 30–70 HU and compact Lipiodol well above 150 HU; published analyses of 24 h CT use
/// several HU cut-offs (e.g. density bands in Stark et al., Sci Rep 2020;10:18026), so set `range` to your
/// protocol's value. Bone and contrast-filled structures outside the region are excluded by the region,
/// not by an upper bound (dense Lipiodol exceeds 1000 HU).
public struct LipiodolSegmentation: Sendable, Codable, Hashable {
    /// The default lower threshold in HU (see the type's discussion).
    public static let defaultThreshold = 100.0

    /// HU range counted as Lipiodol (default ≥ ``defaultThreshold``, no upper bound).
    public var range: IntensityRange
    /// Components smaller than this many mm³ are dropped (noise, streak artefacts); 0 keeps all.
    public var minimumComponentVolume: Double
    /// Adjacency for the component size filter.
    public var connectivity: Connectivity

    /// Creates a configuration.
    public init(range: IntensityRange = IntensityRange(lower: LipiodolSegmentation.defaultThreshold),
                minimumComponentVolume: Double = 0, connectivity: Connectivity = .vertices26) {
        self.range = range
        self.minimumComponentVolume = minimumComponentVolume
        self.connectivity = connectivity
    }

    /// Lipiodol inside `region` (usually the tumour) on the unenhanced post-TACE CT `image` (HU).
    /// - Returns: a binary mask (0/1) on the image's grid.
    /// - Throws: as ``ThresholdSegmentation/segment(_:range:within:)`` and
    ///   ``Volume/removingComponents(smallerThan:connectivity:dimensionality:)``.
    public func segment(_ image: Volume<Float>, within region: Mask) throws -> Mask {
        let raw = try ThresholdSegmentation.segment(image, range: range, within: region)
        guard minimumComponentVolume > 0 else { return raw }
        return try raw.removingComponents(smallerThan: minimumComponentVolume, connectivity: connectivity)
    }
}

/// Which tumour voxels count as enhancing (viable) on the arterial phase (mRECIST: viable tumour is the part
/// showing arterial enhancement; Lencioni & Llovet, Semin Liver Dis 2010;30:52–60).
public enum EnhancementRule: Sendable, Codable, Hashable {
    /// Arterial-phase HU within a range (e.g. ≥ 100 HU).
    case arterialRange(IntensityRange)
    /// Arterial minus unenhanced HU at least `minimumIncrease` (registered, congruent phases).
    case subtraction(minimumIncrease: Double)

    /// The enhancing part of `tumour`.
    /// - Parameters:
    ///   - arterial: the arterial-phase image (HU).
    ///   - unenhanced: the unenhanced image on the same grid; required for ``subtraction(minimumIncrease:)``.
    /// - Throws: ``MaskMorphologyError/invalidParameter(name:reason:)`` when `.subtraction` has no unenhanced
    ///   image, ``MaskMorphologyError/geometryMismatch(what:)`` for volumes on other grids.
    public func segment(tumour: Mask, arterial: Volume<Float>, unenhanced: Volume<Float>? = nil) throws -> Mask {
        switch self {
        case .arterialRange(let range):
            return try ThresholdSegmentation.segment(arterial, range: range, within: tumour)
        case .subtraction(let minimumIncrease):
            guard let unenhanced else {
                throw MaskMorphologyError.invalidParameter(name: "unenhanced", reason: "subtraction needs the unenhanced image")
            }
            try MorphologySupport.checkCongruent(unenhanced.geometry, arterial.geometry, what: "unenhanced")
            var difference = arterial
            for n in 0..<difference.voxels.count { difference.voxels[n] -= unenhanced.voxels[n] }
            return try ThresholdSegmentation.segment(difference, range: IntensityRange(lower: minimumIncrease), within: tumour)
        }
    }
}
