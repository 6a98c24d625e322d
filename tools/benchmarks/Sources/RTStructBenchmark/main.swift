// RTSTRUCT → masks on a 512×512×200 CT grid (0.7 × 0.7 × 1.25 mm): a 200-vertex liver contour on every
// slice (a 60-vertex hole on every second one) and a 120-vertex tumour on 39 slices, made by
// make_ct_series.py + make_rtstruct_bench.py. Times RadStation (RTStructureSet.read, masks(onto:), and
// masks with 4×4 partial volume) and, in the same run, dcmrtstruct2nii 5 (rtstruct_dcmrtstruct2nii.py)
// and plastimatch `convert --output-prefix` when installed; prints medians, ratios and voxel differences.
// Usage:
//   swift run -c release RTStructBenchmark [--runs 5] [--work /tmp/rtbench] [--python /tmp/rtvenv/bin/python]
import DICOMBackend
import Foundation
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let runs = Int(option("--runs", "5")) ?? 5
let work = URL(fileURLWithPath: option("--work", "/tmp/rtbench"))
let python = option("--python", "/tmp/rtvenv/bin/python")
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let ctFolder = work.appendingPathComponent("ct"), rtFile = work.appendingPathComponent("rtstruct.dcm")

func run(_ executable: String, _ args: [String]) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, output)
}
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }

if !FileManager.default.fileExists(atPath: rtFile.path) {
    _ = try run("/usr/bin/python3", [here.appendingPathComponent("make_ct_series.py").path, ctFolder.path, "200"])
    _ = try run("/usr/bin/python3", [here.appendingPathComponent("make_rtstruct_bench.py").path, rtFile.path, "200"])
}

var tLoad = 0.0
var loaded: LoadedVolume?
tLoad = try seconds {
    let assembly = SeriesAssembly(try FolderScan.scan(ctFolder).instances)
    loaded = try VolumeLoader.load(assembly.plans[0], instances: assembly.instances)
}
let geometry = loaded!.data.geometry
var tRead: [Double] = [], tMasks: [Double] = [], tPartial: [Double] = []
var structureSet: RTStructureSet?
var masks: [SegmentMask] = []
for _ in 0..<runs {
    tRead.append(try seconds { structureSet = try RTStructureSet.read(path: rtFile.path) })
    tMasks.append(try seconds { masks = try structureSet!.masks(onto: geometry) })
    tPartial.append(try seconds { _ = try structureSet!.masks(onto: geometry, partialVolume: 4) })
}
for mask in masks {
    try Data(mask.binary.voxels).write(to: work.appendingPathComponent("\(mask.description.label).u8"))
}
print(String(format: "grid %@ at 0.7×0.7×1.25 mm, %d contours, %d runs, median; %d cores", "\(geometry.size)",
             structureSet!.contours.count, runs, ProcessInfo.processInfo.activeProcessorCount))
print(String(format: "radstation load CT (not part of the comparison)  %8.4f s", tLoad))
print(String(format: "radstation read RTSTRUCT (dcmrt)                 %8.4f s", median(tRead)))
print(String(format: "radstation rasterise all ROIs                    %8.4f s  (%@)", median(tMasks),
             masks.map { "\($0.description.label) \($0.binary.count(of: 1))" }.joined(separator: ", ")))
print(String(format: "radstation rasterise + 4×4 partial volume        %8.4f s", median(tPartial)))
let ours = median(tRead) + median(tMasks)

let d2n = try run(python, [here.appendingPathComponent("rtstruct_dcmrtstruct2nii.py").path, ctFolder.path, rtFile.path, "\(min(runs, 3))", work.path])
// The package prints a citation banner on import: the JSON is the last line.
let lastLine = Data((String(decoding: d2n.output, as: UTF8.self).split(separator: "\n").last ?? "").utf8)
if d2n.status == 0, let json = (try? JSONSerialization.jsonObject(with: lastLine)) as? [String: Any] {
    func number(_ key: String) -> Double { (json[key] as? NSNumber)?.doubleValue ?? .nan }
    print(String(format: "dcmrtstruct2nii parse RTSTRUCT (pydicom)         %8.4f s", number("parse_s")))
    print(String(format: "dcmrtstruct2nii read CT (SimpleITK, not compared)%8.4f s", number("read_ct_s")))
    print(String(format: "dcmrtstruct2nii rasterise all ROIs               %8.4f s", number("rasterise_s")))
    print("dcmrtstruct2nii voxels and differences from ours: \(json["rois"] ?? "?")")
    print(String(format: "speed-up vs dcmrtstruct2nii: rasterise %.1f×, parse + rasterise %.1f×",
                 number("rasterise_s") / median(tMasks), (number("parse_s") + number("rasterise_s")) / ours))
} else {
    print("dcmrtstruct2nii side failed (status \(d2n.status)); python3 -m venv /tmp/rtvenv && /tmp/rtvenv/bin/pip install -r tools/references/requirements-rtstruct.txt")
}

// plastimatch (Debian package): whole command (reads the CT too, writes uncompressed MHA), so compare with our
// load + read + rasterise. Debian's plastimatch 1.9.4 ORs a structure's contours in prefix images (filling
// holes) unless given --xor-contours, so that flag is passed.
if FileManager.default.fileExists(atPath: "/usr/bin/plastimatch") {
    let out = work.appendingPathComponent("plastimatch")
    var times: [Double] = []
    for _ in 0..<min(runs, 3) {
        try? FileManager.default.removeItem(at: out)
        times.append(try seconds {
            _ = try run("/usr/bin/plastimatch", ["convert", "--input", rtFile.path, "--referenced-ct", ctFolder.path,
                                                 "--output-prefix", out.path, "--prefix-format", "mha", "--xor-contours"])
        })
    }
    print(String(format: "plastimatch convert --output-prefix (whole run)  %8.4f s; radstation load + read + rasterise %.4f s: %.1f×",
                 median(times), tLoad + ours, median(times) / (tLoad + ours)))
    for mask in masks {
        guard let data = try? Data(contentsOf: out.appendingPathComponent("\(mask.description.label).mha")),
              data.count >= mask.binary.voxels.count else { continue }
        let theirs = data.suffix(mask.binary.voxels.count)
        let differing = zip(mask.binary.voxels, theirs).filter { ($0 != 0) != ($1 != 0) }.count
        print("plastimatch \(mask.description.label): \(theirs.filter { $0 != 0 }.count) voxels, \(differing) differ from ours")
    }
} else {
    print("plastimatch not installed (apt-get install plastimatch): skipped")
}
