import DICOMBackend
import Foundation
import VolumeIO
import VolumeModule

/// DICOM SEG and RTSTRUCT objects of a study → masks on exactly the grid of the image volume each one
/// references (same size, spacing, origin, direction), written beside that volume:
///
/// - `<volume>_seg<k>-<n>.<ext>` (uint8, 0/1) for segment or ROI number `n` of the k-th object,
///   and `<volume>_seg<k>-<n>-fraction.<ext>` (float32, 0…1) for a fractional SEG or an RTSTRUCT
///   partial-volume mask (``Options/partialVolume``);
/// - `<volume>_seg<k>.json`: each segment's source kind, number, label, codes, colour, algorithm, voxel
///   count, volume in mL and warnings (no patient data; labels are the segmentation's own);
/// - with ``Options/slicerSegmentation``, `<volume>.seg.nrrd` holding every segment of every object on that
///   volume (``SlicerSegmentationFile``);
/// - a SEG whose image series is absent: `seg<k>_own-grid-<n>.<ext>` on the grid of its own frames, with a warning.
public enum SegmentationImport {
    /// What to write.
    public struct Options: Sendable {
        /// File format of the masks (NIfTI-1 or NRRD, gzip or not).
        public var format: OutputFormat
        /// zlib level for compressed outputs.
        public var compressionLevel: Int32
        /// Segment labels / ROI names to import (case-insensitive); `nil` = all.
        public var names: [String]?
        /// RTSTRUCT partial volume: `n` → `n × n` in-plane samples per pixel, written as `-fraction` files.
        public var partialVolume: Int?
        /// Also write a Slicer `.seg.nrrd` per volume.
        public var slicerSegmentation: Bool

        /// Options; the defaults write every segment as `.nii.gz`, no partial volume, no `.seg.nrrd`.
        public init(format: OutputFormat = .niftiGz, compressionLevel: Int32 = 6, names: [String]? = nil, partialVolume: Int? = nil,
                    slicerSegmentation: Bool = false) {
            self.format = format
            self.compressionLevel = compressionLevel
            self.names = names
            self.partialVolume = partialVolume
            self.slicerSegmentation = slicerSegmentation
        }
    }

    /// One imported object.
    public struct Imported: Sendable {
        /// Name of the image volume the masks lie on.
        public var volume: String
        /// Object number within the study (1-based, by file order).
        public var object: Int
        /// The masks, on the volume's grid, in segment/ROI order.
        public var masks: [SegmentMask]
        /// Files written.
        public var files: [URL]
        /// ``SegmentationObject/readerName`` of the object (never written or logged).
        public var readerName: String? = nil
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

    /// Places `object` on `volume`'s grid and writes its masks and sidecar into `folder` (created if needed).
    /// - Returns: what was written; `nil` when ``Options/names`` selects none of the object's segments.
    /// - Throws: ``DICOMError`` naming the object's file when it cannot be placed on the grid,
    ///   ``VolumeIOError`` when a file cannot be written.
    public static func write(_ object: SegmentationObject, onto volume: (name: String, loaded: LoadedVolume), folder: URL,
                             options: Options) throws -> Imported? {
        let masks = try object.masks(onto: volume.loaded.data.geometry, names: options.names, partialVolume: options.partialVolume)
        guard !masks.isEmpty else { return nil }
        let files = try write(masks, stem: "\(volume.name)_seg\(object.number)", folder: folder, options: options)
        return Imported(volume: volume.name, object: object.number, masks: masks, files: files, readerName: object.readerName)
    }

    /// A SEG whose referenced image series is absent, on the grid its own frames span
    /// (``DICOMSegmentation/masksOnOwnGrid()``; every mask carries a warning saying so), written into `folder` as
    /// `seg<k>_own-grid-<n>.<ext>` and `seg<k>_own-grid.json`.
    /// - Returns: what was written (``Imported/volume`` is `seg<k>_own-grid`); `nil` when the object is not a
    ///   SEG or ``Options/names`` selects none of its segments.
    /// - Throws: ``DICOMError`` naming the file when no regular grid holds its frames.
    public static func writeOnOwnGrid(_ object: SegmentationObject, folder: URL, options: Options) throws -> Imported? {
        guard case .seg(let seg) = object.content else { return nil }
        let wanted = options.names.map { Set($0.map { $0.lowercased() }) }
        let masks = try seg.masksOnOwnGrid().masks.filter { wanted?.contains($0.description.label.lowercased()) ?? true }
        guard !masks.isEmpty else { return nil }
        let name = "seg\(object.number)_own-grid"
        let files = try write(masks, stem: name, folder: folder, options: options)
        return Imported(volume: name, object: object.number, masks: masks, files: files)
    }

    /// Writes masks (and fractions) as `<stem>-<n>.<ext>` plus the sidecar `<stem>.json`.
    private static func write(_ masks: [SegmentMask], stem: String, folder: URL, options: Options) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [URL] = []
        var entries: [SidecarEntry] = []
        let ext = options.format.fileExtension
        for mask in masks {
            let name = "\(stem)-\(mask.description.number)"
            let url = folder.appendingPathComponent("\(name).\(ext)")
            try VolumeFiles.write(mask.binary, to: url, format: options.format, compressionLevel: options.compressionLevel)
            files.append(url)
            var fractionFile: String?
            if let fraction = mask.fraction {
                let f = folder.appendingPathComponent("\(name)-fraction.\(ext)")
                try VolumeFiles.write(fraction, to: f, format: options.format, compressionLevel: options.compressionLevel)
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
        return files
    }

    /// Writes `<volume>.seg.nrrd` in `folder` with every segment of `imported` (all on `geometry`), segment IDs
    /// `seg<k>-<n>`.
    /// - Returns: the file, or `nil` when there is no segment.
    public static func writeSlicerSegmentation(_ imported: [Imported], volume: String, geometry: VolumeGeometry, folder: URL,
                                               compressionLevel: Int32 = 6) throws -> URL? {
        let segments = imported.flatMap { object in
            object.masks.map { SlicerSegmentationFile.Segment(id: "seg\(object.object)-\($0.description.number)", description: $0.description,
                                                             mask: $0.binary) }
        }
        guard !segments.isEmpty else { return nil }
        let url = folder.appendingPathComponent("\(volume).seg.nrrd")
        try SlicerSegmentationFile.write(segments, geometry: geometry, to: url, compressionLevel: compressionLevel)
        return url
    }

    /// Imports every SEG/RTSTRUCT of `assembly` that references one of `volumes`, writing into `folder`
    /// (what `process`'s segmentations stage runs).
    /// - Returns: the imported objects and, for objects that could not be read or placed, errors without
    ///   file paths or patient data.
    public static func run(assembly: SeriesAssembly, volumes: [(name: String, loaded: LoadedVolume)], folder: URL,
                           format: OutputFormat) -> (imported: [Imported], problems: [String]) {
        var imported: [Imported] = []
        let read = SegmentationObject.read(assembly.instances)
        var problems = read.failures.map { "a segmentation object could not be read: \(safeDescription($0))" }
        for object in read.objects {
            do {
                guard let target = volumes.first(where: { object.references($0.loaded.plan) }) else {
                    problems.append("\(object.kindName) \(object.number): its referenced series is not in the study")
                    continue
                }
                if let done = try write(object, onto: target, folder: folder, options: Options(format: format)) { imported.append(done) }
            } catch {
                problems.append("\(object.kindName) \(object.number): \(safeDescription(error))")
            }
        }
        return (imported, problems)
    }
}
