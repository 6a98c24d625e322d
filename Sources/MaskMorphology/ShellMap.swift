import VolumeModule

/// A 2D summary of the intensities in a band around a tumour, accumulated along the head–foot axis.
///
/// On every slice (`k` plane) with tumour voxels, a square patch of `size × size` pixels is sampled around
/// that slice's tumour centroid (mean voxel centre, sub-voxel), the image is multiplied by the band
/// (0 outside it), the band values of the patch are normalised, and the patches — aligned at their
/// centroids — are averaged over those slices. Pixels outside the field of view count as 0 (zero-filled).
/// Pixel (u, v) of the map lies at in-plane offset `((u − (size − 1)/2)·pixelSpacing, (v − (size − 1)/2)·pixelSpacing)`
/// mm from the centroid along the i and j axes, so the centroid is the map's centre and every case gives the
/// same size. Deterministic: no randomness, slices in order.
public struct ShellMap: Sendable, Codable, Hashable {
    /// Per-patch normalisation of the band values.
    public enum Normalisation: String, Sendable, Codable, Hashable, CaseIterable {
        /// Raw image values (HU).
        case none
        /// (x − min) / (max − min) over the patch's band pixels (all 1 when max = min).
        case minMax
        /// (x − mean) / standard deviation over the patch's band pixels (0 when the deviation is 0).
        case zScore
    }

    /// How a patch is sampled.
    public struct Configuration: Sendable, Codable, Hashable {
        /// Pixels per side of the map (> 0).
        public var size: Int
        /// Map pixel size in mm; `nil` samples native pixels (step 1 voxel along i and j, so the map covers
        /// `size` voxels whatever their spacing).
        public var pixelSpacing: Double?
        /// Normalisation of each patch.
        public var normalisation: Normalisation

        /// Creates a configuration (default 64 px of 1 mm, min–max normalised).
        public init(size: Int = 64, pixelSpacing: Double? = 1.0, normalisation: Normalisation = .minMax) {
            self.size = size
            self.pixelSpacing = pixelSpacing
            self.normalisation = normalisation
        }
    }

    /// Pixels per side.
    public var size: Int
    /// Pixel size in mm along u and v (for native sampling: the image's i and j spacing).
    public var pixelSpacing: [Double]
    /// Map values, `u` fastest (`values[u + size·v]`), u along the image's i axis, v along j.
    public var values: [Float]
    /// Slices that contributed.
    public var sliceCount: Int

    /// Computes the map.
    /// - Parameters:
    ///   - image: intensities (e.g. HU of the phase of interest).
    ///   - tumour: defines the slices and the centroids.
    ///   - band: the weights (e.g. a shell band); non-zero = 1.
    /// - Throws: ``MaskMorphologyError/geometryMismatch(what:)``, ``MaskMorphologyError/emptyMask(what:)`` for
    ///   an empty tumour, ``MaskMorphologyError/invalidParameter(name:reason:)`` for a bad configuration.
    public static func compute(image: Volume<Float>, tumour: Mask, band: Mask, configuration: Configuration = .init()) throws -> ShellMap {
        try MorphologySupport.checkCongruent(tumour.geometry, image.geometry, what: "tumour")
        try MorphologySupport.checkCongruent(band.geometry, image.geometry, what: "band")
        guard configuration.size > 0 else { throw MaskMorphologyError.invalidParameter(name: "size", reason: "must be > 0") }
        if let p = configuration.pixelSpacing, !(p > 0 && p.isFinite) {
            throw MaskMorphologyError.invalidParameter(name: "pixelSpacing", reason: "must be > 0 mm")
        }
        let n = image.size, s = image.geometry.spacing, m = configuration.size
        let step = (configuration.pixelSpacing.map { $0 / s.x } ?? 1, configuration.pixelSpacing.map { $0 / s.y } ?? 1)
        var sum = [Double](repeating: 0, count: m * m)
        var slices = 0
        var patch = [Double](repeating: 0, count: m * m), inBand = [Bool](repeating: false, count: m * m)
        for k in 0..<n.k {
            var count = 0, ci = 0.0, cj = 0.0
            for j in 0..<n.j {
                let row = n.offset(0, j, k)
                for i in 0..<n.i where tumour.voxels[row + i] != 0 {
                    count += 1; ci += Double(i); cj += Double(j)
                }
            }
            guard count > 0 else { continue }
            ci /= Double(count); cj /= Double(count)
            for v in 0..<m {
                for u in 0..<m {
                    let x = ci + (Double(u) - Double(m - 1) / 2) * step.0
                    let y = cj + (Double(v) - Double(m - 1) / 2) * step.1
                    // Nearest voxel (ties toward the higher index, deterministic).
                    let i = Int((x + 0.5).rounded(.down)), j = Int((y + 0.5).rounded(.down))
                    let o = u + m * v
                    if n.contains(i, j, k), band.voxels[n.offset(i, j, k)] != 0 {
                        patch[o] = Double(image.voxels[n.offset(i, j, k)])
                        inBand[o] = true
                    } else {
                        patch[o] = 0
                        inBand[o] = false
                    }
                }
            }
            normalise(&patch, inBand, configuration.normalisation)
            for o in 0..<(m * m) where inBand[o] { sum[o] += patch[o] }
            slices += 1
        }
        guard slices > 0 else { throw MaskMorphologyError.emptyMask(what: "tumour") }
        return ShellMap(size: m, pixelSpacing: [configuration.pixelSpacing ?? s.x, configuration.pixelSpacing ?? s.y],
                        values: sum.map { Float($0 / Double(slices)) }, sliceCount: slices)
    }

    private static func normalise(_ p: inout [Double], _ inBand: [Bool], _ mode: Normalisation) {
        let values = zip(p, inBand).filter { $0.1 }.map { $0.0 }
        guard !values.isEmpty else { return }
        switch mode {
        case .none:
            return
        case .minMax:
            let lo = values.min() ?? 0, hi = values.max() ?? 0
            for o in 0..<p.count where inBand[o] { p[o] = hi > lo ? (p[o] - lo) / (hi - lo) : 1 }
        case .zScore:
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            for o in 0..<p.count where inBand[o] { p[o] = sd > 0 ? (p[o] - mean) / sd : 0 }
        }
    }

    /// The map as a one-slice volume (for NIfTI output): `size × size × 1`, spacing (pixelSpacing, 1 mm),
    /// origin at the centre of pixel (0, 0) relative to the centroid, identity direction.
    public var volume: Volume<Float> {
        let half = Double(size - 1) / 2
        let g = VolumeGeometry(size: Size3(size, size, 1), spacing: Vector3(pixelSpacing[0], pixelSpacing[1], 1),
                               origin: Vector3(-half * pixelSpacing[0], -half * pixelSpacing[1], 0))
        return Volume(geometry: g, voxels: values)
    }
}
