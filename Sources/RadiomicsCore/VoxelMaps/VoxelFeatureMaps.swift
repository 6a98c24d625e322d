import VolumeModule

/// Voxel-based feature maps (PyRadiomics voxel-based extraction, `kernelRadius`, `maskedKernel: true`,
/// `initValue: 0`): for every ROI voxel, the features of the cube of side `2r + 1` voxels centred on it,
/// restricted to the ROI, computed exactly as a segment-based extraction with that kernel as the ROI — including
/// the discretisation, which starts from the kernel's own minimum (PyRadiomics bins the whole ROI once, so its
/// absolute-gray-level texture features differ; set `binOrigin` for one fixed origin for every kernel).
///
/// The image is used on its own grid (no resampling, original image type only); shape is not mapped. Voxels are
/// processed in parallel on all cores. Reference: PyRadiomics `featureextractor.computeFeatures(voxelBased=True)`.
public enum VoxelFeatureMaps {
    /// One feature's map: PyRadiomics key (`original_glcm_Contrast`) and values on the ROI bounding box of the image
    /// grid (same spacing and direction, origin at the box's first voxel), `0` outside the ROI.
    public struct Map: Sendable {
        /// The feature key, used as the file name.
        public var name: String
        /// The map on the image's geometry.
        public var volume: Volume<Float>
    }

    /// Computes every enabled non-shape feature of `extractor` as a map.
    /// - Parameters:
    ///   - image: intensities.
    ///   - mask: label image congruent with `image`.
    ///   - label: ROI label (default: the extractor's `label` setting).
    ///   - kernelRadius: Chebyshev radius r ≥ 1 in voxels (`kernelRadius`; r = 2 gives 5×5×5 kernels).
    ///   - extractor: the settings and feature classes.
    /// - Returns: one map per feature, in feature order, each on the ROI bounding box.
    /// - Throws: ``RadiomicsError`` for a geometry mismatch, an absent label, or a radius below 1.
    public static func compute(image: Volume<Float>, mask: Mask, label: Int? = nil, kernelRadius: Int,
                               extractor: FeatureExtractor) throws -> [Map] {
        guard kernelRadius >= 1 else { throw RadiomicsError.invalidParameter(key: "kernelRadius", reason: "expected ≥ 1") }
        var settings = extractor.parameters.settings
        if let label { settings.label = label }
        guard (1...255).contains(settings.label) else {
            throw RadiomicsError.invalidParameter(key: "label", reason: "expected a label in 1…255")
        }
        let labelValue = UInt8(settings.label)
        try ROIPreparation.checkGeometry(image: image.geometry, mask: mask.geometry, tolerance: settings.geometryTolerance)
        var centres: [Int] = []
        for (n, v) in mask.voxels.enumerated() where v == labelValue { centres.append(n) }
        guard !centres.isEmpty else { throw RadiomicsError.labelAbsent(label: settings.label) }
        let values = image.voxels.map(Double.init)
        let size = image.size
        let results: [[(String, Double)]] = parallelMap(centres.count) { n in
            let box = kernel(around: centres[n], radius: kernelRadius, size: size)
            let inROI = mask.cropped(to: box).voxels.map { $0 == labelValue }
            let roi = FeatureExtractor.crop(values, size: size, spacing: image.geometry.spacing, box: box,
                                            inROI: inROI, roiOffsets: inROI.indices.filter { inROI[$0] })
            return extractor.features(of: roi, prefix: "original", settings: settings, parallel: false)
        }
        // Maps cover the ROI bounding box only (as PyRadiomics' voxel-based output): 93 full-size float maps of a
        // 512×512×200 CT would take 19 GB.
        guard let box = mask.boundingBox(of: labelValue) else { throw RadiomicsError.labelAbsent(label: settings.label) }
        let boxGeometry = mask.cropped(to: box).geometry
        let boxSize = box.size
        let positions = centres.map { offset in
            let i = offset % size.i, j = (offset / size.i) % size.j, k = offset / (size.i * size.j)
            return boxSize.offset(i - box.lower.i, j - box.lower.j, k - box.lower.k)
        }
        let names = results[0].map(\.0)
        var maps = names.map { _ in [Float](repeating: 0, count: boxSize.count) }
        for (n, result) in results.enumerated() {
            if result.map(\.0) == names {
                for (f, entry) in result.enumerated() { maps[f][positions[n]] = Float(entry.1) }
            } else {
                let lookup = Dictionary(result, uniquingKeysWith: { a, _ in a })
                for (f, name) in names.enumerated() { maps[f][positions[n]] = Float(lookup[name] ?? .nan) }
            }
        }
        return zip(names, maps).map { Map(name: $0, volume: Volume(geometry: boxGeometry, voxels: $1)) }
    }

    /// The kernel box of Chebyshev radius `radius` around the voxel at `offset`, clipped to the grid.
    public static func kernel(around offset: Int, radius: Int, size: Size3) -> IndexBox {
        let i = offset % size.i, j = (offset / size.i) % size.j, k = offset / (size.i * size.j)
        return IndexBox(lower: Index3(max(i - radius, 0), max(j - radius, 0), max(k - radius, 0)),
                        upper: Index3(min(i + radius, size.i - 1), min(j + radius, size.j - 1), min(k + radius, size.k - 1)))
    }
}
