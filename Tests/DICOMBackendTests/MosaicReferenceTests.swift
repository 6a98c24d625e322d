import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Siemens Skyra mosaic EPI (3 × 3 tiles of 72 × 72, NumberOfImagesInMosaic 5, 12 mm slice spacing; two
/// files = two volumes per series) unpacked and placed, checked voxel for voxel and affine against
/// dcm2niix v1.0.20241127's NIfTI (`../shared/testdata/mr/dcm_qa_nih_ge_siemens_epi`).
@Suite struct MosaicReferenceTests {
    /// (input folder, dcm2niix reference name) per series.
    static let series: [(String, String)] = [
        ("mr_0003", "EPI_PE=AP_3"), ("mr_0004", "EPI_PE=PA_4"), ("mr_0005", "EPI_PE=RL_5"), ("mr_0006", "EPI_PE=LR_6"),
    ]

    @Test(arguments: series.indices)
    func volumesEqualDcm2niixVoxelForVoxel(_ n: Int) throws {
        let (input, reference) = Self.series[n]
        guard let root = TestPaths.shared("mr/dcm_qa_nih_ge_siemens_epi") else { return }
        let assembly = try DiffusionReferenceTests.assembly(root.appendingPathComponent("in/20180918Si/\(input)"))
        let nifti = try ReferenceNIfTI4D(root.appendingPathComponent("reference/\(reference).nii"))
        #expect(nifti.size == [72, 72, 5, 2])
        try #require(assembly.plans.count == 2, "\(input): \(assembly.plans.count) volumes")
        for t in 0..<2 {
            let loaded = try VolumeLoader.load(assembly.plans[t], instances: assembly.instances)
            let ours = loaded.data.floatVolume
            #expect(ours.size == Size3(72, 72, 5))
            #expect(loaded.report.resampled == false)
            // The affine: dcm2niix's RAS sform equals ours (LPS) with x and y negated.
            let g = ours.geometry
            for (i, j, k) in [(0, 0, 0), (71, 0, 0), (0, 71, 0), (0, 0, 4), (71, 71, 4)] {
                let p = g.physicalPoint(i: i, j: j, k: k)
                let index = try #require(nifti.index(ofRAS: Vector3(-p.x, -p.y, p.z)), "\(input) voxel \(i),\(j),\(k) outside")
                #expect(index.2 == k, "\(input): slice \(k) lands on dcm2niix slice \(index.2)")
            }
            #expect(abs(g.spacing.z - 12) < 1e-9 && abs(g.spacing.x - 3) < 1e-9)
            let d = DiffusionReferenceTests.differences(ours, nifti, t)
            #expect(d.outside == 0, "\(input) volume \(t)")
            #expect(d.mismatches == 0, "\(input) volume \(t)")
        }
    }

    /// The comparison can fail: tiles taken in the wrong order (slice 1 ↔ 2) differ from dcm2niix.
    @Test func comparisonDetectsSwappedTiles() throws {
        guard let root = TestPaths.shared("mr/dcm_qa_nih_ge_siemens_epi") else { return }
        let assembly = try DiffusionReferenceTests.assembly(root.appendingPathComponent("in/20180918Si/mr_0003"))
        let nifti = try ReferenceNIfTI4D(root.appendingPathComponent("reference/EPI_PE=AP_3.nii"))
        var ours = try VolumeLoader.load(assembly.plans[0], instances: assembly.instances).data.floatVolume
        let plane = 72 * 72
        let one = Array(ours.voxels[plane..<(2 * plane)])
        ours.voxels.replaceSubrange(plane..<(2 * plane), with: ours.voxels[(2 * plane)..<(3 * plane)])
        ours.voxels.replaceSubrange((2 * plane)..<(3 * plane), with: one)
        #expect(DiffusionReferenceTests.differences(ours, nifti, 0).mismatches > plane)
    }
}
