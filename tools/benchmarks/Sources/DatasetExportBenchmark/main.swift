// Training export (issue 22: "100 lesions export in ≤ 10 s on 2 cores"): the demo study processed once (4 aligned
// phases, tumour), its published folder copied under N study keys (N/2 patients), then `DatasetExport.run` with
// the defaults (32 × 64 × 64 at 1 mm, AP/PV/DP + tumour, window −100…240, z-score) timed over several runs.
//
// `--grid 512,512,89` (the default; `--grid demo` keeps the demo's 64 × 56 × 20): before copying, every volume of
// the processed demo (aligned phases, validity masks, derived masks) is resampled onto a full-size grid over the
// same field of view (512 × 512 × 89 voxels of 0.78 × 0.63 × 1.12 mm), images linear with ±17 HU of seeded
// uniform noise (σ ≈ 10 HU, so the gzip streams compress like CT, not like smooth fields), masks nearest, each
// stored with its original voxel type and file name: the export reads what a full-size study's folder holds.
// Usage:
// `--volumes linked` (the default) hard-links every copy's volumes to the first study's, so the page cache holds
// them and the runs time the export's own work; `--volumes copied` gives each study its own files (23 GB at full
// size, beyond this machine's memory: the runs then time the disk as well).
//   swift run -c release DatasetExportBenchmark [--lesions 100] [--runs 3] [--grid 512,512,89|demo]
//       [--volumes linked|copied] [--work /tmp/radstation-export-bench]
import DatasetExport
import Foundation
import Pipeline
import VolumeIO
import VolumeModule

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
let gridOption = option("--grid", "512,512,89")
let shareVolumes = option("--volumes", "linked") == "linked"
if gridOption != "demo" {
    let extent = gridOption.split(separator: ",").compactMap { Int($0) }
    precondition(extent.count == 3, "--grid i,j,k")
    try enlarge(folder: demo, to: Size3(extent[0], extent[1], extent[2]))
}
for n in 1..<lesions {
    let key = String(format: "st-%016x", n)
    let folder = out.appendingPathComponent(key)
    try fm.copyItem(at: demo, to: folder)
    if shareVolumes {
        // Hard links instead of copies of the volumes: 100 full-size studies would be 23 GB, more than this
        // machine's page cache, and the runs would time the disk.
        for file in fm.enumerator(at: folder, includingPropertiesForKeys: nil)!.compactMap({ $0 as? URL })
            where file.path.hasSuffix(".nii.gz") {
            let relative = String(file.path.dropFirst(folder.path.count))
            try fm.removeItem(at: file)
            try fm.linkItem(atPath: demo.path + relative, toPath: file.path)
        }
    }
    var manifest = StudyManifest.read(folder.appendingPathComponent("manifest.json"))!
    manifest.studyKey = key
    manifest.context?.patientKey = String(format: "pt-%016x", n / 2 + 1)
    try manifest.write(folder.appendingPathComponent("manifest.json"))
}
/// User + system CPU seconds of this process so far (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
var times: [Double] = [], cpu: [Double] = []
var exported = 0
for run in 1...runs {
    let dataset = work.appendingPathComponent("dataset-\(run)")
    let t0 = Date(), c0 = cpuSeconds()
    exported = try DatasetExport.run(output: out, to: dataset, options: DatasetExport.Options()).lesions
    times.append(Date().timeIntervalSince(t0))
    cpu.append(cpuSeconds() - c0)
    print(String(format: "run %d: %.3f s wall, %.3f s CPU", run, times.last!, cpu.last!))
}
print(String(format: "%d lesions (4 channels × 32 × 64 × 64 float32): median %.3f s wall, %.3f s CPU over %d runs", exported,
             times.sorted()[times.count / 2], cpu.sorted()[cpu.count / 2], runs))

/// Resamples every NIfTI volume of a published study folder (except the 2D shell map) onto a grid of `size` voxels
/// over the same field of view as the aligned grid, in place.
func enlarge(folder: URL, to size: Size3) throws {
    let report = try JSONDecoder().decode(AlignmentReport.self,
                                          from: Data(contentsOf: folder.appendingPathComponent("alignment.json")))
    let g = report.reference.geometry
    let spacing = Vector3(g.spacing.x * Double(g.size.i) / Double(size.i), g.spacing.y * Double(g.size.j) / Double(size.j),
                          g.spacing.z * Double(g.size.k) / Double(size.k))
    // Same corner of the field of view (voxel edges), so the enlarged grid covers what the small one did.
    let corner = g.origin - g.direction * (g.spacing * 0.5)
    let target = VolumeGeometry(size: size, spacing: spacing, origin: corner + g.direction * (spacing * 0.5),
                                direction: g.direction)
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        .compactMap { $0 as? URL }.filter { $0.path.hasSuffix(".nii.gz") && !$0.path.hasSuffix("shell-map.nii.gz") }
    for url in files {
        let (image, type) = try VolumeFiles.imageWithType(url)
        if type == .uint8 {
            let mask = try VolumeFiles.labels(url).resampledNearest(onto: target)
            try VolumeFiles.write(mask, to: url, format: .niftiGz)
            continue
        }
        var big = try image.resampled(onto: target, interpolation: .linear, defaultValue: -1024)
        for n in big.voxels.indices {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            big.voxels[n] += Float(Int(seed >> 33) % 35 - 17)
        }
        if type == .int16 {
            try VolumeFiles.write(Volume(geometry: target, voxels: big.voxels.map { Int16(clamping: Int($0.rounded())) }),
                                  to: url, format: .niftiGz)
        } else {
            try VolumeFiles.write(big, to: url, format: .niftiGz)
        }
    }
    print("enlarged \(files.count) volumes onto \(size.i) × \(size.j) × \(size.k) voxels of "
          + String(format: "%.2f × %.2f × %.2f mm", spacing.x, spacing.y, spacing.z))
}
