// Times `radstation convert` (in a child process running this binary) against `dcm2niix` on the same
// 512×512×200 CT series, for .nii and .nii.gz: wall time and CPU time (user + system, all threads; medians of
// runs) and peak RSS (max of runs), measured identically for both through wait4/rusage. CPU time is the robust
// figure on a shared machine: other jobs stretch wall time, not the work done. Usage:
//   swift run -c release ConversionBenchmark [--slices 200] [--runs 3] [--work /tmp/radstation-bench] [--formats nii,nii.gz]
import DICOMBackend
import Foundation
import Pipeline

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}

// Child mode: one conversion, nothing else.
if arguments.count >= 5 && arguments[1] == "--child" {
    let format = OutputFormat(rawValue: arguments[4]) ?? .nifti
    let result = try Conversion.run(input: URL(fileURLWithPath: arguments[2]), output: URL(fileURLWithPath: arguments[3]),
                                    options: .init(format: format))
    exit(result.written.count == 1 && result.isComplete ? 0 : 1)
}

let slices = Int(option("--slices", "200")) ?? 200
let runs = Int(option("--runs", "3")) ?? 3
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-bench"))
let formats = option("--formats", "nii,nii.gz").split(separator: ",").map(String.init)
let series = work.appendingPathComponent("series-\(slices)")
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs a command, returning (wall seconds, peak RSS in MiB, exit status, CPU seconds = user + system).
func measure(_ executable: String, _ args: [String]) -> (Double, Double, Int32, Double) {
    var pid: pid_t = 0
    let argv = ([executable] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (.nan, .nan, -1, .nan) }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    func cpuSeconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return (seconds, Double(usage.ru_maxrss) / 1024, status, cpuSeconds(usage.ru_utime) + cpuSeconds(usage.ru_stime))
}

func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

if !FileManager.default.fileExists(atPath: series.path) {
    print("generating \(slices) slices of 512×512 in \(series.path) …")
    let (_, _, status, _) = measure(which("python3") ?? "/usr/bin/python3",
                                 [here.appendingPathComponent("make_ct_series.py").path, series.path, "\(slices)"])
    guard status == 0 else { fatalError("make_ct_series.py failed") }
}
let volumeMiB = Double(512 * 512 * slices * 2) / 1_048_576
let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
guard let dcm2niix = which("dcm2niix") else {
    print("dcm2niix not found: install it with `RADSTATION_BENCH=1 tools/install-deps.sh`")
    exit(2)
}
print(String(format: "input: %d slices 512×512 int16 (%.0f MiB as int16); %d runs each; median wall and CPU (user+sys), max RSS",
             slices, volumeMiB, runs))
print("format   tool         wall s   CPU s   peak MiB   RSS/volume   runs wall/CPU s")
var rows: [String: (wall: Double, peak: Double, cpu: Double)] = [:]
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
// The tools alternate run by run, and every run starts after `sync` (not timed), so neither inherits the
// other's dirty pages still being written back (100 MB per .nii run).
for (format, gz) in [("nii", false), ("nii.gz", true)] where formats.contains(format) {
    var walls: [String: [Double]] = [:], peaks: [String: [Double]] = [:], cpus: [String: [Double]] = [:]
    var bytes: [String: Int] = [:]
    for run in 0..<runs {
        for tool in ["radstation", "dcm2niix"] {
            let out = work.appendingPathComponent("out-\(tool)-\(format)-\(run)")
            try? FileManager.default.removeItem(at: out)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            sync()
            let (wall, peak, status, cpu) = tool == "radstation"
                ? measure(me, ["--child", series.path, out.path, format])
                : measure(dcm2niix, ["-z", gz ? "y" : "n", "-f", "%s", "-o", out.path, series.path])
            guard status == 0 else { fatalError("\(tool) failed with status \(status)") }
            walls[tool, default: []].append(wall)
            peaks[tool, default: []].append(peak)
            cpus[tool, default: []].append(cpu)
            // The image file's size (compression ratio of the two gzip writers).
            bytes[tool] = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".nii") || $0.hasSuffix(".nii.gz") }
                .compactMap { try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent($0).path)[.size] as? Int }
                .reduce(0, +)
            try? FileManager.default.removeItem(at: out)
        }
    }
    for tool in ["radstation", "dcm2niix"] {
        let wall = median(walls[tool]!), cpu = median(cpus[tool]!), peak = peaks[tool]!.max()!
        rows["\(format) \(tool)"] = (wall, peak, cpu)
        print(String(format: "%@ %@: %.1f MB on disk", format, tool, Double(bytes[tool] ?? 0) / 1e6))
        print(String(format: "%-8@ %-12@ %6.3f  %6.3f   %8.1f   %6.2f×      %@", format, tool, wall, cpu, peak, peak / volumeMiB,
                     zip(walls[tool]!, cpus[tool]!).map { String(format: "%.3f/%.3f", $0, $1) }.joined(separator: " ")))
    }
}
for format in ["nii", "nii.gz"] where formats.contains(format) {
    let ours = rows["\(format) radstation"]!, theirs = rows["\(format) dcm2niix"]!
    print(String(format: "%@: radstation/dcm2niix wall %.2f×, CPU %.2f×, peak memory %.2f×", format, ours.wall / theirs.wall,
                 ours.cpu / theirs.cpu, ours.peak / theirs.peak))
}
