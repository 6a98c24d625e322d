// Times the segmentation exports of issues 3 and 5 on the morphology benchmark's grid (512×512×89 at
// 0.703×0.703×2.5 mm, 30 mm-radius tumour, shell band 3:3 mm, ring 5 mm, core 3 mm): the marching-cubes mesh
// volume of each structure (what measurements.json adds) and the Slicer .seg.nrrd of the four overlapping
// structures (SlicerSegmentationFile, gzip level 6), against slicerio 1.4.0's write_segmentation of the same
// layered array (segnrrd_slicerio_bench.py, level 6) in the same run. Medians of --runs. Usage:
//   swift run -c release SegExportBenchmark [--runs 5] [--work /tmp/radstation-bench] [--python /tmp/segvenv/bin/python]
import Foundation
import MaskMorphology
import Pipeline
import RadiomicsCore
import VolumeModule
import DICOMBackend

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let runs = Int(option("--runs", "5")) ?? 5
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-bench"))
let python = option("--python", "/tmp/segvenv/bin/python")
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

func median(_ values: [Double]) -> Double { let s = values.sorted(); return s[s.count / 2] }
func time<T>(_ body: () throws -> T) rethrows -> (Double, T) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, value)
}

let geometry = VolumeGeometry(size: Size3(512, 512, 89), spacing: Vector3(0.703, 0.703, 2.5), origin: Vector3(-180, -180, 0))
var tumour = Mask(geometry: geometry, repeating: 0)
let centre = Vector3(255.5 * 0.703 - 180, 255.5 * 0.703 - 180, 44 * 2.5)
for k in 0..<89 { for j in 0..<512 { for i in 0..<512 where (geometry.physicalPoint(i: i, j: j, k: k) - centre).length <= 30 {
    tumour.voxels[i + 512 * (j + 512 * k)] = 1
} } }
let configuration = MaskDerivation.Configuration(lipiodol: nil, shellBand: .init(innerRadius: 3, outerRadius: 3),
                                                 ring: .init(radius: 5, clipToLiver: false), coreDepth: 3)
let derived = try MaskDerivation.derive(.init(tumour: tumour), configuration)
let structures: [(String, Mask)] = [("tumour", tumour), ("shell band", derived.shellBand!), ("ring", derived.ring!), ("core", derived.core!)]

// Mesh volumes.
var meshTimes: [Double] = []
var volumes: [Double] = []
for _ in 0..<runs {
    let (t, v) = time { structures.map { MeshVolume.millilitres(of: $0.1) } }
    meshTimes.append(t)
    volumes = v
}
print(String(format: "MeshVolume of 4 structures: %.3f s (median of %d); tumour %.2f mL (analytic %.2f mL), band %.2f, ring %.2f, core %.2f",
             median(meshTimes), runs, volumes[0], 4.0 / 3.0 * Double.pi * 27, volumes[1], volumes[2], volumes[3]))

// Slicer segmentation.
let url = work.appendingPathComponent("derived.seg.nrrd")
let segments = structures.enumerated().map { n, s in
    SlicerSegmentationFile.Segment(id: "s\(n + 1)", description: SegmentDescription(source: .seg, number: n + 1, label: s.0), mask: s.1)
}
var writeTimes: [Double] = []
var layers = 0
for _ in 0..<runs {
    let (t, placement) = try time { try SlicerSegmentationFile.write(segments, geometry: geometry, to: url) }
    writeTimes.append(t)
    layers = Set(placement.map(\.layer)).count
}
let ours = median(writeTimes)
let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
print(String(format: "RadStation .seg.nrrd: %.3f s (median of %d), %d layers, %d bytes", ours, runs, layers, size))

let process = Process()
process.executableURL = URL(fileURLWithPath: python)
process.arguments = [here.appendingPathComponent("segnrrd_slicerio_bench.py").path, url.path, "\(runs)"]
let pipe = Pipe()
process.standardOutput = pipe
process.standardError = FileHandle.nullDevice
do {
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
       let theirs = json["median_s"] as? Double {
        print(String(format: "slicerio %@ write_segmentation: %.3f s (median of %d); ratio slicerio / RadStation = %.1f×",
                     json["slicerio"] as? String ?? "?", theirs, runs, theirs / ours))
    } else {
        print("slicerio benchmark failed (status \(process.terminationStatus)); is slicerio installed in \(python)?")
    }
} catch {
    print("cannot run \(python): \(error)")
}
