import ArgumentParser
import DICOMBackend
import Foundation
import Pipeline

extension OutputFormat: ExpressibleByArgument {}

/// `radstation convert <folder> --out <dir>`: every volume to NIfTI or NRRD plus a JSON sidecar.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert every volume in a folder of DICOM files to NIfTI/NRRD with JSON sidecars.",
        discussion: """
            Output: <out>/<studyKey>/<seriesKey>_<n>.<ext> and .json, names being keyed hashes of UIDs \
            (secret in <out>/\(Conversion.keyFile)). Each sidecar holds the contrast phase with its confidence and \
            evidence (see `radstation align --help`) and the study's timepoint (baseline / follow-up n). Gapped, variably spaced or tilted series are resampled \
            onto a uniform orthogonal grid with a warning in the sidecar, or refused with --strict.
            Every DICOM SEG segment and RTSTRUCT ROI is written beside the volume it references, on exactly its grid: \
            <volume>_seg<k>-<n>.<ext> (uint8 0/1; k = object, n = segment/ROI number), <volume>_seg<k>-<n>-fraction.<ext> \
            (float32 0…1) for fractional SEGs and with --partial-volume, <volume>_seg<k>.json (labels, codes, colours, \
            voxels, mL), and <volume>.seg.nrrd for 3D Slicer with --seg-nrrd. A SEG/RTSTRUCT that fails is an error naming its file; \
            a SEG whose image series is absent is written on its own frames' grid (seg<k>_own-grid-<n>) with a warning.
            Exit code 0: all converted; 3: some files or volumes failed, the rest converted; 1: nothing converted.
            """)

    @Argument(help: "Folder to scan recursively.")
    var folder: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .niftiGz

    @Flag(help: "Refuse gapped, variably spaced, tilted or duplicate-position series instead of resampling them.")
    var strict = false

    @Option(help: "Most voxels one volume may have after resampling; a larger one is refused before anything is allocated.")
    var maxVoxels: Int = LoadOptions.defaultMaximumVoxels

    @Option(help: "zlib compression level for .nii.gz and gzip NRRD (1 fastest … 9 smallest).")
    var compressionLevel: Int32 = 6

    @Option(name: .customLong("phase"), help: "Override the contrast phase in the sidecar: KEY=PHASE, KEY a series key or volume name (repeatable).")
    var phases: [String] = []

    @Option(help: "Phase overrides from a file: JSON object or 'KEY: PHASE' lines.")
    var phaseMap: String?

    @Option(name: .customLong("roi"), help: "Only the SEG segments / RTSTRUCT ROIs with this name (case-insensitive, repeatable).")
    var roiNames: [String] = []

    @Flag(help: "Also write RTSTRUCT partial-volume masks (float32 fraction of each voxel inside).")
    var partialVolume = false

    @Option(help: "In-plane samples per pixel side for --partial-volume (4 → 16 samples).")
    var partialVolumeSamples = 4

    @Option(help: "Diffusion MR: fit the ADC to the b-values (s/mm²) at or above this; 0 = all.")
    var adcLowBCutoff: Double = 0

    @Flag(help: "Also write a 3D Slicer segmentation (<volume>.seg.nrrd) per volume with segments.")
    var segNrrd = false

    func validate() throws {
        guard (1...9).contains(compressionLevel) else { throw ValidationError("--compression-level must be 1…9") }
        guard (1...32).contains(partialVolumeSamples) else { throw ValidationError("--partial-volume-samples must be 1…32") }
    }

    func run() throws {
        var overrides: PhaseOverrides
        do {
            overrides = try PhaseOverrides(arguments: phases)
            if let phaseMap { overrides = try PhaseOverrides(contentsOf: URL(fileURLWithPath: phaseMap)).merging(overrides) }
        } catch let error as AlignmentError {
            throw ValidationError(error.description)
        }
        guard adcLowBCutoff.isFinite, adcLowBCutoff >= 0 else { throw ValidationError("--adc-low-b-cutoff must be a b-value ≥ 0") }
        var options = Conversion.Options(format: format, load: LoadOptions(strictGeometry: strict, maximumVoxels: maxVoxels),
                                         compressionLevel: compressionLevel, phaseOverrides: overrides,
                                         segmentNames: roiNames.isEmpty ? nil : roiNames,
                                         partialVolume: partialVolume ? partialVolumeSamples : nil, slicerSegmentation: segNrrd)
        options.adcLowBCutoff = adcLowBCutoff
        let result = try Conversion.run(input: URL(fileURLWithPath: folder), output: URL(fileURLWithPath: out), options: options)
        for w in result.written {
            let r = w.report
            let size = r.geometry.size
            print("\(w.studyKey)/\(w.image.lastPathComponent)  \(r.modality) \(size.i)×\(size.j)×\(size.k) \(r.voxelType) \(r.classification.joined(separator: "+")) \(w.phase?.summary ?? "")")
            for warning in r.warnings { print("  warning: \(warning)") }
            for object in w.segmentations {
                print("  segmentation \(object.object): \(object.masks.count) mask(s) \(w.volume)_seg\(object.object)-*")
                for mask in object.masks {
                    for warning in mask.warnings { print("    warning (\(mask.description.number)): \(warning)") }
                }
            }
            if let seg = w.slicerSegmentation { print("  Slicer segmentation: \(seg.lastPathComponent)") }
        }
        for o in result.ownGrid {
            print("\(o.studyKey)/\(o.imported.volume)-*  segmentation \(o.imported.object): its image series is absent; \(o.imported.masks.count) mask(s) on its own grid")
        }
        for file in result.diffusionMaps where !file.hasSuffix(".json") { print("\(file)  diffusion map") }
        for warning in result.diffusionWarnings { print("warning: \(warning)") }
        for s in result.skipped { print("skipped: \(s.path): \(s.reason)") }
        for f in result.failures { printError("error: \(f)") }
        print("\(result.written.count) volume(s) written to \(out); \(result.failures.count) error(s)")
        if !result.isComplete { throw result.written.isEmpty ? ExitCode.failure : RadStationCommand.partialSuccess }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
