import Foundation
import Pipeline

/// One published study as the cohort sees it: its manifest (keys, context, stages, warnings), its feature
/// extractions and, when present, its measurements and phases. Read from `<out>/<studyKey>/` only.
struct CohortStudy {
    var key: String
    var folder: URL
    var manifest: StudyManifest
    var extractions: [FeatureExtractionIndex.Extraction]

    /// Every study folder of `output` with a readable manifest (a folder without one is unpublished or
    /// incomplete by definition), in key order.
    static func all(in output: URL) -> [CohortStudy] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        return names.filter { $0.hasPrefix("st-") }.sorted().compactMap { name -> CohortStudy? in
            let folder = output.appendingPathComponent(name)
            guard let manifest = StudyManifest.read(folder.appendingPathComponent("manifest.json")) else { return nil }
            var extractions = FeatureExtractionIndex.read(folder.appendingPathComponent("features/" + FeatureExtractionIndex.fileName))?
                .extractions ?? []
            // Studies published before the index existed: their tumour table, series and phase unknown.
            if extractions.isEmpty, manifest.outputs.contains(where: { $0.file == "features/features.csv" }) {
                extractions = [.init(file: "features/features.csv", roi: FeatureROI.tumour.rawValue, series: "", phase: "", reader: nil, features: 0)]
            }
            return CohortStudy(key: name, folder: folder, manifest: manifest, extractions: extractions)
        }
    }

    /// `derived/measurements.json` as a JSON object, when present.
    var measurements: [String: Any]? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("derived/measurements.json").path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// (phase, confidence) of each aligned phase from `alignment.json`, when present.
    var phases: [(phase: String, confidence: Double?)] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("alignment.json").path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let phases = object["phases"] as? [[String: Any]] else { return [] }
        return phases.map { entry in
            let identification = entry["phase"] as? [String: Any]
            return ((identification?["phase"] as? String) ?? "UNKNOWN", identification?["confidence"] as? Double)
        }
    }
}
