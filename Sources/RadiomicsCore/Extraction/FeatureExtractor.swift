import Foundation
import VolumeModule

/// Extracts radiomics features from an image and a label mask the way PyRadiomics 3.1.0's
/// `RadiomicsFeatureExtractor.execute` does (segment-based, 3D or force2D texture), with the same output keys.
///
/// Order of operations (PyRadiomics `featureextractor.execute`): geometry check → normalisation → (resampling) →
/// mask check (bounding box, minimum dimensions/size) → resegmentation → shape on the mask cropped to the bounding
/// box → for each image type, features of every enabled class on the bounding-box crop. Unlike PyRadiomics, the
/// ROI is discretised once per image and shared by all classes, and classes run in parallel.
public struct FeatureExtractor: Sendable {
    /// The parameters (settings, image types, classes).
    public var parameters: ExtractionParameters

    /// Creates an extractor.
    public init(parameters: ExtractionParameters = ExtractionParameters()) {
        self.parameters = parameters
    }

    /// Runs the extraction.
    /// - Parameters:
    ///   - image: intensities (HU for CT) on any grid.
    ///   - mask: label image congruent with `image`.
    ///   - label: overrides the `label` setting.
    ///   - pixelType: the image's stored pixel type. With `resampledPixelSpacing`, SimpleITK casts the
    ///     interpolated image back to it (truncation toward zero for integer types), and so do we.
    ///   - shape: shape features from ``precomputedShape(mask:label:)`` on this mask (used only where they are
    ///     exactly those this extraction would compute).
    /// - Returns: diagnostics (if `additionalInfo`) then features, PyRadiomics keys.
    /// - Throws: ``RadiomicsError`` for an absent label, a geometry mismatch, a too-small ROI, unsupported settings;
    ///   `VolumeModuleError` when resampling finds the ROI outside the image.
    ///
    /// Image and mask are taken `consuming`: a caller that hands them over (`consume`) lets the extractor free the
    /// original grid once it has been resampled or cropped (peak memory).
    public func execute(image originalImage: consuming Volume<Float>, mask originalMask: consuming Mask,
                        label: Int? = nil, pixelType: ResampledPixelType = .float32,
                        shape: PrecomputedShape? = nil) throws -> FeatureVector {
        try run(image: VolumeRegion(whole: consume originalImage), mask: consume originalMask, label: label, pixelType: pixelType,
                keepImages: false, shape: shape).features
    }

    /// ``execute(image:mask:label:pixelType:)``, optionally keeping every image whose features were computed (on the
    /// filtered grid) and the ROI mask on that grid.
    func run(image originalImage: consuming VolumeRegion<Float>, mask originalMask: consuming Mask, label: Int?,
             pixelType: ResampledPixelType, keepImages: Bool,
             shape: PrecomputedShape? = nil) throws -> (features: FeatureVector, images: [DerivedImage], mask: Mask) {
        var settings = parameters.settings
        if let label { settings.label = label }
        guard (1...255).contains(settings.label) else {
            throw RadiomicsError.invalidParameter(key: "label", reason: "expected a label in 1…255")
        }
        let labelValue = UInt8(settings.label)
        do {
            try ROIPreparation.checkGeometry(image: originalImage.whole, mask: originalMask.geometry,
                                             tolerance: settings.geometryTolerance)
        } catch let error as RadiomicsError {
            if settings.correctMask { throw RadiomicsError.unsupportedSetting(key: "correctMask", value: "True") }
            throw error
        }
        let (image, mask, transform, exactValues) = try prepared(image: consume originalImage, mask: consume originalMask,
                                                                 label: labelValue, pixelType: pixelType, settings: settings)
        var box = try ROIPreparation.boundingBox(of: labelValue, in: mask, settings: settings)
        let unsegmentedMask = mask  // after resampling, before resegmentation
        var roiMask = mask
        let shapeBox = box
        if settings.mode == .ibsi {
            roiMask = try IBSIPreprocessing.resegment(image: image, mask: mask, label: labelValue, settings: settings)
            box = try ROIPreparation.boundingBox(of: labelValue, in: roiMask, settings: settings)
        } else if settings.resegmentRange != nil {
            roiMask = try resegmented(image: image, mask: mask, label: labelValue, transform: transform, settings: settings)
            box = try ROIPreparation.boundingBox(of: labelValue, in: roiMask, settings: settings)
        }
        // The mask part (diagnostics, shape), every image source and every image's classes as one flat list of tasks
        // on both cores; the outputs are joined in PyRadiomics' order: diagnostics, shape, shape2D, then every image
        // type's features.
        // Shape computed ahead (while the image was read) counts only if it was computed on this very mask and box.
        let shapeAhead = settings.mode != .ibsi && settings.resegmentRange == nil && shape?.matches(
            parameters: parameters, label: labelValue, mask: unsegmentedMask, box: box) == true ? shape?.features : nil
        let (sources, order, filterWarnings) = try imageSources(image: image, exactValues: exactValues, transform: transform,
                                                                pixelType: pixelType, settings: settings)
        let scheduled = try scheduledFeatures(
            maskPart: { try maskFeatures(image: image, roiMask: roiMask, unsegmentedMask: unsegmentedMask,
                                         label: labelValue, box: box, shapeBox: shapeBox, settings: settings,
                                         shape: shapeAhead) },
            sources: sources, order: order, image: image, roiMask: roiMask, label: labelValue, box: box,
            transform: transform, keepImages: keepImages)
        var output = scheduled.mask
        filterWarnings.forEach { output.warn($0) }
        for (key, value) in scheduled.images { output.append(key, value) }
        let kept = scheduled.kept.map { entry in
            DerivedImage(name: entry.name, volume: !entry.floatValues.isEmpty
                ? Volume(geometry: image.geometry, voxels: entry.floatValues)
                : entry.values.isEmpty
                ? image.map { Float(transform?(Double($0)) ?? Double($0)) }
                : Volume(geometry: image.geometry, voxels: entry.values.map { Float($0) }))
        }
        return (output, kept, roiMask)
    }

    /// Diagnostics (if `additionalInfo`) and the shape classes, on the mask cropped to the bounding box.
    /// In IBSI mode the morphological mask is not resegmented, so shape uses its own bounding box (`shapeBox`) and
    /// PCA axis lengths the unbiased covariance.
    private func maskFeatures(image: Volume<Float>, roiMask: Mask, unsegmentedMask: Mask, label labelValue: UInt8,
                              box: IndexBox, shapeBox: IndexBox, settings: ExtractionSettings,
                              shape precomputed: FeatureVector?) throws -> FeatureVector {
        var output = FeatureVector()
        if settings.additionalInfo {
            Diagnostics.append(to: &output, image: image, mask: roiMask, label: labelValue, box: box,
                               parameters: parameters, settings: settings)
        }
        let shapeMask = settings.resegmentShape ? roiMask : unsegmentedMask
        let shape = try precomputed ?? shapeFeatures(shapeMask: shapeMask, box: settings.mode == .ibsi ? shapeBox : box,
                                                     label: labelValue, settings: settings)
        shape.warnings.forEach { output.warn($0) }
        for (key, value) in shape.entries { output.append(key, value) }
        return output
    }

    /// The shape classes (shape, then shape2D, as PyRadiomics) on `shapeMask` cropped to `box`, with their warnings.
    func shapeFeatures(shapeMask: Mask, box: IndexBox, label labelValue: UInt8,
                       settings: ExtractionSettings) throws -> FeatureVector {
        var output = FeatureVector()
        let shapeClasses = enabledClasses().filter { $0.0.isShape }.sorted { $0.0 == .shape && $1.0 != .shape }
        for (featureClass, names) in shapeClasses {
            let crop = shapeMask.cropped(to: box)
            let inside = crop.voxels.map { $0 == labelValue }
            if featureClass == .shape {
                let ibsiAxisScale = settings.mode == .ibsi ? IBSIPreprocessing.axisLengthScale(voxels: inside) : 1
                for (name, value) in ShapeFeatures.compute(inside: inside, size: crop.size,
                                                            spacing: crop.geometry.spacing, names: names) {
                    output.append("original_shape_\(name)", name.hasSuffix("AxisLength") ? value * ibsiAxisScale : value)
                }
            } else if try Self.shape2DApplies(settings: settings, roiSize: crop.size, warnings: &output) {
                for (name, value) in Shape2DFeatures.compute(inside: inside, size: crop.size,
                                                              spacing: crop.geometry.spacing,
                                                              excludedAxis: settings.force2Ddimension, names: names) {
                    output.append("original_shape2D_\(name)", value)
                }
            }
        }
        return output
    }

    /// Whether shape2D can run (PyRadiomics `computeShape` and `RadiomicsShape2D`): without `force2D` it is skipped
    /// with a warning; with it, the ROI must be one voxel thick along `force2Ddimension` (NumPy order).
    ///
    /// Deviation: PyRadiomics 3.1.0's extractor tests the bounding-box size of the ITK-order axis with the NumPy
    /// index (`boundingBox[…][force2Ddimension]`), so it skips shape2D when that (other) axis is one voxel and
    /// never computes it for `force2Ddimension: 1`; we test the excluded axis itself.
    /// - Throws: ``RadiomicsError/roiNotSingleSlice(dimension:thickness:)`` for a thicker ROI (PyRadiomics raises
    ///   `ValueError`).
    static func shape2DApplies(settings: ExtractionSettings, roiSize: Size3, warnings: inout FeatureVector) throws -> Bool {
        guard settings.force2D else {
            warnings.warn(.shape2DNeedsForce2D)
            return false
        }
        let thickness = [roiSize.k, roiSize.j, roiSize.i][settings.force2Ddimension]
        guard thickness == 1 else {
            throw RadiomicsError.roiNotSingleSlice(dimension: settings.force2Ddimension, thickness: thickness)
        }
        return true
    }

    /// SimpleITK interpolator names PyRadiomics accepts that we implement.
    static func interpolation(named name: String) throws -> Interpolation {
        switch name {
        case "sitkBSpline": return .bSpline
        case "sitkLinear": return .linear
        case "sitkNearestNeighbor": return .nearest
        default: throw RadiomicsError.unsupportedSetting(key: "interpolator", value: name)
        }
    }

    /// The enabled classes with their feature lists (explicit lists as given; otherwise the defaults).
    func enabledClasses() -> [(FeatureClass, [String])] {
        parameters.featureClasses.map { ($0.featureClass, $0.features ?? $0.featureClass.defaultFeatureNames) }
    }

    /// Features of every enabled non-shape class on one (filtered) image's ROI crop, keys `<prefix>_<class>_<name>`.
    public func features(of roi: CroppedROI, prefix: String, settings: ExtractionSettings) -> [(String, Double)] {
        features(of: roi, prefix: prefix, settings: settings, parallel: true)
    }

    /// ``features(of:prefix:settings:)`` with the classes in parallel or (inside an outer parallel loop, e.g. voxel
    /// maps) one after the other.
    func features(of roi: CroppedROI, prefix: String, settings: ExtractionSettings, parallel: Bool) -> [(String, Double)] {
        var sortedValues = roi.roiValues
        IntensitySort.sort(&sortedValues)
        return features(binned: Self.binned(roi, settings: settings), sortedValues: sortedValues, spacing: roi.spacing,
                        prefix: prefix, settings: settings, parallel: parallel)
    }

    /// The ROI discretised as `settings` say; IBSI mode bins from the resegmentation lower bound (`binOrigin`) or,
    /// without one, from the ROI minimum.
    static func binned(_ roi: CroppedROI, settings: ExtractionSettings) -> BinnedROI {
        binned(roiValues: roi.roiValues, size: roi.size, spacing: roi.spacing, roiOffsets: roi.roiOffsets,
               settings: settings)
    }

    /// ``binned(_:settings:)`` from the ROI intensities alone, one per ROI voxel in the order of `roiOffsets`.
    static func binned(roiValues: [Double], size: Size3, spacing: Vector3, roiOffsets: [Int],
                       settings: ExtractionSettings) -> BinnedROI {
        let origin = settings.binOrigin
            ?? (settings.mode == .ibsi ? roiValues.reduce(Double.infinity) { min($0, $1) } : nil)
        return BinnedROI(roiValues: roiValues, size: size, spacing: spacing, roiOffsets: roiOffsets,
                         binWidth: settings.binWidth, binCount: settings.binCount, origin: origin)
    }

    /// ``features(of:prefix:settings:)`` from the binned crop and the ROI intensities sorted ascending, so a
    /// caller can release the crop itself (and sort in place) before the classes run (peak memory).
    func features(binned: BinnedROI, sortedValues: [Double], spacing: Vector3, prefix: String,
                  settings: ExtractionSettings, parallel: Bool = true) -> [(String, Double)] {
        let classes = enabledClasses().filter { !$0.0.isShape }
        let padded = PaddedLevels(binned, pad: max(settings.distances.max() ?? 1, 1))
        let compute = { (n: Int) -> [(String, Double)] in
            Self.classFeatures(classes[n].0, names: classes[n].1, binned: binned, padded: padded,
                               sortedValues: sortedValues, spacing: spacing, settings: settings)
        }
        let results = parallel ? parallelMap(classes.count, compute) : (0..<classes.count).map(compute)
        return zip(classes, results).flatMap { entry in
            Self.keyed(entry.1, featureClass: entry.0.0, prefix: prefix, settings: settings)
        }
    }

    /// The features `names` of one non-shape class (empty for the shape classes).
    static func classFeatures(_ featureClass: FeatureClass, names: [String], binned: BinnedROI, padded: PaddedLevels,
                              sortedValues: [Double], spacing: Vector3, settings: ExtractionSettings) -> [(String, Double)] {
        switch featureClass {
        case .firstorder:
            return FirstOrderFeatures.compute(sorted: sortedValues, binned: binned,
                                              voxelVolume: spacing.x * spacing.y * spacing.z,
                                              shift: settings.voxelArrayShift, names: names)
        case .glcm:
            return GLCMFeatures.compute(GLCMMatrices(binned, padded: padded, settings: settings),
                                        levels: binned.grayLevels, ng: binned.maximumLevel, names: names)
        case .glrlm: return GLRLMFeatures.compute(binned, padded: padded, settings: settings, names: names)
        case .glszm: return GLSZMFeatures.compute(binned, padded: padded, settings: settings, names: names)
        case .gldm: return GLDMFeatures.compute(binned, padded: padded, settings: settings, names: names)
        case .ngtdm: return NGTDMFeatures.compute(binned, padded: padded, settings: settings, names: names)
        case .shape, .shape2D: return []
        }
    }

    /// One class's features keyed `<prefix>_<class>_<name>`; IBSI mode reports excess kurtosis (IBSI 1 "Kurtosis"
    /// IPJT).
    static func keyed(_ values: [(String, Double)], featureClass: FeatureClass, prefix: String,
                      settings: ExtractionSettings) -> [(String, Double)] {
        values.map { name, value in
            let ibsiValue = settings.mode == .ibsi && featureClass == .firstorder && name == "Kurtosis" ? value - 3 : value
            return ("\(prefix)_\(featureClass.rawValue)_\(name)", ibsiValue)
        }
    }

    /// The bounding-box crop of values on a grid of `size`, with ROI membership of the crop voxels.
    static func crop(_ values: [Double], size: Size3, spacing: Vector3, box: IndexBox, inROI: [Bool],
                     roiOffsets: [Int]) -> CroppedROI {
        let cropSize = box.size
        var cropped = [Double]()
        cropped.reserveCapacity(cropSize.count)
        for k in box.lower.k...box.upper.k {
            for j in box.lower.j...box.upper.j {
                let base = size.offset(0, j, k)
                cropped.append(contentsOf: values[(base + box.lower.i)...(base + box.upper.i)])
            }
        }
        return CroppedROI(size: cropSize, spacing: spacing, values: cropped, inROI: inROI, roiOffsets: roiOffsets)
    }

    private func resegmented(image: Volume<Float>, mask: Mask, label: UInt8, transform: ((Double) -> Double)?,
                             settings: ExtractionSettings) throws -> Mask {
        var offsets: [Int] = []
        for (n, v) in mask.voxels.enumerated() where v == label { offsets.append(n) }
        let values = offsets.map { transform?(Double(image.voxels[$0])) ?? Double(image.voxels[$0]) }
        let keep = try ROIPreparation.resegment(values: values, settings: settings)
        var result = mask.map { _ in UInt8(0) }
        for (n, offset) in offsets.enumerated() where keep[n] { result.voxels[offset] = label }
        return result
    }
}
