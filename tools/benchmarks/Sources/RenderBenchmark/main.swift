// Times the full QA set (PNGRender.QASet.write) for a synthetic 4-phase study on one grid:
// 4 × 512×512×N Float volumes (0.7×0.7×2.5 mm… default N = 100) and 3 masks (tumour, liver, ring).
// Reports the median wall time of `pictures()` (rendering only) and of `write(into:)` (rendering + PNG
// encoding on all cores + index.html). Usage:
//   swift run -c release RenderBenchmark [--slices 100] [--runs 5] [--level 6] [--work /tmp/radstation-render-bench]
import Foundation
import PNGRender
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let slices = Int(option("--slices", "100")) ?? 100
let runs = Int(option("--runs", "5")) ?? 5
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-render-bench"))

let size = Size3(512, 512, slices)
let spacing = Vector3(0.7, 0.7, 2.5)
let grid = VolumeGeometry(size: size, spacing: spacing,
                          origin: Vector3(-179.2, -179.2, -Double(slices) * 1.25), direction: .identity)
let tumourCentre = Vector3(-80, -20, 0), liverCentre = Vector3(-70, -10, 0)

func build<T>(_ value: @escaping @Sendable (Vector3) -> T) -> [T] where T: BitwiseCopyable & Sendable {
    let planes = parallelMap(size.k) { k -> [T] in
        var plane = [T]()
        plane.reserveCapacity(size.i * size.j)
        for j in 0..<size.j { for i in 0..<size.i { plane.append(value(grid.physicalPoint(i: i, j: j, k: k))) } }
        return plane
    }
    return planes.flatMap { $0 }
}
func inLiver(_ p: Vector3) -> Bool {
    let d = p - liverCentre
    return (d.x / 90) * (d.x / 90) + (d.y / 100) * (d.y / 100) + (d.z / 80) * (d.z / 80) <= 1
}
let start = Date()
let phases = [("NC", Float(0)), ("ART", 60), ("PV", 40), ("DELAY", 20)].map { label, boost in
    QASet.Phase(label: label, volume: Volume(geometry: grid, voxels: build { p -> Float in
        let noise = Float((Int(p.x * 7 + p.y * 13 + p.z * 17) & 15)) - 8
        if (p - tumourCentre).length <= 15 { return 50 + 2 * boost + noise }
        if inLiver(p) { return 60 + boost + noise }
        return (p.x / 170) * (p.x / 170) + (p.y / 140) * (p.y / 140) <= 1 ? 40 + noise : -1000
    }))
}
let tumour = Mask(geometry: grid, voxels: build { ($0 - tumourCentre).length <= 15 ? 1 : 0 })
let liver = Mask(geometry: grid, voxels: build { inLiver($0) ? 1 : 0 })
let ring = Mask(geometry: grid, voxels: build { let r = ($0 - tumourCentre).length; return r > 15 && r <= 25 ? 1 : 0 })
print(String(format: "phantom: 4 × %@ Float + 3 masks built in %.1f s", "\(size)", Date().timeIntervalSince(start)))

var options = QASet.Options()
options.title = "benchmark"
options.compressionLevel = Int(option("--level", "\(PNGEncoder.defaultCompressionLevel)")) ?? PNGEncoder.defaultCompressionLevel
let set = QASet(phases: phases, structures: [(.tumour, tumour), (.liver, liver), (.ring, ring)],
                measurements: [(key: "Tumour volume", value: "14.1 mL")], options: options)

func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
func time(_ body: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}
var renderTimes: [Double] = [], fullTimes: [Double] = []
var pixels = 0, files: [URL] = []
for run in 0..<runs {
    renderTimes.append(try time { pixels = try set.pictures().reduce(0) { $0 + $1.image.width * $1.image.height } })
    let folder = work.appendingPathComponent("qa-\(run)")
    try? FileManager.default.removeItem(at: folder)
    fullTimes.append(try time { files = try set.write(into: folder) })
}
let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int }.reduce(0, +)
print(String(format: "render only (pictures): median %.3f s  (min %.3f, %d runs, %.1f Mpx)", median(renderTimes),
             renderTimes.min()!, runs, Double(pixels) / 1e6))
print(String(format: "full QA set (write):    median %.3f s  (min %.3f, %d files, %.2f MB, zlib level %d)",
             median(fullTimes), fullTimes.min()!, files.count, Double(bytes) / 1e6, options.compressionLevel))
