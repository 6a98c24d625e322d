import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Siemens Prisma (VD13) mosaic EPI stored foot-to-head (the default) and head-to-foot (`_HF`, tiles in reverse),
/// product and CMRR sequences, sequential and interleaved: every volume equals dcm2niix's NIfTI voxel for voxel at the
/// same physical points, no voxel outside its grid. Public data (neurolabusc/dcm_qa_mosaic, BSD-2-Clause, pinned in
/// `tools/external-testdata/sources.txt`).
@Suite struct VendorMosaicReferenceTests {
    static let series: [(String, String)] = [
        ("ep2d_Asc_2", "2_ep2d_Asc"), ("ep2d_Int_4", "4_ep2d_Int"), ("ep2d_Int_HF_5", "5_ep2d_Int_HF"),
        ("cmrr_Asc_6", "6_cmrr_Asc"), ("cmrr_Asc_HF_7", "7_cmrr_Asc_HF"), ("cmrr_Int_8", "8_cmrr_Int"),
        ("cmrr_Int_HF_9", "9_cmrr_Int_HF"), ("ep2d_Asc_HF_10", "10_ep2d_Asc_HF"),
    ]

    @Test(arguments: series.indices)
    func volumesEqualDcm2niixVoxelForVoxel(_ n: Int) throws {
        let (input, reference) = Self.series[n]
        guard let folder = TestPaths.external("dcm_qa_mosaic/In/\(input)"),
              let niftiURL = TestPaths.external("dcm_qa_mosaic/Ref/\(reference).nii") else { return }
        let nifti = try ReferenceNIfTI4D(niftiURL)
        let assembly = try VendorDiffusionReferenceTests.assembly(folder)
        let plans = assembly.plans.filter { $0.role == .primary }
        try #require(plans.count == nifti.size[3], "\(input): \(plans.count) volumes, dcm2niix \(nifti.size[3])")
        for (t, plan) in plans.enumerated() {
            let loaded = try VolumeLoader.load(plan, instances: assembly.instances)
            let ours = loaded.data.floatVolume
            #expect([ours.size.i, ours.size.j, ours.size.k] == Array(nifti.size[0..<3]), "\(input)")
            #expect(loaded.report.resampled == false)
            let d = DiffusionReferenceTests.differences(ours, nifti, t)
            #expect(d.outside == 0, "\(input) volume \(t)")
            #expect(d.mismatches == 0, "\(input) volume \(t)")
        }
    }

    /// The comparison can fail: the head-to-foot mosaic read as if foot-to-head (slices reversed) differs.
    @Test func comparisonDetectsReversedTiles() throws {
        guard let folder = TestPaths.external("dcm_qa_mosaic/In/ep2d_Asc_HF_10"),
              let niftiURL = TestPaths.external("dcm_qa_mosaic/Ref/10_ep2d_Asc_HF.nii") else { return }
        let nifti = try ReferenceNIfTI4D(niftiURL)
        let assembly = try VendorDiffusionReferenceTests.assembly(folder)
        var ours = try VolumeLoader.load(assembly.plans[0], instances: assembly.instances).data.floatVolume
        let plane = ours.size.i * ours.size.j, k = ours.size.k
        let original = ours.voxels
        for s in 0..<k { ours.voxels.replaceSubrange((s * plane)..<((s + 1) * plane), with: original[((k - 1 - s) * plane)..<((k - s) * plane)]) }
        #expect(DiffusionReferenceTests.differences(ours, nifti, 0).mismatches > plane)
    }
}

/// United Imaging uMR 770 "VFRAME" mosaic DTI (R002; 4 × 5 tiles of 64 × 64, per-slice positions in private
/// (0065,1051), b-values in (0065,1009)): 17 volumes whose b-values equal dcm2niix's `.bval`, directions its `.bvec`,
/// and voxels its NIfTI. Public data pinned in `tools/external-testdata/sources.txt`: neurolabusc/dcm_qa_stc (the
/// series the reader was written on) and four series of neurolabusc/dcm_qa_uih it never saw (AP, PA and rotated PA
/// phase encoding, two sessions), both BSD-2-Clause.
@Suite struct VendorUIHMosaicReferenceTests {
    static let series: [(input: String, reference: String)] = [
        ("dcm_qa_stc/In/UIH/R002/12_dti_tra_dir16_PA_rot", "dcm_qa_stc/Ref/UIH_dti_tra_dir16_PA_rot_12"),
        ("dcm_qa_uih/In/DTI_134434/dti_tra_dir16_AP_SaveBySlc__140028", "dcm_qa_uih/Ref/dti_tra_dir16_AP_9_134431"),
        ("dcm_qa_uih/In/DTI_134434/dti_tra_dir16_PA_SaveBySlc__135612", "dcm_qa_uih/Ref/dti_tra_dir16_PA_6_134431"),
        ("dcm_qa_uih/In/DTI_134434/dti_tra_dir16_PA_rot_SaveBySlc__140451", "dcm_qa_uih/Ref/dti_tra_dir16_PA_rot_12_134431"),
        ("dcm_qa_uih/In/DTI_132225/dti_tra_dir16_PA_rot_SaveBySlc__134057", "dcm_qa_uih/Ref/dti_tra_dir16_PA_rot_12_132222"),
    ]

    @Test(arguments: series.indices)
    func volumesBValuesAndDirectionsEqualDcm2niix(_ n: Int) throws {
        let (input, reference) = Self.series[n]
        guard let folder = TestPaths.external(input), let niftiURL = TestPaths.external(reference + ".nii"),
              let bval = TestPaths.external(reference + ".bval") else { return }
        let nifti = try ReferenceNIfTI4D(niftiURL)
        let assembly = try VendorDiffusionReferenceTests.assembly(folder)
        let plans = assembly.plans.filter { $0.role == .primary }
        try #require(plans.count == nifti.size[3], "\(plans.count) volumes, dcm2niix \(nifti.size[3])")
        let expected = try DiffusionReferenceTests.bValues(bval)
        for (t, (plan, b)) in zip(plans, expected).enumerated() {
            #expect(abs((plan.diffusion?.bValue ?? -1) - b) <= 1e-4 * max(1, b), "volume \(t)")
        }
        let d = try VendorDiffusionReferenceTests.directionMismatches(plans, bvec: bval.deletingPathExtension().appendingPathExtension("bvec"))
        #expect(d.compared == expected.filter { $0 >= 50 }.count, "\(d)")  // the b = 1.25 image has no direction
        #expect(d.mismatches == 0, "\(d)")
        for (t, plan) in plans.enumerated() {
            let ours = try VolumeLoader.load(plan, instances: assembly.instances).data.floatVolume
            #expect([ours.size.i, ours.size.j, ours.size.k] == Array(nifti.size[0..<3]))
            let diff = DiffusionReferenceTests.differences(ours, nifti, t)
            #expect(diff.outside == 0 && diff.mismatches == 0, "volume \(t): \(diff)")
        }
    }
}
