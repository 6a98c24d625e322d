// A whole study (issue 21, goal 3: "`process` of a 4-phase study with a SEG and the 1,316 features ≤ 10 s on
// 2 cores; alignment and QA each ≤ 1.5 s for a 384 × 384 × 73 grid"): `StudyProcessing.run` on the full-size
// study of `make_process_study.py` (NC 512²×42, ART 384²×73 — the reference grid —, PV 512²×89, DEL 512²×57,
// real CT texture, a 127 mL tumour and the liver in a DICOM SEG on ART), default configuration (.nii.gz,
// derived masks, the 1,316 features, QA), each run into a fresh output folder (the last one kept). Prints every run's wall and CPU
// time (user + system, all threads), the wall seconds of each stage from its manifest and its CPU seconds (from
// the progress callback: "manifest" includes publication, hashing and fsync), then the medians.
// Usage:
//   python3 ../benchmarks/make_process_study.py /tmp/procbench-study      (once)
//   swift run -c release ProcessBenchmark [--study /tmp/procbench-study] [--runs 3] [--work /tmp/procbench-out]
import Foundation
import Pipeline

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let study = URL(fileURLWithPath: option("--study", "/tmp/procbench-study"))
let runs = Int(option("--runs", "3")) ?? 3
let work = URL(fileURLWithPath: option("--work", "/tmp/procbench-out"))

/// User + system CPU seconds of this process so far (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// CPU time at each stage's start (the pipeline's progress callback), for per-stage CPU seconds.
final class StageClock: @unchecked Sendable {
    private let lock = NSLock()
    private var marks: [(stage: String, cpu: Double)] = []
    func mark(_ stage: String) { lock.withLock { marks.append((stage, cpuSeconds())) } }
    /// CPU seconds from each stage's start to the next one's (the last stage ends at `end`).
    func perStage(end: Double) -> [(stage: String, cpu: Double)] {
        lock.withLock {
            marks.indices.map { n in (marks[n].stage, (n + 1 < marks.count ? marks[n + 1].cpu : end) - marks[n].cpu) }
        }
    }
}

let fm = FileManager.default
var stageCPU: [String: [Double]] = [:]
var wall: [Double] = [], cpu: [Double] = []
var stageTimes: [String: [Double]] = [:]
var stageOrder: [String] = []
for run in 1...runs {
    let out = work.appendingPathComponent("run-\(run)")
    try? fm.removeItem(at: out)
    let t0 = Date(), c0 = cpuSeconds()
    let clock = StageClock()
    let reports = try StudyProcessing.run(input: study, output: out, progress: { _, stage in clock.mark(stage) })
    wall.append(Date().timeIntervalSince(t0))
    cpu.append(cpuSeconds() - c0)
    var cpuLine = "  CPU s:"
    for (stage, seconds) in clock.perStage(end: c0 + cpu.last!) {
        stageCPU[stage, default: []].append(seconds)
        cpuLine += String(format: " %@ %.2f", stage, seconds)
    }
    guard let report = reports.first else { fatalError("no study processed") }
    var line = String(format: "run %d: %.2f s wall, %.2f s CPU;", run, wall.last!, cpu.last!)
    for stage in report.manifest.stages {
        if stageTimes[stage.name] == nil { stageOrder.append(stage.name) }
        stageTimes[stage.name, default: []].append(stage.seconds)
        line += String(format: " %@ %.2f%@", stage.name, stage.seconds, stage.status == "done" ? "" : " (\(stage.status): \(stage.note ?? ""))")
    }
    print(line)
    print(cpuLine)
    if run < runs { try? fm.removeItem(at: out) }  // the last run's outputs stay, to inspect
}
var summary = String(format: "median of %d: %.2f s wall, %.2f s CPU;", runs, median(wall), median(cpu))
for name in stageOrder { summary += String(format: " %@ %.2f", name, median(stageTimes[name] ?? [])) }
print(summary)
var cpuSummary = "  median CPU s:"
for name in ["volumes", "align", "segmentations", "derived masks", "features", "qa", "manifest"] where stageCPU[name] != nil {
    cpuSummary += String(format: " %@ %.2f", name, median(stageCPU[name] ?? []))
}
print(cpuSummary)
