// Times DICOM SEG decoding onto the CT grid: a 512×512×200 BINARY SEG (one ellipsoid segment on every slice,
// written once by our DICOMSegmentationWriter) read with DICOMSegmentation.read + masks(onto:), against
// highdicom (segread + get_volume, seg_highdicom_bench.py) and, when installed, dcmqi's segimage2itkimage
// (whole process, NRRD output), in the same run. Medians of --runs. Usage:
//   swift run -c release SegBenchmark [--runs 5] [--work /tmp/radstation-bench] [--python /tmp/segvenv/bin/python]
import DICOMBackend
import Foundation
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let runs = Int(option("--runs", "5")) ?? 5
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-bench"))
let python = option("--python", "/tmp/segvenv/bin/python")
let series = work.appendingPathComponent("series-200")
let segPath = work.appendingPathComponent("seg-200.dcm").path
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func run(_ executable: String, _ args: [String]) -> (seconds: Double, output: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    let start = DispatchTime.now().uptimeNanoseconds
    do { try process.run() } catch { return (.nan, "", -1) }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, String(decoding: data, as: UTF8.self), process.terminationStatus)
}

func median(_ values: [Double]) -> Double { let s = values.sorted(); return s[s.count / 2] }

func time<T>(_ body: () throws -> T) rethrows -> (Double, T) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, value)
}

if !FileManager.default.fileExists(atPath: series.path) {
    print("generating 200 slices of 512×512 in \(series.path) …")
    let r = run("/usr/bin/env", ["python3", here.appendingPathComponent("make_ct_series.py").path, series.path, "200"])
    guard r.status == 0 else { print("make_ct_series.py failed"); exit(1) }
}
let scan = try FolderScan.scan(series)
let assembly = SeriesAssembly(scan.instances)
let ct = try VolumeLoader.load(assembly.plans[0], instances: assembly.instances)
let geometry = ct.data.geometry

if !FileManager.default.fileExists(atPath: segPath) {
    // An ellipsoid touching every slice: semi-axes 180 × 140 voxels in plane, the whole stack along k.
    var mask = Mask(geometry: geometry, repeating: 0)
    let s = geometry.size
    for k in 0..<s.k {
        let dz = (Double(k) - Double(s.k - 1) / 2) / (Double(s.k) / 2 + 1)
        for j in 0..<s.j {
            for i in 0..<s.i {
                let dx = (Double(i) - 256) / 180, dy = (Double(j) - 256) / 140
                if dx * dx + dy * dy + dz * dz <= 1 { mask.voxels[i + s.i * (j + s.j * k)] = 1 }
            }
        }
    }
    let (seconds, _) = try time {
        try DICOMSegmentationWriter().write([(mask, SegmentDescription(source: .seg, number: 1, label: "Ellipsoid"))],
                                            geometry: geometry, plan: ct.plan, instances: assembly.instances, to: segPath)
    }
    print(String(format: "wrote %@ (%d voxels) in %.3f s", segPath, mask.count(of: 1), seconds))
}

var readTimes: [Double] = [], placeTimes: [Double] = [], totals: [Double] = []
var voxels = 0
for _ in 0..<runs {
    let (tRead, seg) = try time { try DICOMSegmentation.read(path: segPath) }
    let (tPlace, masks) = try time { try seg.masks(onto: geometry) }
    voxels = masks[0].binary.count(of: 1)
    readTimes.append(tRead)
    placeTimes.append(tPlace)
    totals.append(tRead + tPlace)
}
let ours = median(totals)
print(String(format: "RadStation  read %.3f s + masks(onto:) %.3f s = %.3f s (median of %d), %d voxels",
             median(readTimes), median(placeTimes), ours, runs, voxels))

let hd = run(python, [here.appendingPathComponent("seg_highdicom_bench.py").path, segPath, "\(runs)"])
if hd.status == 0, let json = try? JSONSerialization.jsonObject(with: Data(hd.output.utf8)) as? [String: Any],
   let m = json["median_s"] as? Double {
    print(String(format: "highdicom %@ segread + get_volume %.3f s (median of %d), %d voxels → RadStation is %.1f× faster",
                 json["highdicom"] as? String ?? "?", m, runs, json["voxels"] as? Int ?? -1, m / ours))
} else {
    print("highdicom not available at \(python) (python3 -m venv /tmp/segvenv && /tmp/segvenv/bin/pip install -r tools/references/requirements-seg.txt)")
}

let dcmqi = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("segimage2itkimage").path
if FileManager.default.isExecutableFile(atPath: dcmqi) {
    let out = work.appendingPathComponent("dcmqi-out")
    var times: [Double] = []
    for _ in 0..<runs {
        try? FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = run(dcmqi, ["--inputDICOM", segPath, "--outputDirectory", out.path, "--outputType", "nrrd"])
        if r.status == 0 { times.append(r.seconds) }
    }
    if !times.isEmpty {
        print(String(format: "dcmqi segimage2itkimage (process, writes NRRD) %.3f s (median of %d) → RadStation is %.1f× faster",
                     median(times), times.count, median(times) / ours))
    }
}
