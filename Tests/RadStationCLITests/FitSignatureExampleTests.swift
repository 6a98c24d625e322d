import Foundation
import Testing
import TestSupport
@testable import RadStationCLI

/// `tools/examples/fit_signature.py` (scikit-learn, lifelines; venv from tools/examples/make-venv.sh) fitted on a
/// cohort table, then `radstation score` on the same table: the Rad-score must equal the model's own linear
/// predictor (log-odds, log partial hazard).
@Suite("fit_signature.py example", .serialized)
struct FitSignatureExampleTests {
    static var python: String? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["RADSTATION_EXAMPLES_PYTHON"],
                          TestPaths.repositoryRoot.appendingPathComponent(".venv-examples/bin/python").path]
        guard let found = candidates.compactMap({ $0 }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: no examples venv (bash tools/examples/make-venv.sh creates .venv-examples; .ci/run does)")
            return nil
        }
        return found
    }

    /// A cohort table (cohort/features.csv format) of 80 baseline tumour rows with 6 features, the first two
    /// informative, and a clinical table keyed by patient: a binary response drawn from a logistic model and a
    /// survival time from an exponential model.
    static func cohort(in folder: URL) throws -> (table: URL, clinical: URL) {
        var random = SplitMix(state: 42)
        let keys = "patient,study,timepoint,days_since_baseline,treatment,series,phase,roi,reader"
        let names = ["original_firstorder_Mean", "original_glcm_Idmn", "original_shape_Sphericity", "original_glszm_ZoneEntropy",
                     "wavelet-LLH_firstorder_Median", "log-sigma-2-0-mm-3D_gldm_DependenceEntropy"]
        var table = keys + "," + names.joined(separator: ",") + "\n"
        var clinical = "patient,response,months,death\n"
        for n in 0..<80 {
            let x = (0..<names.count).map { _ in gaussian(&random) }
            let patient = String(format: "pt-%016x", n + 1), study = String(format: "st-%016x", n + 1)
            let values = x.enumerated().map { c, v in 100 * Double(c + 1) + 10 * v }
            table += "\(patient),\(study),baseline,0,pre-treatment,se-000000000001_1,ARTERIAL,tumour,,"
                + values.map { "\($0)" }.joined(separator: ",") + "\n"
            let logit = 1.8 * x[0] - 1.2 * x[1]
            let response = random.uniform(0...1) < 1 / (1 + exp(-logit)) ? 1 : 0
            let months = -log(max(random.uniform(0...1), 1e-9)) * 24 * exp(-(0.9 * x[0]))
            let death = random.uniform(0...1) < 0.8 ? 1 : 0
            clinical += "\(patient),\(response),\(months),\(death)\n"
        }
        let tableURL = folder.appendingPathComponent("features.csv"), clinicalURL = folder.appendingPathComponent("clinical.csv")
        try table.write(to: tableURL, atomically: true, encoding: .utf8)
        try clinical.write(to: clinicalURL, atomically: true, encoding: .utf8)
        return (tableURL, clinicalURL)
    }

    /// A standard normal draw (Box–Muller).
    static func gaussian(_ random: inout SplitMix) -> Double {
        let u = max(random.uniform(0...1), 1e-12), v = random.uniform(0...1)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    static func run(_ python: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TestPaths.repositoryRoot.appendingPathComponent("tools/examples/fit_signature.py").path]
            + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// `radstation score` of `table` with `signature`: radscore by study.
    static func score(_ signature: URL, _ table: URL, in folder: URL) throws -> [String: Double] {
        let out = folder.appendingPathComponent("scores-\(UUID().uuidString).csv")
        var command = try RadStationCommand.parseAsRoot(["score", "--signature", signature.path, table.path, "--out", out.path])
        try command.run()
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let study = try #require(header.firstIndex(of: "study")), score = try #require(header.firstIndex(of: "radscore"))
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[study], Double($0[score]) ?? .nan) })
    }

    static func predictor(_ url: URL) throws -> [String: Double] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return Dictionary(uniqueKeysWithValues: lines.map { ($0[1], Double($0[2])!) })
    }

    @Test("logistic LASSO: the informative features are selected and radstation score equals sklearn's log-odds")
    func logistic() throws {
        guard let python = Self.python else { return }
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (table, clinical) = try Self.cohort(in: folder)
        let signature = folder.appendingPathComponent("sig.yaml"), expected = folder.appendingPathComponent("model.csv")
        let (status, output) = try Self.run(python, ["--features", table.path, "--clinical", clinical.path, "--outcome", "response",
                                                     "--out", signature.path, "--scores-out", expected.path])
        #expect(status == 0, "\(output)")
        let yaml = try String(contentsOf: signature, encoding: .utf8)
        #expect(yaml.contains("intercept: ") && yaml.contains("original_firstorder_Mean: {coefficient: ")
                && yaml.contains("original_glcm_Idmn: {coefficient: -"), "\(yaml)")
        let scores = try Self.score(signature, table, in: folder), model = try Self.predictor(expected)
        #expect(scores.count == 80 && model.count == 80)
        for (study, value) in model { #expect(abs((scores[study] ?? .nan) - value) <= 1e-9 * max(1, abs(value)), "\(study)") }
    }

    @Test("Cox LASSO: radstation score equals lifelines' log partial hazard")
    func cox() throws {
        guard let python = Self.python else { return }
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (table, clinical) = try Self.cohort(in: folder)
        let signature = folder.appendingPathComponent("sig.yaml"), expected = folder.appendingPathComponent("model.csv")
        let (status, output) = try Self.run(python, ["--features", table.path, "--clinical", clinical.path, "--model", "cox",
                                                     "--time", "months", "--event", "death", "--penalizer", "0.05",
                                                     "--out", signature.path, "--scores-out", expected.path])
        #expect(status == 0, "\(output)")
        let yaml = try String(contentsOf: signature, encoding: .utf8)
        #expect(!yaml.contains("intercept") && yaml.contains("original_firstorder_Mean: {coefficient: "), "\(yaml)")
        let scores = try Self.score(signature, table, in: folder), model = try Self.predictor(expected)
        for (study, value) in model { #expect(abs((scores[study] ?? .nan) - value) <= 1e-9 * max(1, abs(value)), "\(study)") }
    }
}
