import DICOMBackend
import Foundation
import Pipeline
import RadiomicsCore
import VolumeModule

/// A voxel feature-map channel (`voxel:<PHASE>:<class>_<Feature>`): PyRadiomics voxel-based extraction
/// (``RadiomicsCore/VoxelFeatureMaps``: masked kernel of side 2r + 1 voxels, 0 outside the tumour) of one feature.
///
/// Taken from `<study>/voxel-maps/<phase>/original_<class>_<Feature>.nii.gz` when that file exists (e.g. written by
/// `radstation features --voxel-map --out <study>/voxel-maps/<phase>` on the aligned phase and the tumour mask) and
/// resampled onto the lesion grid (nearest, 0 outside it); otherwise computed on the lesion grid itself: the phase
/// resampled onto it (linear, HU, before any window), the tumour channel as the ROI, the feature's class with that
/// one feature, `binWidth` 25, no further resampling. Values are the feature's own (no window, no normalisation).
enum VoxelMapChannel {
    /// The PyRadiomics key of a feature name given as `glcm_Contrast` or `original_glcm_Contrast`.
    static func key(_ feature: String) -> String { feature.hasPrefix("original_") ? feature : "original_" + feature }

    /// The class and feature of a name, when it is a mappable (non-shape) PyRadiomics feature.
    static func parse(_ feature: String) -> (FeatureClass, String)? {
        let parts = key(feature).split(separator: "_", maxSplits: 2).map(String.init)
        guard parts.count == 3, let featureClass = FeatureClass(rawValue: parts[1]), !featureClass.isShape,
              FeatureCatalog.descriptor(featureClass, parts[2]) != nil else { return nil }
        return (featureClass, parts[2])
    }

    /// The channel's values on `grid` (x fastest), 0 outside the tumour.
    /// - Parameters:
    ///   - image: the phase on `grid` (HU), for a computed map (not called for a stored one).
    ///   - tumour: the tumour on `grid`, likewise.
    static func values(feature: String, phase: ContrastPhase, study folder: URL, grid: VolumeGeometry, image: () throws -> Volume<Float>,
                       tumour: () throws -> Mask, kernelRadius: Int) throws -> [Float] {
        let stored = folder.appendingPathComponent("voxel-maps/\(phase.rawValue.lowercased())/\(key(feature)).nii.gz")
        if FileManager.default.fileExists(atPath: stored.path) {
            guard let part = try VolumeFiles.image(stored, reaching: grid) else { return [Float](repeating: 0, count: grid.voxelCount) }
            return try part.resampled(onto: grid, interpolation: .nearest, defaultValue: 0).voxels
        }
        let tumour = try tumour()
        guard tumour.voxels.contains(where: { $0 != 0 }) else { return [Float](repeating: 0, count: grid.voxelCount) }
        guard let (featureClass, name) = parse(feature) else {
            throw PipelineError.configuration("voxel map: \(feature) is not a first-order or texture feature")
        }
        let parameters = try ExtractionParameters(yaml: """
            setting: {binWidth: 25, label: 1}
            imageType: {Original: {}}
            featureClass: {\(featureClass.rawValue): [\(name)]}
            """)
        let binary = tumour.map { $0 == 0 ? UInt8(0) : 1 }
        let maps = try VoxelFeatureMaps.compute(image: try image(), mask: binary, label: 1, kernelRadius: kernelRadius,
                                                extractor: FeatureExtractor(parameters: parameters))
        guard let map = maps.first(where: { $0.name == key(feature) }) else {
            throw PipelineError.configuration("voxel map: \(feature) was not computed")
        }
        return try map.volume.resampled(onto: grid, interpolation: .nearest, defaultValue: 0).voxels
    }
}
