import ArgumentParser
import CMalloc
import Foundation
import Pipeline
import RadiomicsCore

/// `radstation features`: PyRadiomics-compatible radiomics features of an image and a mask, or of a batch.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract radiomics features (PyRadiomics 3.1.0 names and values) from an image and a mask.",
        discussion: """
            Images and masks are NIfTI (.nii, .nii.gz) or NRRD files on the same grid. --params reads a PyRadiomics \
            parameter file as is. With --batch, the argument is a CSV with Image and Mask (and optional Label) \
            columns, like 'pyradiomics' batch mode, whose every column (ID, …) leads the output row; cases run in parallel and a failed case does not stop the others.
            Output: --format csv (long 'feature,value', or one row per case with --batch) or json.
            --save-images <dir> also writes every image whose features were computed (resampled/cropped original, \
            LoG, wavelet, square, …) as <dir>/<image type>.nii.gz and the ROI mask as <dir>/mask.nii.gz. \
            --voxel-map writes one NIfTI per feature into the --out folder (feature maps of a sliding cubic kernel of \
            --kernel-radius voxels, restricted to the ROI; 0 outside) instead of the feature table. \
            'setting: {mode: ibsi}' in the parameter file selects the IBSI preset (centred grid, rounding, partial-volume \
            mask, resegmentation range + outlierFiltering, bins from the range's lower bound, excess kurtosis).
            Exit code 0: all cases extracted; 3: some failed; 1: none.
            """)

    @Argument(help: "Image file, or with --batch a CSV of cases.")
    var image: String

    @Argument(help: "Mask file (not with --batch).")
    var mask: String?

    @Option(help: "PyRadiomics parameter file (YAML or JSON).")
    var params: String?

    @Option(help: "Label value of the ROI in the mask (overrides the parameter file).")
    var label: Int?

    @Flag(help: "Treat the argument as a CSV of cases (columns Image, Mask, optional Label).")
    var batch = false

    @Option(help: "Output format: csv or json.")
    var format: String = "csv"

    @Option(name: .long, help: "Output file (default: standard output); the output folder with --voxel-map.")
    var out: String?

    @Option(help: "Preset: pyradiomics (default) or ibsi; overrides 'setting: {mode: …}' of the parameter file.")
    var mode: String?

    @Option(help: "Folder to write every resampled/filtered image (and the ROI mask) into as NIfTI.")
    var saveImages: String?

    @Flag(help: "Write voxel-based feature maps (one NIfTI per feature) into the --out folder.")
    var voxelMap = false

    @Option(help: "Kernel radius in voxels for --voxel-map (2 = 5×5×5 kernels).")
    var kernelRadius: Int = 1

    func validate() throws {
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
        if batch && mask != nil { throw ValidationError("--batch takes only the case list") }
        if !batch && mask == nil { throw ValidationError("a mask file is required") }
        if batch && format == "json" { throw ValidationError("--batch writes CSV") }
        if batch && (saveImages != nil || voxelMap) { throw ValidationError("--save-images and --voxel-map take one case") }
        if voxelMap && out == nil { throw ValidationError("--voxel-map needs --out <folder>") }
        if let mode, ExtractionMode(rawValue: mode) == nil { throw ValidationError("--mode must be pyradiomics or ibsi") }
        if kernelRadius < 1 { throw ValidationError("--kernel-radius must be at least 1") }
    }

    func run() throws {
        // One case: its tasks hand filtered images from thread to thread, and per-thread arenas would keep every
        // freed image resident (IBSI GTV, 1316 features: 126 → 92 MB peak, same time).
        if !batch { _ = cmalloc_use_single_arena() }
        var parameters = try FeatureExtraction.parameters(from: params.map { URL(fileURLWithPath: $0) })
        if let mode, let preset = ExtractionMode(rawValue: mode) { parameters.setMode(preset) }
        if batch {
            let cases = try FeatureExtraction.cases(fromCSV: URL(fileURLWithPath: image))
            let results = FeatureExtraction.batch(cases, parameters: parameters)
            var rows: [(identity: [(String, String)], vector: FeatureVector)] = []
            var failures = 0
            for (job, result) in zip(cases, results) {
                switch result {
                case .success(let vector):
                    rows.append((job.identity(defaultLabel: parameters.settings.label), vector))
                case .failure(let error):
                    failures += 1
                    printError("error: case \(job.image.lastPathComponent): \(error)")
                }
            }
            try emit(FeatureTable.wideCSV(rows: rows))
            if failures > 0 { throw rows.isEmpty ? ExitCode.failure : RadStationCommand.partialSuccess }
        } else {
            let job = FeatureExtraction.Case(image: URL(fileURLWithPath: image), mask: URL(fileURLWithPath: mask ?? ""),
                                             label: label)
            if voxelMap, let out {
                let files = try FeatureExtraction.voxelMaps(job, parameters: parameters, kernelRadius: kernelRadius,
                                                            folder: URL(fileURLWithPath: out))
                print("wrote \(files.count) feature maps to \(out)")
                return
            }
            let vector = try saveImages.map {
                try FeatureExtraction.run(job, parameters: parameters, savingImagesIn: URL(fileURLWithPath: $0))
            } ?? FeatureExtraction.run(job, parameters: parameters)
            try emit(format == "json" ? FeatureTable.json(vector) : FeatureTable.longCSV(vector))
        }
    }

    private func emit(_ text: String) throws {
        guard let out else { print(text, terminator: ""); return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    }
}
