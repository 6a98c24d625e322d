import Foundation

/// A region a study's features are computed on (`feature_rois` in `pipeline.yaml`).
public enum FeatureROI: String, Sendable, Codable, CaseIterable, Equatable {
    /// The target lesion (the first segment labelled tumour/lesion/HCC/…).
    case tumour
    /// The shell band across the tumour border (`shell_mm`).
    case shellBand = "shell_band"
    /// The peritumoral ring (`ring_mm`).
    case ring
    /// The tumour core.
    case core
    /// The Lipiodol deposits inside the tumour, on the unenhanced post-TACE CT.
    case lipiodol
    /// The liver segment, on its own image.
    case liver
}

/// `features/extractions.json`: which feature files a study holds and what each describes (ROI kind, series
/// key, contrast phase, reader), so the cohort table can key its rows without parsing file names.
public struct FeatureExtractionIndex: Sendable, Codable, Equatable {
    /// One feature file.
    public struct Extraction: Sendable, Codable, Equatable {
        /// Path relative to the study folder (long CSV: `feature,value`).
        public var file: String
        /// ``FeatureROI`` raw value.
        public var roi: String
        /// Volume name (series key and number) the features were computed on.
        public var series: String
        /// Contrast phase of that volume (`ARTERIAL`, …).
        public var phase: String
        /// `reader-1`, `reader-2`, … when several readers segmented the lesion; `nil` otherwise.
        public var reader: String?
        /// Number of entries in the file.
        public var features: Int

        /// Creates an entry.
        public init(file: String, roi: String, series: String, phase: String, reader: String?, features: Int) {
            self.file = file
            self.roi = roi
            self.series = series
            self.phase = phase
            self.reader = reader
            self.features = features
        }
    }

    /// The file name inside `features/`.
    public static let fileName = "extractions.json"

    /// The extractions, in the order they were computed.
    public var extractions: [Extraction] = []

    /// An empty index.
    public init() {}

    /// Reads an index, or `nil` when absent or unreadable.
    public static func read(_ url: URL) -> FeatureExtractionIndex? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(FeatureExtractionIndex.self, from: data)
    }

    /// Writes pretty, key-sorted JSON.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url)
    }
}
