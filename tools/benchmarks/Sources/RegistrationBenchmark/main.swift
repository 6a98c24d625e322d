// Registers a realistic follow-up to its baseline with RadStation's Registration (elastix 5.0.1, committed
// rigid + affine parameter files, 2 threads) and prints the wall time of every run, the median, and the error
// against the known motion. The baseline is a 512×512×80 CT-like volume (0.78×0.78×2.5 mm): a body ellipse
// with soft-tissue texture and the real IBSI 1 CT phantom (../shared/testdata) embedded in its centre; the
// follow-up is the baseline moved by a known rigid motion (3° about a skew axis, (12, −10, 8) mm) onto its own
// grid (other origin). Usage:
//   swift run -c release RegistrationBenchmark [--runs 3] [--threads 2] [--phantom path/to/phantom.nii.gz] [--native]
import Foundation
import Registration
import VolumeIO
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let runs = Int(option("--runs", "3")) ?? 3
let threads = Int(option("--threads", "2")) ?? 2
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let phantomPath = option("--phantom", repository.deletingLastPathComponent()
    .appendingPathComponent("shared/testdata/ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz").path)

// Baseline: body ellipse with texture; the IBSI phantom (real CT texture) in its centre.
let grid = VolumeGeometry(size: Size3(512, 512, 80), spacing: Vector3(0.78125, 0.78125, 2.5),
                          origin: Vector3(-199.6, -199.6, -98.75))
var baseline = Volume<Float>(geometry: grid, repeating: -1000)
for k in 0..<grid.size.k { for j in 0..<grid.size.j { for i in 0..<grid.size.i {
    let p = grid.physicalPoint(i: i, j: j, k: k)
    let r = (p.x / 170) * (p.x / 170) + ((p.y + 10) / 125) * ((p.y + 10) / 125)
    if r <= 1 {
        baseline[i, j, k] = r > 0.85 ? -90 : Float(35 + 20 * sin(p.x / 11 + p.z / 19) * sin(p.y / 9))
    }
} } }
var usedPhantom = false
if let image = try? NIfTI.read(URL(fileURLWithPath: phantomPath)) {
    var phantom = image.volume
    let g = phantom.geometry
    let centre = g.physicalPoint(at: Vector3(Double(g.size.i - 1) / 2, Double(g.size.j - 1) / 2, Double(g.size.k - 1) / 2))
    phantom.geometry.origin = g.origin - centre + Vector3(20, 0, 0)  // centred slightly left of the body centre
    let placed = try phantom.resampled(onto: grid, interpolation: .linear, defaultValue: .nan)
    for n in 0..<grid.voxelCount where !placed.voxels[n].isNaN && placed.voxels[n] > -900 {
        baseline.voxels[n] = placed.voxels[n]
    }
    usedPhantom = true
} else {
    print("IBSI CT phantom not found at \(phantomPath): synthetic texture only")
}

// Truth: follow-up point → baseline point.
let truth = AffineTransform3D(matrix: .rotation(axis: Vector3(0.2, 0.4, 1), angle: 3 * Double.pi / 180),
                              center: Vector3(0, 0, 0), translation: Vector3(12, -10, 8))
var followGrid = grid
followGrid.origin = grid.origin + Vector3(-5, 7, 10)
let followUp = try baseline.resampled(onto: followGrid, through: truth, interpolation: .linear, defaultValue: -1000)

let probes: [Vector3] = [-1, 1].flatMap { x in [-1, 1].flatMap { y in [-1, 1].map { z in
    Vector3(120 * x, 90 * y, 70 * z) } } }
var registration = try ElastixRegistration(threads: threads)
if arguments.contains("--native") { registration.workingSpacing = nil }  // elastix reads the full 512×512×80
var times: [Double] = []
var last: RegistrationResult?
print("baseline and follow-up 512×512×80 (\(usedPhantom ? "IBSI CT phantom embedded" : "synthetic")), \(threads) thread(s), working spacing \(registration.workingSpacing.map { "\($0)" } ?? "native")")
for run in 1...runs {
    let start = Date()
    let result = try registration.register(fixed: followUp, moving: baseline)
    let wall = Date().timeIntervalSince(start)
    times.append(wall)
    last = result
    let error = result.transform.maxDistance(to: truth, over: probes)
    print(String(format: "run %d: %.2f s (elastix %.2f s), max error over the body box %.3f mm, metrics %@", run, wall,
                 result.seconds ?? 0, error, result.stages.map { String(format: "%.4f", $0.finalMetric ?? .nan) }.joined(separator: ", ")))
}
times.sort()
let median = times[times.count / 2]
if let result = last {
    let axisError = (0..<3).map { c in
        acos(min(1, result.transform.matrix.column(c).normalized.dot(truth.matrix.column(c).normalized))) * 180 / Double.pi
    }.max() ?? 0
    print(String(format: "median %.2f s over %d run(s); last run: max point error %.3f mm, axis angle error %.3f°",
                 median, runs, result.transform.maxDistance(to: truth, over: probes), axisError))
    print("method: \(result.method)")
}
