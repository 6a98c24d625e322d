// Dilate + erode by 10 mm on a 512×512×89 grid at 0.703×0.703×2.5 mm with a 30 mm-radius ball, with
// RadStation (MaskMorphology) and, in the same run, SimpleITK (BinaryDilate/BinaryErode with a ball kernel,
// and SignedMaurerDistanceMap thresholding) through `morphology_sitk.py`, which also checks that our
// voxels equal the Maurer-distance thresholds. Usage:
//   swift run -c release MorphologyBenchmark [--runs 5] [--work /tmp/radstation-morph-bench]
//                                            [--python /tmp/morphvenv/bin/python]
import Foundation
import MaskMorphology
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let runs = Int(option("--runs", "5")) ?? 5
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-morph-bench"))
let python = option("--python", "/tmp/morphvenv/bin/python")
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

let spacing = Vector3(0.703, 0.703, 2.5), n = Size3(512, 512, 89), radius = 30.0, r = 10.0
let geometry = VolumeGeometry(size: n, spacing: spacing, origin: Vector3(-180, -180, -110))
let centre = geometry.physicalPoint(at: Vector3(255.5, 255.5, 44))
var mask = Mask(geometry: geometry, repeating: 0)
for k in 0..<n.k { for j in 0..<n.j { for i in 0..<n.i where (geometry.physicalPoint(i: i, j: j, k: k) - centre).length <= radius {
    mask[i, j, k] = 1
} } }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }

var dilated = mask, eroded = mask
var tDilate: [Double] = [], tErode: [Double] = [], tBoth: [Double] = [], tFull: [Double] = [], tEDT: [Double] = []
for _ in 0..<runs {
    tDilate.append(try seconds { dilated = try mask.dilated(byMillimetres: r) })
    tErode.append(try seconds { eroded = try mask.eroded(byMillimetres: r) })
    tBoth.append(tDilate.last! + tErode.last!)
    tEDT.append(seconds { _ = EuclideanDistanceTransform.squaredDistances(toNonZeroOf: mask) })
    // Whole-grid exact distances (no bounding-box crop): the like-for-like with Maurer on the full grid.
    tFull.append(try seconds {
        let map = try SignedDistanceMap.compute(mask)
        var count = 0
        for v in map.voxels where Double(v) <= r { count += 1 }
        precondition(count == dilated.count(of: 1))
    })
}
try Data(mask.voxels).write(to: work.appendingPathComponent("mask.u8"))
try Data(dilated.voxels).write(to: work.appendingPathComponent("dilated.u8"))
try Data(eroded.voxels).write(to: work.appendingPathComponent("eroded.u8"))

print(String(format: "grid 512×512×89 at 0.703×0.703×2.5 mm, ball R = %.0f mm (%d voxels), r = %.0f mm, %d runs, median; %d cores",
             radius, mask.count(of: 1), r, runs, ProcessInfo.processInfo.activeProcessorCount))
print(String(format: "radstation dilate            %8.4f s  (%d voxels)", median(tDilate), dilated.count(of: 1)))
print(String(format: "radstation erode             %8.4f s  (%d voxels)", median(tErode), eroded.count(of: 1)))
print(String(format: "radstation dilate + erode    %8.4f s", median(tBoth)))
print(String(format: "radstation full-grid squared EDT only        %8.4f s", median(tEDT)))
print(String(format: "radstation full-grid signed EDT + threshold %8.4f s", median(tFull)))

let process = Process()
process.executableURL = URL(fileURLWithPath: python)
process.arguments = [here.appendingPathComponent("morphology_sitk.py").path, work.path, "\(runs)"]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
let output = pipe.fileHandleForReading.readDataToEndOfFile()
process.waitUntilExit()
guard process.terminationStatus == 0,
      let sitk = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
    print("SimpleITK side failed (status \(process.terminationStatus)); create the venv: python3 -m venv /tmp/morphvenv && /tmp/morphvenv/bin/pip install -r tools/references/requirements.txt")
    exit(1)
}
func number(_ key: String) -> Double { (sitk[key] as? NSNumber)?.doubleValue ?? .nan }
let ball = number("ball_dilate_s") + number("ball_erode_s")
let maurer = number("maurer_dilate_s") + number("maurer_erode_s")
print(String(format: "SimpleITK %@ BinaryDilate ball %@   %8.4f s  (%d voxels)", sitk["version"] as? String ?? "?",
             "\(sitk["ball_radius"] ?? "?")", number("ball_dilate_s"), Int(number("ball_dilate_voxels"))))
print(String(format: "SimpleITK BinaryErode ball                %8.4f s  (%d voxels)", number("ball_erode_s"), Int(number("ball_erode_voxels"))))
print(String(format: "SimpleITK dilate + erode (ball)           %8.4f s", ball))
print(String(format: "SimpleITK Maurer map + threshold (dilate) %8.4f s", number("maurer_dilate_s")))
print(String(format: "SimpleITK Maurer map of complement (erode)%8.4f s", number("maurer_erode_s")))
print(String(format: "speed-up vs SimpleITK ball: %.1f×; vs Maurer: %.1f×; full-grid EDT vs one Maurer map: %.1f×",
             ball / median(tBoth), maurer / median(tBoth), number("maurer_dilate_s") / median(tFull)))
print("voxels differing from Maurer thresholds: dilate \(sitk["dilate_vs_maurer_mismatch"] ?? "?"), erode \(sitk["erode_vs_maurer_mismatch"] ?? "?")")
print("voxels differing from the SimpleITK ball: dilate \(sitk["dilate_vs_ball_mismatch"] ?? "?"), erode \(sitk["erode_vs_ball_mismatch"] ?? "?")")
