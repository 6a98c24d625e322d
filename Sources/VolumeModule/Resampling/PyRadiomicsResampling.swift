/// Resampling exactly as PyRadiomics 3.1.0 `imageoperations.resampleImage` with SimpleITK 2.5.7
/// (see `notes/radiomics-parity.md` §6.2): a corner-aligned grid cropped to the ROI bounding box plus
/// `padDistance`, the image interpolated with ITK's interpolator and cast to the input pixel type, the mask
/// by nearest neighbour.
///
/// Exactness: for grids whose direction is a signed permutation (axis-aligned, i.e. almost every CT/MR series)
/// every continuous index is computed with ITK's operation order and the outputs are bit-identical to
/// PyRadiomics + SimpleITK 2.5.7 (tested on brain1 and synthetic cases, including `.5` nearest-neighbour ties of
/// the corner-aligned grid). For oblique directions ITK inverts `direction·spacing` with vnl's SVD, whose
/// last-bit rounding is not reproduced: rare voxels at exact ties or integer boundaries may then differ by one
/// label or one intensity unit.
public enum PyRadiomicsResampling {
    /// Resampled image and mask on one grid.
    public struct Result: Sendable {
        /// Resampled (or, without interpolation, cropped) image; integer-typed inputs hold integer values.
        public var image: Volume<Float>
        /// Label image on the same grid, every label value kept (nearest neighbour).
        public var mask: Mask
        /// `false` when PyRadiomics' `allclose` shortcut applied: the image spacing already equals the
        /// requested one, so the image was only cropped (mask nearest-neighbour resampled onto it first).
        public var interpolated: Bool
    }

    /// The spacing PyRadiomics actually uses: requested `s′`, except the mask spacing where `s′` is 0 and
    /// where the ROI bounding box is one voxel thick along that axis (mm, x y z).
    public static func effectiveSpacing(requested: Vector3, maskSpacing: Vector3, boundingBox: IndexBox) -> Vector3 {
        let s = maskSpacing.array, r = requested.array
        let thickness = [boundingBox.size.i, boundingBox.size.j, boundingBox.size.k]
        return Vector3((0..<3).map { a in (r[a] == 0 || thickness[a] == 1) ? s[a] : r[a] })
    }

    /// PyRadiomics' resampling grid in the mask's frame, for an effective spacing `s′` (already with the
    /// replacements of ``effectiveSpacing(requested:maskSpacing:boundingBox:)``).
    ///
    /// Per axis, with `r = s/s′`, bounding box start `L` and size `S`: `lo = ⌊(L − 0.5)·r − pad⌋`,
    /// `hi = ⌈(L + S − 0.5)·r + pad⌉`, clamped to `0 … ⌈N·r⌉ − 1`; size `hi − lo + 1`; origin at the mask's
    /// continuous index `0.5·(s′ − s)/s + lo/r` (so the new grid's corner coincides with the mask's corner);
    /// direction = the mask's.
    public static func grid(mask: VolumeGeometry, boundingBox: IndexBox, spacing: Vector3, padDistance: Int)
        -> VolumeGeometry
    {
        let s = mask.spacing.array, sNew = spacing.array
        let start = [boundingBox.lower.i, boundingBox.lower.j, boundingBox.lower.k]
        let extent = [boundingBox.size.i, boundingBox.size.j, boundingBox.size.k]
        let n = [mask.size.i, mask.size.j, mask.size.k]
        let pad = Double(padDistance)
        var counts = [0, 0, 0]
        var originIndex = [0.0, 0.0, 0.0]
        for a in 0..<3 {
            let ratio = s[a] / sNew[a]
            var lo = ((Double(start[a]) - 0.5) * ratio - pad).rounded(.down)
            var hi = ((Double(start[a] + extent[a]) - 0.5) * ratio + pad).rounded(.up)
            let maxUpper = (Double(n[a]) * ratio).rounded(.up) - 1
            if lo < 0 { lo = 0 }
            if hi > maxUpper { hi = maxUpper }
            counts[a] = Int(hi - lo + 1)
            originIndex[a] = 0.5 * (sNew[a] - s[a]) / s[a] + lo / ratio
        }
        let origin = GridMapping.continuousPoint(mask, (originIndex[0], originIndex[1], originIndex[2]))
        return VolumeGeometry(size: Size3(counts[0], counts[1], counts[2]), spacing: spacing, origin: origin,
                              direction: mask.direction)
    }

    /// Voxels kept beyond the interpolation's own reach when only part of the image is B-spline resampled.
    ///
    /// SimpleITK prefilters the whole image (cubic B-spline coefficients, pole z = √3 − 2): a coefficient depends
    /// on a sample d voxels away with weight |z|^d, and a crop's mirror initialisation differs from the whole
    /// image's only at the crop's edge. At 48 voxels |z|^48 ≈ 3·10⁻²⁸, far below double precision, so the
    /// coefficients inside the reach are those of the whole image.
    public static let bSplineReach = 48

    /// Resamples `image` and `mask` as PyRadiomics 3.1.0 does for `resampledPixelSpacing = spacing`.
    ///
    /// Steps (`imageoperations.resampleImage`): bounding box of `label` in `mask`; the ROI's corners must lie
    /// inside the image (±10⁻³ voxel, `_checkROI`); effective spacing; if the image spacing equals it
    /// (`numpy.allclose`: |a − b| ≤ 10⁻⁸ + 10⁻⁵|b|) the mask is nearest-neighbour resampled onto the image and
    /// both are cropped to the new bounding box ± `padDistance` (`cropToTumorMask`); otherwise both are
    /// resampled onto ``grid(mask:boundingBox:spacing:padDistance:)`` — the image with `interpolator`, default
    /// value 0, cast with `pixelType`; the mask by nearest neighbour.
    ///
    /// - Parameters:
    ///   - image: intensities (e.g. HU); may have a different grid than `mask`.
    ///   - mask: label image defining the ROI and the output grid's frame.
    ///   - label: ROI label (PyRadiomics `label`, default 1).
    ///   - spacing: requested spacing in mm (x y z); 0 keeps the mask's spacing along that axis.
    ///   - interpolator: PyRadiomics `interpolator` (default `sitkBSpline` = `.bSpline`).
    ///   - padDistance: voxels (of the new grid) kept around the ROI (PyRadiomics default 5).
    ///   - pixelType: the input image's pixel type; SimpleITK casts the output to it (`.int16` for int16
    ///     CT/MR: truncation toward zero; `.float32` for float images).
    /// - Throws: ``VolumeModuleError/labelAbsent(label:)``, ``VolumeModuleError/roiOutsideImage(label:)``,
    ///   ``VolumeModuleError/invalidSpacing(_:)``, ``VolumeModuleError/singularGeometry``.
    public static func resample(image: Volume<Float>, mask: Mask, label: UInt8 = 1, spacing: Vector3,
                                interpolator: Interpolation = .bSpline, padDistance: Int = 5,
                                pixelType: ResampledPixelType) throws -> Result
    {
        try resample(region: VolumeRegion(whole: image), mask: mask, label: label, spacing: spacing,
                     interpolator: interpolator, padDistance: padDistance, pixelType: pixelType)
    }

    /// ``resample(image:mask:label:spacing:interpolator:padDistance:pixelType:)`` of an image of which only a region
    /// is held, e.g. read from a file by ``imageBox(image:mask:label:spacing:interpolator:padDistance:)``: the
    /// result is that of the whole image, bit for bit (indices are computed on the whole grid).
    /// - Precondition: the region holds that box (the whole image when the box is `nil`).
    /// - Throws: as the whole-image resampling.
    public static func resample(region: VolumeRegion<Float>, mask: Mask, label: UInt8 = 1, spacing: Vector3,
                                interpolator: Interpolation = .bSpline, padDistance: Int = 5,
                                pixelType: ResampledPixelType) throws -> Result
    {
        let r = try resampled(imageGeometry: region.whole, mask: mask, label: label, spacing: spacing,
                              interpolator: interpolator, padDistance: padDistance,
                              crop: { region.cropped(to: $0) }) { reach, target in
            guard let reach else {
                precondition(region.whole.size == region.volume.size, "resampling reads the whole image")
                return try region.volume.resampled(onto: target, interpolation: interpolator, defaultValue: 0,
                                                   pixelType: pixelType)
            }
            return try resampleVolume(region.cropped(to: reach), onto: target, interpolation: interpolator,
                                      defaultValue: 0, pixelType: pixelType, partOf: (region.whole, reach.lower))
        }
        return Result(image: r.image, mask: r.mask, interpolated: r.interpolated)
    }

    /// The box of an image on the grid `image` that
    /// ``resample(image:mask:label:spacing:interpolator:padDistance:pixelType:)`` reads for this mask: the box the
    /// resampled grid reaches (linear and B-spline, ``bSplineReach`` beyond it) or, under PyRadiomics' `allclose`
    /// shortcut, the crop; `nil` when it reads the whole image (nearest neighbour). Only the mask and the image's
    /// grid are needed, so a reader can read just this box (``resample(region:mask:label:spacing:interpolator:padDistance:pixelType:)``).
    /// - Throws: as the resampling (label absent, ROI outside the image, invalid spacing, singular geometry).
    public static func imageBox(image: VolumeGeometry, mask: Mask, label: UInt8 = 1, spacing: Vector3,
                                interpolator: Interpolation = .bSpline, padDistance: Int = 5) throws -> IndexBox?
    {
        switch try plan(imageGeometry: image, mask: mask, label: label, spacing: spacing, interpolator: interpolator,
                        padDistance: padDistance) {
        case .crop(let box, _): return box
        case .interpolate(_, let reach): return reach
        }
    }

    /// What resampling does for a mask on an image grid: PyRadiomics' `allclose` shortcut (crop `box` of the image,
    /// with the mask nearest-resampled onto the image grid), or interpolation onto `target` reading `reach` of the
    /// image (`nil`: all of it).
    enum Plan {
        case crop(box: IndexBox, mask: Mask)
        case interpolate(target: VolumeGeometry, reach: IndexBox?)
    }

    /// The checks, effective spacing, `allclose` shortcut, grid and reach of the resampling; see ``Plan``.
    static func plan(imageGeometry: VolumeGeometry, mask: Mask, label: UInt8, spacing: Vector3,
                     interpolator: Interpolation, padDistance: Int) throws -> Plan
    {
        guard spacing.array.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw VolumeModuleError.invalidSpacing(spacing) }
        guard let box = mask.boundingBox(of: label) else { throw VolumeModuleError.labelAbsent(label: label) }
        try checkROI(box, image: imageGeometry, mask: mask.geometry, label: label)
        let newSpacing = effectiveSpacing(requested: spacing, maskSpacing: mask.geometry.spacing, boundingBox: box)
        let allClose = zip(imageGeometry.spacing.array, newSpacing.array).allSatisfy { abs($0 - $1) <= 1e-8 + 1e-5 * abs($1) }
        if allClose {
            let onImage = try mask.resampledNearest(onto: imageGeometry)
            guard let newBox = onImage.boundingBox(of: label) else { throw VolumeModuleError.labelAbsent(label: label) }
            return .crop(box: newBox.padded(by: padDistance, clampedTo: imageGeometry.size), mask: onImage)
        }
        let target = grid(mask: mask.geometry, boundingBox: box, spacing: newSpacing, padDistance: padDistance)
        let reach = interpolator == .nearest ? nil
            : imageGeometry.indexBox(reaching: target, margin: interpolator == .bSpline ? bSplineReach : 1)
        return .interpolate(target: target, reach: reach)
    }

    /// The steps of ``resample(image:mask:label:spacing:interpolator:padDistance:pixelType:)`` for any output voxel
    /// type (``plan(imageGeometry:mask:label:spacing:interpolator:padDistance:)``): PyRadiomics' `allclose` shortcut
    /// (`crop(box)` of the image), else `interpolate(reach, grid)` — `reach` the box of the image the grid reaches
    /// (linear and B-spline: the cost follows the ROI, the values do not change), or `nil` for the whole image
    /// (nearest: the shifted index's rounding at exact half-voxel ties is not guaranteed to be the same).
    static func resampled<Out>(imageGeometry: VolumeGeometry, mask: Mask, label: UInt8, spacing: Vector3,
                               interpolator: Interpolation, padDistance: Int, crop: (IndexBox) -> Volume<Out>,
                               interpolate: (IndexBox?, VolumeGeometry) throws -> Volume<Out>) throws
        -> (image: Volume<Out>, mask: Mask, interpolated: Bool)
    {
        switch try plan(imageGeometry: imageGeometry, mask: mask, label: label, spacing: spacing,
                        interpolator: interpolator, padDistance: padDistance) {
        case .crop(let box, let onImage):
            return (crop(box), onImage.cropped(to: box), false)
        case .interpolate(let target, let reach):
            return (try interpolate(reach, target), try mask.resampledNearest(onto: target), true)
        }
    }

    /// PyRadiomics `_checkROI`: the ROI bounding box's outer corners, mapped into the image's continuous
    /// index space, must lie within `[−0.5 − 10⁻³, N − 0.5 + 10⁻³]`.
    static func checkROI(_ box: IndexBox, image: VolumeGeometry, mask: VolumeGeometry, label: UInt8) throws {
        let lowCorner = GridMapping.continuousPoint(
            mask, (Double(box.lower.i) - 0.5, Double(box.lower.j) - 0.5, Double(box.lower.k) - 0.5))
        let highCorner = GridMapping.continuousPoint(
            mask, (Double(box.upper.i + 1) - 0.5, Double(box.upper.j + 1) - 0.5, Double(box.upper.k + 1) - 0.5))
        guard let a = GridMapping.continuousIndex(image, lowCorner),
              let b = GridMapping.continuousIndex(image, highCorner)
        else { throw VolumeModuleError.singularGeometry }
        let n = [Double(image.size.i), Double(image.size.j), Double(image.size.k)]
        let tolerance = 1e-3
        for axis in 0..<3 {
            let lo = min(a.array[axis], b.array[axis]), hi = max(a.array[axis], b.array[axis])
            if lo < -0.5 - tolerance || hi > n[axis] - 0.5 + tolerance {
                throw VolumeModuleError.roiOutsideImage(label: label)
            }
        }
    }
}
