// Training export (issue 22: "100 lesions export in ≤ 10 s on 2 cores"): the demo study processed once (4 aligned
// phases, tumour), its published folder copied under N study keys (N/2 patients), then `DatasetExport.run` with
// the defaults (32 × 64 × 64 at 1 mm, AP/PV/DP + tumour, window −100…240, z-score) timed over several runs.
// Usage:
//   swift run -c release DatasetExportBenchmark [--lesions 100] [--runs 3] [--work /tmp/radstation-export-bench]
import DatasetExport
import Foundation
import Pipeline

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let lesions = Int(option("--lesions", "100")) ?? 100
let runs = Int(option("--runs", "3")) ?? 3
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-export-bench"))
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let fm = FileManager.default
try? fm.removeItem(at: work)
let out = work.appendingPathComponent("out")
var configuration = ProcessConfiguration()
configuration.features = false
configuration.qa = false
let demo = try StudyProcessing.run(input: repository.appendingPathComponent("testdata/demo-study"), output: out,
                                   configuration: configuration)[0].folder
for n in 1..<lesions {
    let key = String(format: "st-%016x", n)
    let folder = out.appendingPathComponent(key)
    try fm.copyItem(at: demo, to: folder)
    var manifest = StudyManifest.read(folder.appendingPathComponent("manifest.json"))!
    manifest.studyKey = key
    manifest.context?.patientKey = String(format: "pt-%016x", n / 2 + 1)
    try manifest.write(folder.appendingPathComponent("manifest.json"))
}
var times: [Double] = []
var exported = 0
for run in 1...runs {
    let dataset = work.appendingPathComponent("dataset-\(run)")
    let t0 = Date()
    exported = try DatasetExport.run(output: out, to: dataset, options: DatasetExport.Options()).lesions
    times.append(Date().timeIntervalSince(t0))
    print(String(format: "run %d: %.3f s", run, times.last!))
}
print(String(format: "%d lesions (4 channels × 32 × 64 × 64 float32): median %.3f s over %d runs", exported,
             times.sorted()[times.count / 2], runs))
