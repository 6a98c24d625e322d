import Foundation
import RadiomicsCore
import VolumeIO
import VolumeModule

extension FeatureExtraction {
    /// Extracts the features of one case and writes every image whose features were computed into `folder` as
    /// `<image type>.nii.gz` (`original`, `log-sigma-1-0-mm-3D`, `wavelet-LLH`, `square`, …, the names being
    /// the feature prefixes), plus the ROI mask on that grid as `mask.nii.gz`.
    /// - Returns: the features.
    /// - Throws: extraction errors, or file errors when the folder cannot be written.
    public static func run(_ job: Case, parameters: ExtractionParameters, savingImagesIn folder: URL) throws
        -> FeatureVector {
        let image = try VolumeFiles.imageWithType(job.image)
        let mask = try VolumeFiles.labels(job.mask)
        let result = try FeatureExtractor(parameters: parameters)
            .executeKeepingImages(image: image.volume, mask: mask, label: job.label, pixelType: image.pixelType)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for derived in result.images {
            try NIfTI.write(derived.volume, to: folder.appendingPathComponent("\(derived.name).nii.gz"))
        }
        try NIfTI.write(result.mask, to: folder.appendingPathComponent("mask.nii.gz"))
        return result.features
    }

    /// Writes voxel-based feature maps of one case (see ``RadiomicsCore/VoxelFeatureMaps``) into `folder`, one
    /// `<feature key>.nii.gz` per feature, and returns the file names written.
    /// - Throws: extraction errors, or file errors when the folder cannot be written.
    public static func voxelMaps(_ job: Case, parameters: ExtractionParameters, kernelRadius: Int, folder: URL) throws
        -> [String] {
        let image = try VolumeFiles.imageWithType(job.image)
        let mask = try VolumeFiles.labels(job.mask)
        let maps = try VoxelFeatureMaps.compute(image: image.volume, mask: mask, label: job.label,
                                                kernelRadius: kernelRadius,
                                                extractor: FeatureExtractor(parameters: parameters))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try maps.map { map in
            let name = "\(map.name).nii.gz"
            try NIfTI.write(map.volume, to: folder.appendingPathComponent(name))
            return name
        }
    }
}
