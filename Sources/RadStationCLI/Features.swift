import ArgumentParser
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
            columns, like 'pyradiomics' batch mode; cases run in parallel and a failed case does not stop the others.
            Output: --format csv (long 'feature,value', or one row per case with --batch) or json.
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

    @Option(name: .long, help: "Output file (default: standard output).")
    var out: String?

    func validate() throws {
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
        if batch && mask != nil { throw ValidationError("--batch takes only the case list") }
        if !batch && mask == nil { throw ValidationError("a mask file is required") }
        if batch && format == "json" { throw ValidationError("--batch writes CSV") }
    }

    func run() throws {
        let parameters = try FeatureExtraction.parameters(from: params.map { URL(fileURLWithPath: $0) })
        if batch {
            let cases = try FeatureExtraction.cases(fromCSV: URL(fileURLWithPath: image))
            let results = FeatureExtraction.batch(cases, parameters: parameters)
            var rows: [(identity: [(String, String)], vector: FeatureVector)] = []
            var failures = 0
            for (job, result) in zip(cases, results) {
                switch result {
                case .success(let vector):
                    let label = job.label.map(String.init) ?? String(parameters.settings.label)
                    rows.append(([("Image", job.image.path), ("Mask", job.mask.path), ("Label", label)], vector))
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
            let vector = try FeatureExtraction.run(job, parameters: parameters)
            try emit(format == "json" ? FeatureTable.json(vector) : FeatureTable.longCSV(vector))
        }
    }

    private func emit(_ text: String) throws {
        guard let out else { print(text, terminator: ""); return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
    }
}
