import CohortStatistics
import Foundation
import Pipeline
import Testing
import TestSupport
@testable import Cohort

/// The demo study processed once (tumour, ring and liver features; shape and first-order features of the
/// original and one LoG image, to keep the debug-build test short), shared by the cohort tests.
enum ProcessedDemo {
    /// Feature columns of ``parameters``: 14 shape + 2 × 18 first-order.
    static let featureCount = 50
    static let parameters = """
        setting: {binWidth: 25, resampledPixelSpacing: [2, 2, 2]}
        imageType: {Original: {}, LoG: {sigma: [3.0]}}
        featureClass: {shape: [], firstorder: []}

        """

    static let output: URL? = {
        guard let out = try? TestPaths.temporaryFolder() else { return nil }
        let params = out.appendingPathComponent("params.yaml")
        guard (try? parameters.write(to: params, atomically: true, encoding: .utf8)) != nil else { return nil }
        var configuration = ProcessConfiguration()
        configuration.qa = true
        configuration.featureParameters = params.path
        configuration.featureROIs = [.tumour, .ring, .liver, .lipiodol]
        guard let reports = try? StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out, configuration: configuration),
              reports.count == 1 else { return nil }
        return out
    }()

    /// A copy of the processed demo output holding `count` studies: the demo's folder under other study keys,
    /// alternately of two patients (baseline / follow-up), as a cohort of published studies.
    static func cohort(studies count: Int) throws -> URL {
        let source = try #require(output)
        let demo = try #require(try FileManager.default.contentsOfDirectory(atPath: source.path).first { $0.hasPrefix("st-") })
        let root = try TestPaths.temporaryFolder()
        for n in 0..<count {
            let key = String(format: "st-%016x", n + 1)
            let folder = root.appendingPathComponent(key)
            try FileManager.default.copyItem(at: source.appendingPathComponent(demo), to: folder)
            var manifest = try #require(StudyManifest.read(folder.appendingPathComponent("manifest.json")))
            manifest.studyKey = key
            manifest.context = StudyContext(patientKey: "pt-\(n / 2)", timepoint: .init(followUpNumber: n % 2, daysSinceBaseline: 30 * (n % 2),
                                                                                         studiesOfPatient: 2),
                                            treatment: n % 2 == 0 ? .preTreatment : .postTreatment, treatmentRule: "test")
            try manifest.write(folder.appendingPathComponent("manifest.json"))
        }
        return root
    }
}

@Suite("Cohort table")
struct CohortAssemblyTests {
    @Test("one row per study and ROI, keys first, every value copied exactly from the study's feature file")
    func table() throws {
        let out = try ProcessedDemo.cohort(studies: 4)
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try Cohort.rebuild(output: out)
        // Lipiodol is not derived (the demo is pre-treatment), so three ROIs per study.
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted().first { $0.hasPrefix("st-") })
        let index = try #require(FeatureExtractionIndex.read(out.appendingPathComponent("\(first)/features/extractions.json")))
        #expect(index.extractions.map(\.roi) == ["tumour", "ring", "liver"])
        #expect(summary.studies == 4 && summary.rows == 12 && summary.features == ProcessedDemo.featureCount && summary.problems.isEmpty)

        let text = try String(contentsOf: out.appendingPathComponent("cohort/features.csv"), encoding: .utf8)
        let table = try CohortTable(csv: text, name: "features.csv")
        #expect(table.keyColumns == ["patient", "study", "timepoint", "days_since_baseline", "treatment", "series", "phase", "roi", "reader"])
        #expect(table.featureNames.count == ProcessedDemo.featureCount && table.rows.count == 12)
        let column = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1, $0) })
        // Row 2 is study 1's ring: every feature equals the long CSV's text.
        let row = table.rows[1]
        #expect(row[column["study"]!] == "st-0000000000000001" && row[column["roi"]!] == "ring" && row[column["phase"]!] == "ARTERIAL")
        #expect(table.rows[3][column["timepoint"]!] == "follow-up 1" && table.rows[3][column["days_since_baseline"]!] == "30")
        let long = try String(contentsOf: out.appendingPathComponent("st-0000000000000001/features/ring.csv"), encoding: .utf8)
        var compared = 0
        for line in long.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
            guard let c = column[parts[0]] else { continue }
            #expect(row[c] == parts[1], "\(parts[0])")
            compared += 1
        }
        #expect(compared == ProcessedDemo.featureCount)
        // The liver row differs from the tumour row (another mask), and no diagnostics column is copied.
        #expect(table.rows[0][column["original_shape_VoxelVolume"]!] != table.rows[2][column["original_shape_VoxelVolume"]!])
        #expect(!table.columns.contains { $0.hasPrefix("diagnostics_") })
        // Pseudonymous keys only: no patient value of the demo anywhere in the cohort folder.
        for file in ["features.csv", "features.columns.json", "index.html"] {
            let content = try String(contentsOf: out.appendingPathComponent("cohort/\(file)"), encoding: .utf8)
            for sentinel in ["DEMO^PATIENT", "DEMO0001", "20260101", "ABD ART"] { #expect(!content.contains(sentinel), "\(file)") }
        }
    }

    @Test("the column dictionary names image type, class, feature and the IBSI tag of every feature column")
    func columns() throws {
        let entry = CohortColumn(column: "wavelet-LLH_glcm_JointEntropy")
        #expect(entry.imageType == "wavelet-LLH" && entry.featureClass == "glcm" && entry.feature == "JointEntropy")
        #expect(entry.ibsiTag == "cm_joint_entr_3D_avg")
        let log = CohortColumn(column: "log-sigma-3-0-mm-3D_firstorder_10Percentile")
        #expect(log.imageType == "log-sigma-3-0-mm-3D" && log.ibsiTag == "stat_p10")
        #expect(CohortColumn(column: "original_shape_Maximum2DDiameterRow").ibsiTag == nil)
        let out = try ProcessedDemo.cohort(studies: 1)
        defer { try? FileManager.default.removeItem(at: out) }
        try Cohort.rebuild(output: out)
        let data = try Data(contentsOf: out.appendingPathComponent("cohort/features.columns.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(object["features"] as? [[String: Any]])
        #expect(features.count == ProcessedDemo.featureCount && features.allSatisfy { ($0["featureClass"] as? String)?.isEmpty == false })
        #expect(features.filter { ($0["imageType"] as? String) == "log-sigma-3-0-mm-3D" }.count == 18)
        #expect(features.filter { $0["ibsiTag"] != nil }.count >= 40)
    }

    @Test("a rebuild replaces the cohort atomically; a study without a manifest is not in it; a missing feature file is reported")
    func rebuild() throws {
        let out = try ProcessedDemo.cohort(studies: 3)
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try Cohort.rebuild(output: out).rows == 9)
        try FileManager.default.removeItem(at: out.appendingPathComponent("st-0000000000000002/manifest.json"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("st-0000000000000003/features/liver.csv"))
        let summary = try Cohort.rebuild(output: out)
        #expect(summary.studies == 2 && summary.rows == 5)
        #expect(summary.problems == ["st-0000000000000003: features/liver.csv is missing"])
        let text = try String(contentsOf: out.appendingPathComponent("cohort/features.csv"), encoding: .utf8)
        #expect(!text.contains("st-0000000000000002"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".radstation").path)
        #expect(!leftovers.contains { $0.hasPrefix("tmp-") })
    }
}
