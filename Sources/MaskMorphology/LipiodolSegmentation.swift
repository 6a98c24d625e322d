import VolumeModule

/// Lipiodol (ethiodised oil) deposits on the unenhanced CT acquired within about 24 h after conventional
/// TACE: voxels of the tumour (or another region) at or above a CT-number threshold, their boundary drawn at
/// half maximum.
///
/// **Detection threshold**: **100 HU** (`range`), a project default rather than a published standard.
/// Unenhanced liver and tumour lie around 30–70 HU and compact Lipiodol well above 150 HU; published analyses
/// of 24 h CT use several HU cut-offs (e.g. density bands in Stark et al., Sci Rep 2020;10:18026), so set
/// `range` to your protocol's value. Bone and contrast-filled structures outside the region are excluded by the
/// region, not by an upper bound (dense Lipiodol exceeds 1000 HU).
///
/// **Boundary** (``Boundary``): a scanner's point spread and partial volume smear a deposit of 200–1000+ HU
/// over its neighbours, so a fixed 100 HU threshold counts a rim of voxels that are mostly liver (about +40 %
/// on a sharp 8 mm deposit blurred over one voxel). ``Boundary/halfMaximum`` (the default) drops the rim of a
/// detected deposit that stays below half-way from the background to its local peak — where a symmetric point
/// spread function puts the true edge of a blurred step (the full-width-at-half-maximum principle; for CT,
/// Prevrhal, Engelke & Kalender, Phys Med Biol 1999;44:751–764; background-corrected fractions of the maximum
/// for lesion volumes, Erdi et al., Cancer 1997;80:2505–2509). On an isolated sharp-edged deposit it is the
/// threshold exactly.
public struct LipiodolSegmentation: Sendable, Codable, Hashable {
    /// How the boundary of a detected deposit is drawn.
    public enum Boundary: String, Sendable, Codable, Hashable, CaseIterable {
        /// Every voxel in `range` counts (no partial-volume correction).
        case threshold
        /// The deposits detected in `range` are peeled from their border inwards: a border voxel is dropped
        /// while HU < background + ½ (local peak − background), and the peel stops at the first voxel that
        /// reaches it. The local peak is the highest finite HU of the voxel and its 26 neighbours in the image
        /// (inside the region or not, so a deposit cut by the region border keeps its real peak and a voxel
        /// blurred by bone outside is not taken for Lipiodol); the background is the median HU of the region's
        /// voxels below the detection threshold (the threshold itself when the region has none). Only the rim is
        /// tested, so a heterogeneous deposit keeps its interior (a 300 HU zone around a 1000 HU core stays);
        /// each deposit keeps at least its peak voxel. Blur wider than one voxel beyond the edge and deposits
        /// thinner than the point spread (about a voxel) are still overestimated.
        case halfMaximum = "half_maximum"
    }

    /// The default lower threshold in HU (see the type's discussion).
    public static let defaultThreshold = 100.0

    /// HU range counted as Lipiodol (default ≥ ``defaultThreshold``, no upper bound): the detection threshold.
    public var range: IntensityRange
    /// How the boundary of a detected deposit is drawn (default ``Boundary/halfMaximum``).
    public var boundary: Boundary
    /// Components smaller than this many mm³ are dropped (noise, streak artefacts); 0 keeps all.
    public var minimumComponentVolume: Double
    /// Adjacency for the component size filter.
    public var connectivity: Connectivity

    /// Creates a configuration.
    public init(range: IntensityRange = IntensityRange(lower: LipiodolSegmentation.defaultThreshold),
                boundary: Boundary = .halfMaximum, minimumComponentVolume: Double = 0, connectivity: Connectivity = .vertices26) {
        self.range = range
        self.boundary = boundary
        self.minimumComponentVolume = minimumComponentVolume
        self.connectivity = connectivity
    }

    enum CodingKeys: String, CodingKey { case range, boundary, minimumComponentVolume, connectivity }

    /// Decodes a configuration; a missing `boundary` (written before it existed) is ``Boundary/threshold``, the
    /// rule such a configuration was run with.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        range = try c.decode(IntensityRange.self, forKey: .range)
        boundary = try c.decodeIfPresent(Boundary.self, forKey: .boundary) ?? .threshold
        minimumComponentVolume = try c.decode(Double.self, forKey: .minimumComponentVolume)
        connectivity = try c.decode(Connectivity.self, forKey: .connectivity)
    }

    /// Lipiodol inside `region` (usually the tumour) on the unenhanced post-TACE CT `image` (HU).
    /// - Returns: a binary mask (0/1) on the image's grid.
    /// - Throws: as ``ThresholdSegmentation/segment(_:range:within:)`` and
    ///   ``Volume/removingComponents(smallerThan:connectivity:dimensionality:)``.
    public func segment(_ image: Volume<Float>, within region: Mask) throws -> Mask {
        var mask = try ThresholdSegmentation.segment(image, range: range, within: region)
        if boundary == .halfMaximum { Self.keepHalfMaximum(&mask, image: image, region: region, detection: range.lower) }
        guard minimumComponentVolume > 0 else { return mask }
        return try mask.removingComponents(smallerThan: minimumComponentVolume, connectivity: connectivity)
    }

    /// The background of ``Boundary/halfMaximum``: the median finite HU of `region`'s voxels below `detection`
    /// (all of the region's finite voxels without a lower bound), `detection` (or 0) when there are none.
    static func background(_ image: Volume<Float>, region: Mask, detection: Double?) -> Double {
        var values: [Float] = []
        for n in 0..<image.voxels.count where region.voxels[n] != 0 {
            let v = image.voxels[n]
            guard v.isFinite else { continue }
            if let detection, Double(v) >= detection { continue }
            values.append(v)
        }
        guard !values.isEmpty else { return detection ?? 0 }
        values.sort()
        let m = values.count / 2
        return values.count % 2 == 1 ? Double(values[m]) : (Double(values[m - 1]) + Double(values[m])) / 2
    }

    /// Peels the deposits of `mask` from outside in: a voxel on a deposit's border (a 26-neighbour outside `mask`,
    /// or the edge of the volume) is cleared when below half-way from the background to its 3×3×3 local peak in `image`,
    /// which puts its neighbours on the border; a border voxel that passes stops the peel there. `mask`, `image`
    /// and `region` are congruent (checked by the threshold step).
    static func keepHalfMaximum(_ mask: inout Mask, image: Volume<Float>, region: Mask, detection: Double?) {
        guard mask.count(of: 1) > 0 else { return }
        let background = background(image, region: region, detection: detection)
        let (nx, ny, nz) = (image.geometry.size.i, image.geometry.size.j, image.geometry.size.k)
        image.voxels.withUnsafeBufferPointer { hu in
            mask.voxels.withUnsafeMutableBufferPointer { out in
                /// Calls `body` with the offset of each 26-neighbour of `n` inside the volume (and `n` itself).
                func neighbourhood(_ n: Int, _ body: (Int) -> Void) {
                    let i = n % nx, j = (n / nx) % ny, k = n / (nx * ny)
                    for c in max(k - 1, 0)...min(k + 1, nz - 1) {
                        for b in max(j - 1, 0)...min(j + 1, ny - 1) {
                            let row = nx &* (b &+ ny &* c)
                            for a in max(i - 1, 0)...min(i + 1, nx - 1) { body(row &+ a) }
                        }
                    }
                }
                func passes(_ n: Int) -> Bool {
                    var peak = hu[n]
                    neighbourhood(n) { m in if hu[m].isFinite && hu[m] > peak { peak = hu[m] } }
                    return Double(hu[n]) >= background + 0.5 * (Double(peak) - background)
                }
                var kept = [Bool](repeating: false, count: out.count)
                var queue: [Int] = []
                // The edge of the field of view is a border too (along axes longer than one voxel).
                func atEdge(_ index: Int, _ size: Int) -> Bool { size > 1 && (index == 0 || index == size - 1) }
                for n in 0..<out.count where out[n] != 0 {
                    var border = atEdge(n % nx, nx) || atEdge((n / nx) % ny, ny) || atEdge(n / (nx * ny), nz)
                    neighbourhood(n) { m in if out[m] == 0 { border = true } }
                    if border { queue.append(n) }
                }
                while let n = queue.popLast() {
                    guard out[n] != 0, !kept[n] else { continue }
                    if passes(n) {
                        kept[n] = true  // its peak comes from the image: it would pass again
                    } else {
                        out[n] = 0
                        neighbourhood(n) { m in if out[m] != 0 && !kept[m] { queue.append(m) } }
                    }
                }
            }
        }
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
