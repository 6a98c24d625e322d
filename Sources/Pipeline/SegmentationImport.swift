import DICOMBackend
import Foundation
import VolumeIO
import VolumeModule

/// DICOM SEG and RTSTRUCT objects of a study → masks on exactly the grid of the image volume each one
/// references (same size, spacing, origin, direction), written beside that volume:
///
/// - `<volume>_seg<k>-<n>.nii.gz` (uint8, 0/1) for segment or ROI number `n` of the k-th object,
///   and `<volume>_seg<k>-<n>-fraction.nii.gz` (float32, 0…1) for a fractional SEG;
/// - `<volume>_seg<k>.json`: the source kind, each segment's number, label, codes, colour, algorithm,
///   voxel count, volume in mL and warnings (no patient data; labels are the segmentation's own).
public enum SegmentationImport {
    /// One imported object.
    public struct Imported: Sendable {
        /// Name of the image volume the masks lie on.
        public var volume: String
        /// Object number within the study (1-based, by file order).
        public var object: Int
        public var masks: [SegmentMask]
        /// Files written.
        public var files: [URL]
    }

    /// What the sidecar of an object says about each segment.
    struct SidecarEntry: Codable {
        var description: SegmentDescription
        var file: String
        var fractionFile: String?
        var voxels: Int
        var volumeML: Double
        var warnings: [String]
    }

    /// Imports every SEG/RTSTRUCT of `assembly` that references one of `volumes`, writing into `folder`.
    /// - Returns: the imported objects and, for objects that could not be read or placed, errors without
    ///   patient data.
    public static func run(assembly: SeriesAssembly, volumes: [(name: String, loaded: LoadedVolume)], folder: URL,
                           format: OutputFormat) -> (imported: [Imported], problems: [String]) {
        var imported: [Imported] = []
        var problems: [String] = []
        let objects = assembly.instances.filter {
            $0.sopClassUID == "1.2.840.10008.5.1.4.1.1.66.4" || $0.sopClassUID == "1.2.840.10008.5.1.4.1.1.481.3"
        }.sorted { $0.path < $1.path }
        for (k, object) in objects.enumerated() {
            do {
                let isSEG = object.sopClassUID == "1.2.840.10008.5.1.4.1.1.66.4"
                let masks: [SegmentMask]
                let target: (name: String, loaded: LoadedVolume)
                if isSEG {
                    let seg = try DICOMSegmentation.read(path: object.path)
                    guard let t = volumes.first(where: { seg.references($0.loaded.plan) }) else {
                        problems.append("segmentation object \(k + 1): its referenced series is not in the study")
                        continue
                    }
                    target = t
                    masks = try seg.masks(onto: t.loaded.data.geometry)
                } else {
                    let rt = try RTStructureSet.read(path: object.path)
                    guard let t = volumes.first(where: { rt.references($0.loaded.plan) }) else {
                        problems.append("structure set \(k + 1): its referenced series is not in the study")
                        continue
                    }
                    target = t
                    masks = try rt.masks(onto: t.loaded.data.geometry)
                }
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                var files: [URL] = []
                var entries: [SidecarEntry] = []
                let stem = "\(target.name)_seg\(k + 1)"
                for mask in masks {
                    let name = "\(stem)-\(mask.description.number)"
                    let url = folder.appendingPathComponent("\(name).\(format.fileExtension)")
                    try VolumeFiles.write(mask.binary, to: url, format: format)
                    files.append(url)
                    var fractionFile: String?
                    if let fraction = mask.fraction {
                        let f = folder.appendingPathComponent("\(name)-fraction.\(format.fileExtension)")
                        try VolumeFiles.write(fraction, to: f, format: format)
                        files.append(f)
                        fractionFile = f.lastPathComponent
                    }
                    let voxels = mask.binary.count(of: 1)
                    entries.append(SidecarEntry(description: mask.description, file: url.lastPathComponent, fractionFile: fractionFile,
                                                voxels: voxels, volumeML: Double(voxels) * mask.binary.geometry.voxelVolume / 1000,
                                                warnings: mask.warnings))
                }
                let sidecar = folder.appendingPathComponent("\(stem).json")
                try JSONSidecar.write(entries, to: sidecar)
                files.append(sidecar)
                imported.append(Imported(volume: target.name, object: k + 1, masks: masks, files: files))
            } catch {
                problems.append("segmentation object \(k + 1): \(safeDescription(error))")
            }
        }
        return (imported, problems)
    }
}
