// Resamples a synthetic 512×512×200 int16 CT (0.7×0.7×2.5 mm, identity direction) to 1 mm isotropic with
// RadStation (VolumeModule, both cores) and with SimpleITK's ResampleImageFilter (in a Python child process, same
// machine, same run), for linear and cubic B-spline; prints the median times, the ratios, and whether the int16
// outputs are identical (SHA-256). Usage:
//   swift run -c release ResamplingBenchmark [--python /tmp/resample-pyrad/bin/python] [--runs 3] [--slices 200]
import Dispatch
import Hashing
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let python = option("--python", "/tmp/resample-pyrad/bin/python")
let runs = Int(option("--runs", "3")) ?? 3
let slices = Int(option("--slices", "200")) ?? 200
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-resample-bench"))
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

// A CT-like phantom: air outside a body ellipse, soft tissue with texture, bone ring, contrast vessels.
let geometry = VolumeGeometry(size: Size3(512, 512, slices), spacing: Vector3(0.7, 0.7, 2.5), origin: Vector3(-179, -179, -250))
var voxels = [Int16](repeating: -1000, count: geometry.voxelCount)
voxels.withUnsafeMutableBufferPointer { v in
    var seed: UInt64 = 0x9E3779B97F4A7C15
    for k in 0..<slices {
        for j in 0..<512 {
            for i in 0..<512 {
                let x = Double(i - 256) / 220, y = Double(j - 256) / 170
                let r = x * x + y * y
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let noise = Double(Int(seed >> 58)) - 32
                var hu = -1000.0
                if r < 1 { hu = 40 + 25 * sin(Double(i) / 9) * cos(Double(j + 3 * k) / 13) + noise }
                if r > 0.85 && r < 0.93 { hu = 700 + noise }
                if (i - 300) * (i - 300) + (j - 240) * (j - 240) < 150 { hu = 250 + noise }
                v[i + 512 * (j + 512 * k)] = Int16(hu)
            }
        }
    }
}
let source = Volume(geometry: geometry, voxels: voxels)
let target = try VolumeGeometry.isotropicGrid(covering: [geometry], spacing: 1, coverage: .union)
print("source \(geometry.size) at \(geometry.spacing) mm → target \(target.size) at 1 mm (\(target.voxelCount / 1_000_000) M voxels)")

func geometryJSON(_ g: VolumeGeometry) -> [String: Any] {
    ["size": [g.size.i, g.size.j, g.size.k], "spacing": g.spacing.array, "origin": g.origin.array,
     "direction": g.direction.rowMajor]
}
let raw = work.appendingPathComponent("source.raw")
try voxels.withUnsafeBytes { Data($0) }.write(to: raw)
try JSONSerialization.data(withJSONObject: geometryJSON(geometry)).write(to: work.appendingPathComponent("geometry.json"))
try JSONSerialization.data(withJSONObject: geometryJSON(target)).write(to: work.appendingPathComponent("target.json"))

func median(_ x: [Double]) -> Double { let s = x.sorted(); return s[s.count / 2] }
func sha256(_ values: [Int16]) -> String {
    values.withUnsafeBytes { SHA256.hash(bufferPointer: $0).hexString }
}

// `--only linear|bSpline|none`: run just that (ours, one run, no SimpleITK), e.g. under `perf stat`.
let only = option("--only", "")
if !only.isEmpty {
    let interpolation = Interpolation(rawValue: only)
    let start = DispatchTime.now().uptimeNanoseconds
    if let interpolation { _ = try source.resampled(onto: target, interpolation: interpolation, pixelType: .int16) }
    print("\(only): \(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) s")
    exit(0)
}

/// One SimpleITK timing in a child process (`sitk_resample.py`): seconds and SHA-256 of the int16 output.
func simpleITK(_ name: String) throws -> (Double, Double, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [here.appendingPathComponent("sitk_resample.py").path, raw.path,
                         work.appendingPathComponent("geometry.json").path, work.appendingPathComponent("target.json").path,
                         name, "1"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard let json = try JSONSerialization.jsonObject(with: output) as? [String: Any],
          let times = json[name] as? [Double], let cpu = json[name + "_cpu"] as? [Double],
          let hashes = json["sha256"] as? [String: String] else {
        print("SimpleITK child failed: \(String(decoding: output, as: UTF8.self))")
        exit(1)
    }
    return (times[0], cpu[0], hashes[name] ?? "")
}

/// Wall and CPU (user + system, all threads of this process) seconds of `body`.
func seconds(_ body: () throws -> Void) rethrows -> (Double, Double) {
    func cpu() -> Double {
        var usage = rusage()
        getrusage(0, &usage)  // RUSAGE_SELF
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    let start = DispatchTime.now().uptimeNanoseconds, cpuStart = cpu()
    try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu() - cpuStart)
}

// Runs interleaved (ours int16, ours Float, SimpleITK) so that load from other jobs hits all alike.
for (name, interpolation) in [("linear", Interpolation.linear), ("bSpline", Interpolation.bSpline)] {
    var int16Times: [(Double, Double)] = [], floatTimes: [(Double, Double)] = [], sitkTimes: [(Double, Double)] = []
    var ourHash = "", sitkHash = ""
    for _ in 0..<runs {
        var out16: Volume<Int16>?
        int16Times.append(try seconds { out16 = try source.resampledInt16(onto: target, interpolation: interpolation) })
        ourHash = sha256(out16?.voxels ?? [])
        out16 = nil
        floatTimes.append(try seconds { _ = try source.resampled(onto: target, interpolation: interpolation, pixelType: .int16) })
        let (t, c, h) = try simpleITK(name)
        sitkTimes.append((t, c))
        sitkHash = h
    }
    let ours16 = median(int16Times.map(\.0)), oursFloat = median(floatTimes.map(\.0)), theirs = median(sitkTimes.map(\.0))
    let ours16CPU = median(int16Times.map(\.1)), theirsCPU = median(sitkTimes.map(\.1))
    print(String(format: "%@: wall: RadStation int16→int16 %.2f s (%.2fx), int16→Float %.2f s (%.2fx); SimpleITK int16→int16 %.2f s",
                 name, ours16, theirs / ours16, oursFloat, theirs / oursFloat, theirs))
    print(String(format: "  CPU (both threads): RadStation int16→int16 %.2f s, SimpleITK %.2f s (%.2fx); outputs %@",
                 ours16CPU, theirsCPU, theirsCPU / ours16CPU, ourHash == sitkHash ? "identical" : "DIFFERENT"))
    func list(_ x: [(Double, Double)]) -> String { x.map { String(format: "%.2f/%.2f", $0.0, $0.1) }.joined(separator: " ") }
    print("  runs wall/CPU: ours int16 \(list(int16Times)); ours Float \(list(floatTimes)); SimpleITK \(list(sitkTimes))")
}
