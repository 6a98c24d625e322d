import Foundation
import VolumeModule

/// Shape features computed from the mask alone, e.g. on one core while the other is still reading (inflating) the
/// image. With PyRadiomics resampling (`resampledPixelSpacing` + `interpolator`), the resampled mask depends only on
/// the mask (grid of ``PyRadiomicsResampling/grid(mask:boundingBox:spacing:padDistance:)``, nearest neighbour), so
/// shape can run before the image exists. The extractor uses the result only if its own resampled mask and
/// bounding box are equal to the ones used here (otherwise, e.g. PyRadiomics' equal-spacing shortcut onto the image
/// grid, it computes shape itself), so values are always those of ``FeatureExtractor/execute(image:mask:label:pixelType:shape:)``
/// without it.
public struct PrecomputedShape: Sendable {
    let parameters: ExtractionParameters
    let label: UInt8
    /// The resampled mask (PyRadiomics grid) and the ROI bounding box on it.
    let mask: Mask
    let box: IndexBox
    /// Shape, then shape2D, features with their warnings.
    let features: FeatureVector

    /// Whether these features are those the extractor would compute for `mask` and `box`.
    func matches(parameters: ExtractionParameters, label: UInt8, mask: Mask, box: IndexBox) -> Bool {
        self.label == label && self.box == box && self.mask.geometry == mask.geometry
            && Self.sameBytes(self.mask.voxels, mask.voxels) && self.parameters == parameters
    }

    /// Byte equality by `memcmp` (the generic `Array ==` costs ~10 ns a voxel here).
    static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}

extension FeatureExtractor {
    /// The shape classes from the mask alone (see ``PrecomputedShape``), or `nil` where the configuration does not
    /// allow it (IBSI mode, resegmentation, no resampling, no shape class) or the mask is unusable (the extraction
    /// then reports the error itself).
    /// - Parameters:
    ///   - mask: the label image as read (original grid).
    ///   - label: overrides the `label` setting, as in ``execute(image:mask:label:pixelType:shape:)``.
    public func precomputedShape(mask: Mask, label: Int? = nil) -> PrecomputedShape? {
        var settings = parameters.settings
        if let label { settings.label = label }
        guard (1...255).contains(settings.label), settings.mode != .ibsi, settings.resegmentRange == nil,
              let spacing = settings.resampledPixelSpacing, spacing.count == 3, settings.interpolator != nil,
              spacing.allSatisfy({ $0 >= 0 && $0.isFinite }),
              enabledClasses().contains(where: { $0.0.isShape })
        else { return nil }
        let labelValue = UInt8(settings.label)
        guard let maskBox = mask.boundingBox(of: labelValue) else { return nil }
        let newSpacing = PyRadiomicsResampling.effectiveSpacing(requested: Vector3(spacing),
                                                                maskSpacing: mask.geometry.spacing, boundingBox: maskBox)
        let target = PyRadiomicsResampling.grid(mask: mask.geometry, boundingBox: maskBox, spacing: newSpacing,
                                                padDistance: settings.padDistance)
        guard let resampled = try? mask.resampledNearest(onto: target),
              let box = try? ROIPreparation.boundingBox(of: labelValue, in: resampled, settings: settings),
              let features = try? shapeFeatures(shapeMask: resampled, box: box, label: labelValue, settings: settings)
        else { return nil }
        return PrecomputedShape(parameters: parameters, label: labelValue, mask: resampled, box: box, features: features)
    }
}
