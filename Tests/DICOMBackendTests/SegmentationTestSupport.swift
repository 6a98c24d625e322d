import Foundation
import TestSupport
import VolumeIO
import VolumeModule
@testable import DICOMBackend

/// Loading helpers shared by the Segmentation*Tests suites.
enum SegmentationTestSupport {
    /// Scans a folder of images and loads its only (or first primary) volume, with the plan and instances.
    static func loadImage(_ folder: URL) throws -> (loaded: LoadedVolume, assembly: SeriesAssembly) {
        let scan = try FolderScan.scan(folder)
        let assembly = SeriesAssembly(scan.instances)
        guard let plan = assembly.plans.first(where: { $0.role == .primary }) ?? assembly.plans.first else {
            throw DICOMError(.missingAttribute, "no image volume", file: folder.path)
        }
        return (try VolumeLoader.load(plan, instances: assembly.instances), assembly)
    }

    /// A reference label map (NRRD/NIfTI written by dcmqi or our scripts) as a `Volume<Float>`.
    static func referenceLabels(_ url: URL) throws -> Volume<Float> {
        url.pathExtension == "nrrd" ? try NRRD.read(url).volume : try NIfTI.read(url).volume
    }

    /// Voxels where `mask` (non-zero) and `reference == label` disagree.
    static func mismatches(_ mask: Mask, _ reference: Volume<Float>, label: Float) -> Int {
        precondition(mask.voxels.count == reference.voxels.count)
        var n = 0
        for (m, r) in zip(mask.voxels, reference.voxels) where (m != 0) != (r == label) { n += 1 }
        return n
    }

    /// Per-slice counts of non-zero voxels.
    static func sliceCounts(_ mask: Mask) -> [Int] {
        let plane = mask.size.i * mask.size.j
        return (0..<mask.size.k).map { k in mask.voxels[(k * plane)..<((k + 1) * plane)].reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
    }
}
