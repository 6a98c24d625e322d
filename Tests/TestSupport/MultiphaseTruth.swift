import Foundation

/// `testdata/multiphase/truth.json`, written by `tools/fixtures/make_multiphase_study.py`: the synthetic
/// 4-phase study's tumour (LPS centre, radius), per-phase geometry, HU and expected phase.
public struct MultiphaseTruth: Decodable, Sendable {
    public struct Phase: Decodable, Sendable {
        public var key: String
        public var expected_phase: String
        public var slice_step_mm: Double
        public var pixel_spacing_row_col_mm: [Double]
        public var first_ipp_lps_mm: [Double]
        public var slices: Int
        public var storage: String
        public var hu_background: Double
        public var hu_tumour: Double
        public var hu_threshold: Double
        public var files: [String]
        public var untagged_files: [String]
    }

    public var tumour_centre_lps_mm: [Double]
    public var tumour_radius_mm: Double
    public var phases: [Phase]

    /// Folder with contrast tags.
    public static var tagged: URL { TestPaths.testdata("multiphase/tagged") }
    /// Folder with every contrast attribute removed.
    public static var untagged: URL { TestPaths.testdata("multiphase/untagged") }

    /// Reads the truth file.
    public static func load() throws -> MultiphaseTruth {
        try JSONDecoder().decode(MultiphaseTruth.self, from: Data(contentsOf: TestPaths.testdata("multiphase/truth.json")))
    }
}

/// Copies a folder of uncompressed-header DICOM files, replacing equal-length ASCII strings in every file
/// (e.g. a UID or a date), to make variants of committed fixtures inside a test.
public enum DICOMBytePatch {
    /// Copies `folder` (flat) into `destination`, applying `replacements` to the files whose names pass
    /// `only` (all by default). Each replacement must keep the length.
    public static func copy(_ folder: URL, to destination: URL, replacing replacements: [(String, String)],
                            only: (String) -> Bool = { _ in true }) throws {
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            var data = try Data(contentsOf: folder.appendingPathComponent(name))
            if only(name) {
                for (old, new) in replacements {
                    precondition(old.utf8.count == new.utf8.count, "replacement must keep the length")
                    let o = Data(old.utf8), n = Data(new.utf8)
                    var start = data.startIndex
                    while let r = data.range(of: o, in: start..<data.endIndex) {
                        data.replaceSubrange(r, with: n)
                        start = r.upperBound
                    }
                }
            }
            try data.write(to: destination.appendingPathComponent(name))
        }
    }
}
