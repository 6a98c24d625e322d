// Voxel-based feature maps: RadStation (RadiomicsCore.VoxelFeatureMaps, both cores) against PyRadiomics 3.1.0's
// voxel-based extraction (`execute(..., voxelBased=True)`, single process) on the same ROI, same run. The ROI is the
// brain1 label restricted to a box of about --voxels voxels around its centre (no resampling), kernel radius
// --radius, the 92 default texture + first-order features (GLCM MCC left out: PyRadiomics' eigen-solver fails on
// NaN for small kernels) at binWidth 25. Prints wall times, the ratio, and the
// largest relative difference of the first-order Mean/Maximum/Variance maps (binning-independent; PyRadiomics bins
// the whole ROI once, RadStation each kernel, so absolute-level texture maps differ by design). Usage:
//   swift run -c release VoxelMapBenchmark [--python /tmp/pyrad-venv/bin/python] [--radius 2] [--voxels 1000]
import Dispatch
import Foundation
import RadiomicsCore
import VolumeIO
import VolumeModule

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let python = option("--python", "/tmp/pyrad-venv/bin/python")
let radius = Int(option("--radius", "2")) ?? 2
let target = Int(option("--voxels", "1000")) ?? 1000
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let shared = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/testdata/pyradiomics")
let work = URL(fileURLWithPath: option("--work", "/tmp/radstation-voxelmap-bench"))
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

let image = try NRRD.read(shared.appendingPathComponent("brain1_image.nrrd")).volume
let labels = try NRRD.read(shared.appendingPathComponent("brain1_label.nrrd")).volume
var mask = labels.map { $0 >= 0.5 && $0 < 1.5 ? UInt8(1) : 0 }
// Shrink the ROI to a box around its centre holding about `target` voxels.
let box = mask.boundingBox(of: 1)!
let centre = Index3((box.lower.i + box.upper.i) / 2, (box.lower.j + box.upper.j) / 2, (box.lower.k + box.upper.k) / 2)
var half = 1
while true {
    var count = 0
    for k in max(centre.k - half, 0)...min(centre.k + half, mask.size.k - 1) {
        for j in max(centre.j - 4 * half, 0)...min(centre.j + 4 * half, mask.size.j - 1) {
            for i in max(centre.i - 4 * half, 0)...min(centre.i + 4 * half, mask.size.i - 1) where mask[i, j, k] == 1 { count += 1 }
        }
    }
    if count >= target || half > 40 { break }
    half += 1
}
for k in 0..<mask.size.k { for j in 0..<mask.size.j { for i in 0..<mask.size.i {
    if abs(k - centre.k) > half || abs(j - centre.j) > 4 * half || abs(i - centre.i) > 4 * half { mask[i, j, k] = 0 }
} } }
print("brain1 sub-ROI: \(mask.count(of: 1)) voxels, kernel radius \(radius) (\(2 * radius + 1)³)")
try NIfTI.write(image, to: work.appendingPathComponent("image.nii.gz"))
try NIfTI.write(mask, to: work.appendingPathComponent("mask.nii.gz"))

let parameters = try ExtractionParameters(yaml: """
    setting: {binWidth: 25, label: 1}
    featureClass: {firstorder: null, glcm: [Autocorrelation, ClusterProminence, ClusterShade, ClusterTendency, Contrast, Correlation, DifferenceAverage, DifferenceEntropy, DifferenceVariance, Id, Idm, Idmn, Idn, Imc1, Imc2, InverseVariance, JointAverage, JointEnergy, JointEntropy, MaximumProbability, SumAverage, SumEntropy, SumSquares], glrlm: null, glszm: null, gldm: null, ngtdm: null}
    """)
let start = DispatchTime.now()
let maps = try VoxelFeatureMaps.compute(image: image, mask: mask, kernelRadius: radius,
                                        extractor: FeatureExtractor(parameters: parameters))
let ours = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
print(String(format: "RadStation: %d maps in %.2f s", maps.count, ours))


let script = """
import sys, time, logging, SimpleITK as sitk, radiomics
from radiomics import featureextractor
radiomics.logger.setLevel(logging.ERROR)
ex = featureextractor.RadiomicsFeatureExtractor(binWidth=25, label=1, kernelRadius=\(radius), maskedKernel=True, initValue=0)
ex.disableAllFeatures()
for c in ['firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm']: ex.enableFeatureClassByName(c)
ex.enabledFeatures['glcm'] = [n.strip() for n in 'Autocorrelation, ClusterProminence, ClusterShade, ClusterTendency, Contrast, Correlation, DifferenceAverage, DifferenceEntropy, DifferenceVariance, Id, Idm, Idmn, Idn, Imc1, Imc2, InverseVariance, JointAverage, JointEnergy, JointEntropy, MaximumProbability, SumAverage, SumEntropy, SumSquares'.split(',')]
t = time.time()
r = ex.execute('\(work.path)/image.nii.gz', '\(work.path)/mask.nii.gz', voxelBased=True)
print('%.3f' % (time.time() - t))
for k in ['original_firstorder_Mean', 'original_firstorder_Maximum', 'original_firstorder_Variance']:
    sitk.WriteImage(r[k], '\(work.path)/py_' + k + '.nii.gz')
"""
let process = Process()
process.executableURL = URL(fileURLWithPath: python)
process.arguments = ["-c", script]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
process.waitUntilExit()
let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
guard process.terminationStatus == 0, let theirs = text.split(separator: "\n").compactMap({ Double($0) }).last else {
    print("PyRadiomics run failed"); exit(1)
}
print(String(format: "PyRadiomics voxel-based: %.2f s  →  RadStation is %.1f× faster", theirs, theirs / ours))
for name in ["original_firstorder_Mean", "original_firstorder_Maximum", "original_firstorder_Variance"] {
    let reference = try NIfTI.read(work.appendingPathComponent("py_\(name).nii.gz")).volume
    guard let map = maps.first(where: { $0.name == name }) else { continue }
    var worst = 0.0
    // Both write maps on the ROI bounding box: match voxels through patient coordinates.
    let roi = mask.cropped(to: mask.boundingBox(of: 1)!)
    for k in 0..<roi.size.k { for j in 0..<roi.size.j { for i in 0..<roi.size.i where roi[i, j, k] == 1 {
        guard let c = reference.geometry.continuousIndex(at: roi.geometry.physicalPoint(i: i, j: j, k: k)) else { continue }
        let (ri, rj, rk) = (Int(c.x.rounded()), Int(c.y.rounded()), Int(c.z.rounded()))
        guard ri >= 0, rj >= 0, rk >= 0, ri < reference.size.i, rj < reference.size.j, rk < reference.size.k else { continue }
        let a = Double(map.volume[i, j, k]), b = Double(reference[ri, rj, rk])
        worst = max(worst, abs(a - b) / max(abs(b), 1e-9))
    } } }
    print(String(format: "%@: largest relative difference %.2e", name, worst))
}
