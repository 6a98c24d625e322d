import Foundation
import RadiomicsCore
import VolumeIO
import VolumeModule

/// `<out>/<patientKey>/followups/<studyKey>/`: the masks of one follow-up on its unenhanced (fixed) grid, as
/// NIfTI-1 (`.nii.gz`, uint8 0/1, the follow-up volume's exact geometry), and the radiomics features of its
/// Lipiodol VOI.
///
/// | file | content |
/// |---|---|
/// | `target-lesion.nii.gz` | the baseline tumour carried onto the follow-up |
/// | `lipiodol.nii.gz` | Lipiodol in the target region (the VOI of `response.json`'s `inTargetML`) |
/// | `off-target-lipiodol.nii.gz` | Lipiodol in the carried liver outside it |
/// | `viable.nii.gz` | viable (arterially enhancing) tumour |
/// | `features/lipiodol.csv` | features of the Lipiodol VOI on the unenhanced CT (long CSV `feature,value`) |
/// | `features/extractions.json` | ``FeatureExtractionIndex`` of that file (roi `lipiodol`, series, phase) |
///
/// Each mask only when measured; features only when the Lipiodol VOI is non-empty. Features: the
/// `feature_parameters` file when given, else ``DefaultFeatureParameters/lipiodolParameters()`` (107 original
/// features, 1 mm, binWidth 25). The files live in the patient folder, not in the study folder: the study's
/// own outputs (and their manifest hashes, which key the course's idempotency) stay as `process` wrote them.
enum CourseFollowUpFiles {
    /// Writes the files of `masks` into `folder` (created). - Returns: the written paths relative to `folder`.
    /// - Throws: NIfTI write errors, feature-extraction errors, ``PipelineError`` for a bad parameter file.
    static func write(_ masks: CourseFollowUp.Masks, phase: String, into folder: URL, configuration: ProcessConfiguration) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [String] = []
        let files: [(String, Mask?)] = [("target-lesion.nii.gz", masks.target), ("lipiodol.nii.gz", masks.lipiodol),
                                        ("off-target-lipiodol.nii.gz", masks.offTarget), ("viable.nii.gz", masks.viable)]
        for case let (name, mask?) in files {
            try NIfTI.write(mask, to: folder.appendingPathComponent(name))
            written.append(name)
        }
        guard let lipiodol = masks.lipiodol, lipiodol.count(of: 1) > 0 else { return written }
        let parameters = try configuration.featureParameters.map { try FeatureExtraction.parameters(from: URL(fileURLWithPath: $0)) }
            ?? DefaultFeatureParameters.lipiodolParameters()
        let vector = try FeatureExtractor(parameters: parameters).execute(image: masks.image, mask: lipiodol)
        let features = folder.appendingPathComponent("features")
        try FileManager.default.createDirectory(at: features, withIntermediateDirectories: true)
        try FeatureTable.longCSV(vector).write(to: features.appendingPathComponent("lipiodol.csv"), atomically: false, encoding: .utf8)
        var index = FeatureExtractionIndex()
        index.extractions.append(.init(file: "features/lipiodol.csv", roi: FeatureROI.lipiodol.rawValue, series: masks.volume,
                                       phase: phase, reader: nil, features: vector.features.count))
        try index.write(to: features.appendingPathComponent(FeatureExtractionIndex.fileName))
        return written + ["features/lipiodol.csv", "features/" + FeatureExtractionIndex.fileName]
    }
}
