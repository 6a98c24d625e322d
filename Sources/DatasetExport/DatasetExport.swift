import DICOMBackend
import Foundation
import MaskMorphology
import Pipeline
import VolumeModule

/// `radstation export dl`: every published study's target lesion as a tumour-centred, multiphase training array.
///
/// Per lesion (a study's target lesion, `derived/tumour.nii.gz`, reader 1's when several readers outlined it):
/// the channels are resampled onto an axis-aligned grid of ``Options/size`` voxels (z, y, x) at
/// ``Options/spacing`` mm (z, y, x), centred on the tumour's centroid in LPS mm. Orientation: the array's x
/// index runs toward the patient's left, y toward posterior, z toward superior (LPS, as everywhere in
/// RadStation); voxel `[c, z, y, x]` is the point `origin + (x·sx, y·sy, z·sz)`, with `origin` recorded per
/// lesion. Images are linear, −1024 HU outside the phase's field of view; masks nearest-neighbour, 0 outside.
///
/// Writes `<dataset>/lesions/<studyKey>-lesion1.npy` (float32, shape (channels, z, y, x), C order, NumPy
/// format 1.0), `<dataset>/dataset.csv` (one row per lesion: pseudonymous keys, timepoint, file, centre, voxel
/// counts, split by patient, label columns) and `<dataset>/dataset.json` (the settings, channel list, window and
/// normalisation, orientation). No patient value is written: a clinical table's PatientID is turned into the
/// output folder's pseudonymous patient key and dropped.
public enum DatasetExport {
    /// One channel of the arrays.
    public enum Channel: Sendable, Equatable, CustomStringConvertible {
        /// The aligned phase image (`aligned/<phase>.nii.gz`), windowed and normalised.
        case image(ContrastPhase)
        /// The target lesion, 0/1.
        case tumour
        /// The shell band across the tumour border (`derived/shell-band.nii.gz`), 0/1.
        case shell
        /// The liver (the study's liver segment), 0/1.
        case liver
        /// 1 where the first image channel's phase was acquired (its validity mask), 0 elsewhere.
        case validity
        /// A voxel feature map of one first-order or texture feature (`glcm_Contrast`) on a phase
        /// (``VoxelMapChannel``), 0 outside the tumour.
        case voxel(feature: String, phase: ContrastPhase)

        /// The phase codes of `--phases`: NC, AP, PV, DP.
        public static let phaseCodes: [String: ContrastPhase] = ["NC": .nonContrast, "AP": .arterial, "PV": .portalVenous, "DP": .delayed]

        public var description: String {
            switch self {
            case .image(let phase): "image:" + (Self.phaseCodes.first { $0.value == phase }?.key ?? phase.rawValue)
            case .tumour: "tumour"
            case .shell: "shell"
            case .liver: "liver"
            case .validity: "validity"
            case .voxel(let feature, let phase):
                "voxel:" + (Self.phaseCodes.first { $0.value == phase }?.key ?? phase.rawValue) + ":" + VoxelMapChannel.key(feature)
            }
        }
    }

    /// Intensity normalisation of image channels after the window.
    public enum Normalization: String, Sendable, Equatable, CaseIterable {
        /// Clipped HU.
        case none
        /// (clipped − low) / (high − low): 0…1.
        case unit
        /// (clipped − mean) / std over the lesion array's voxels inside the field of view.
        case zscore
    }

    /// What to export.
    public struct Options: Sendable, Equatable {
        /// Voxels along z, y, x.
        public var size = [32, 64, 64]
        /// Spacing along z, y, x, mm.
        public var spacing = [1.0, 1.0, 1.0]
        /// Channels in order.
        public var channels: [Channel] = [.image(.arterial), .image(.portalVenous), .image(.delayed), .tumour]
        /// HU window applied to image channels.
        public var window = (low: -100.0, high: 240.0)
        public var normalization = Normalization.zscore
        /// Train, validation, test fractions.
        public var split = [0.7, 0.15, 0.15]
        public var seed: UInt64 = 0
        /// A clinical CSV with a `PatientID` column; its other columns are joined to each lesion's row.
        public var labels: URL?
        /// Kernel radius (voxels of the lesion grid) of computed voxel feature maps: 2 gives 5 × 5 × 5 kernels.
        public var kernelRadius = 2

        public init() {}

        public static func == (a: Options, b: Options) -> Bool {
            a.size == b.size && a.spacing == b.spacing && a.channels == b.channels && a.window == b.window
                && a.normalization == b.normalization && a.split == b.split && a.seed == b.seed && a.labels == b.labels
                && a.kernelRadius == b.kernelRadius
        }
    }

    /// What an export wrote.
    public struct Summary: Sendable, Equatable {
        public var lesions: Int
        /// Studies left out, with the reason (study keys only).
        public var skipped: [String]
    }

    /// Exports every published study of `output` into `dataset` (created; existing files replaced).
    /// - Throws: ``PipelineError`` when the dataset folder cannot be written or the labels file is invalid.
    public static func run(output: URL, to dataset: URL, options: Options) throws -> Summary {
        let fm = FileManager.default
        try fm.createDirectory(at: dataset.appendingPathComponent("lesions"), withIntermediateDirectories: true)
        let names = try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(Conversion.keyFile))
        let labels = try options.labels.map { try ClinicalLabels.read($0, names: names) }
        var rows: [LesionRow] = []
        var skipped: [String] = []
        let studies = ((try? fm.contentsOfDirectory(atPath: output.path)) ?? []).filter { $0.hasPrefix("st-") }.sorted()
        // One study per task on all cores (each reads only its lesion's box of each volume), in key order.
        let outcomes = parallelMap(studies.count) { n -> Result<LesionRow?, Error>? in
            let folder = output.appendingPathComponent(studies[n])
            guard let manifest = StudyManifest.read(folder.appendingPathComponent("manifest.json")) else { return nil }
            return Result {
                try LesionExport.export(study: folder, manifest: manifest, options: options,
                                        into: dataset.appendingPathComponent("lesions"))
            }
        }
        for (key, outcome) in zip(studies, outcomes) {
            switch outcome {
            case nil: continue
            case .success(let row?): rows.append(row)
            case .success(nil): skipped.append("\(key): no target lesion (derived/tumour.nii.gz)")
            case .failure(let error): skipped.append("\(key): \(error)")
            }
        }
        let split = PatientSplit(patients: Set(rows.map(\.patient)), fractions: options.split, seed: options.seed)
        try DatasetFiles.writeCSV(rows, split: split, labels: labels, to: dataset.appendingPathComponent("dataset.csv"))
        try DatasetFiles.writeJSON(options: options, lesions: rows.count, to: dataset.appendingPathComponent("dataset.json"))
        return Summary(lesions: rows.count, skipped: skipped)
    }
}

extension DatasetExport {
    /// Feature names a voxel channel accepts.
    public enum VoxelFeature {
        /// Whether `name` (`glcm_Contrast` or `original_glcm_Contrast`) is a first-order or texture feature of
        /// PyRadiomics 3.1.0 (shape features have no voxel maps).
        public static func isMappable(_ name: String) -> Bool { VoxelMapChannel.parse(name) != nil }
    }
}
