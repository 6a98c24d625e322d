// Cohort assembly (issue 18: "100 studies assemble in ≤ 5 s"): the demo study processed once with the seed
// studies' 1316 features on three ROIs (tumour, ring, liver), its published folder copied under N study keys
// (N patients' baseline/follow-up manifests), then `Cohort.rebuild` — table, column dictionary, dashboard,
// atomic publication — timed over several runs.
// Usage:
//   swift run -c release CohortBenchmark [--studies 100] [--runs 5] [--work /tmp/radstation-cohort-bench]
// Prints each run's wall time, the median, rows × columns and the table's size.
import Cohort
import Foundation
import Pipeline

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let studies = Int(option("--studies", "100")) ?? 100
let runs = Int(option("--runs", "5")) ?? 5
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-cohort-bench"))
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let fm = FileManager.default
try? fm.removeItem(at: work)
let template = work.appendingPathComponent("template"), out = work.appendingPathComponent("out")
var configuration = ProcessConfiguration()
configuration.qa = true
configuration.featureROIs = [.tumour, .ring, .liver]
let start = Date()
let reports = try StudyProcessing.run(input: repository.appendingPathComponent("testdata/demo-study"), output: template,
                                      configuration: configuration)
print(String(format: "template: demo study processed in %.1f s (1316 features × 3 ROIs)", Date().timeIntervalSince(start)))
let demo = reports[0].folder
try fm.createDirectory(at: out, withIntermediateDirectories: true)
for n in 0..<studies {
    let key = String(format: "st-%016x", n + 1)
    let folder = out.appendingPathComponent(key)
    try fm.copyItem(at: demo, to: folder)
    var manifest = StudyManifest.read(folder.appendingPathComponent("manifest.json"))!
    manifest.studyKey = key
    manifest.context = StudyContext(patientKey: String(format: "pt-%016x", n / 2 + 1),
                                    timepoint: .init(followUpNumber: n % 2, daysSinceBaseline: 42 * (n % 2), studiesOfPatient: 2),
                                    treatment: n % 2 == 0 ? .preTreatment : .postTreatment, treatmentRule: "benchmark")
    try manifest.write(folder.appendingPathComponent("manifest.json"))
}
var times: [Double] = []
var summary: Cohort.Summary?
for run in 1...runs {
    let t0 = Date()
    summary = try Cohort.rebuild(output: out)
    times.append(Date().timeIntervalSince(t0))
    print(String(format: "run %d: %.3f s", run, times.last!))
}
let size = (try? fm.attributesOfItem(atPath: out.appendingPathComponent("cohort/features.csv").path)[.size] as? Int) ?? 0
let median = times.sorted()[times.count / 2]
print(String(format: "%d studies → %d rows × %d features (%.1f MB): median %.3f s over %d runs", summary!.studies, summary!.rows,
             summary!.features, Double(size) / 1e6, median, runs))
