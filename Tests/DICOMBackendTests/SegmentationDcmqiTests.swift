import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// SEG → masks against dcmqi's own label maps (../shared/testdata/dicom/dcmqi_*, the NRRDs dcmqi made the
/// SEGs from): voxel for voxel on the referenced CT grid.
@Suite struct SegmentationDcmqiTests {
    typealias Support = SegmentationTestSupport

    @Test func liverMatchesDcmqiReferenceVoxelForVoxel() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_ct3slice_liver_seg") else { return }
        let (ct, assembly) = try Support.loadImage(root.appendingPathComponent("ct"))
        let seg = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/liver.dcm").path)
        #expect(seg.kind == .binary && seg.frameCount == 3)
        #expect(seg.references(ct.plan))
        #expect(seg.descriptions.map(\.label) == ["Liver"])
        #expect(seg.descriptions[0].number == 1 && seg.descriptions[0].source == .seg)
        #expect(seg.descriptions[0].type?.meaning == "Liver" && seg.descriptions[0].type?.scheme == "SRT")
        let masks = try seg.masks(onto: ct.data.geometry)
        #expect(masks.count == 1)
        let reference = try Support.referenceLabels(root.appendingPathComponent("reference/nrrd/liver_seg.nrrd"))
        #expect(reference.geometry.isCongruent(with: ct.data.geometry, tolerance: 1e-3))
        #expect(masks[0].binary.geometry == ct.data.geometry)
        #expect(Support.mismatches(masks[0].binary, reference, label: 1) == 0)
        #expect(masks[0].binary.count(of: 1) == 107_098)
        #expect(Support.sliceCounts(masks[0].binary) == [36_233, 35_645, 35_220])
        _ = assembly
    }

    @Test func bigEndianCopyGivesTheSameMask() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_ct3slice_liver_seg") else { return }
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("ct"))
        let little = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/liver.dcm").path)
        let big = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/pydicom_data_variants/liver_expb.dcm").path)
        #expect(try big.masks(onto: ct.data.geometry)[0].binary.voxels == little.masks(onto: ct.data.geometry)[0].binary.voxels)
    }

    @Test func overlappingSparseSegmentsMatchDcmqiReferences() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_ct3slice_liver_seg") else { return }
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("ct"))
        let seg = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/partial_overlaps.dcm").path)
        #expect(seg.descriptions.map(\.label) == ["GREEN", "ORANGE", "PURPLE", "LIGHT_BLUE", "DARK_BLUE"])
        let masks = try seg.masks(onto: ct.data.geometry)
        #expect(masks.map(\.description.number) == [1, 2, 3, 4, 5])
        // dcmqi's inputs: segments {1, 4, 5} in -1, {2} in -2, {3} in -3, label value = segment number.
        let file = [1: 1, 2: 2, 3: 3, 4: 1, 5: 1]
        for mask in masks {
            let n = mask.description.number
            let reference = try Support.referenceLabels(root.appendingPathComponent("reference/nrrd/partial_overlaps-\(file[n]!).nrrd"))
            #expect(Support.mismatches(mask.binary, reference, label: Float(n)) == 0, "segment \(n)")
        }
        #expect(masks.map { $0.binary.count(of: 1) } == [9602, 11888, 10743, 6693, 4713])
        // Overlap is kept: segment 3 shares voxels with others.
        let overlap = zip(masks[2].binary.voxels, masks[0].binary.voxels).filter { $0 != 0 && $1 != 0 }.count
        #expect(overlap > 0)
        // Sparse: segments 1 and 2 only on the middle slice, 4 and 5 only on the first.
        #expect(Support.sliceCounts(masks[0].binary).map { $0 > 0 } == [false, true, false])
        #expect(Support.sliceCounts(masks[3].binary).map { $0 > 0 } == [true, false, false])
    }

    @Test(arguments: ["23x38x3", "24x38x3"])
    func bitPackingMatchesDcmqiReference(_ size: String) throws {
        guard let root = TestPaths.shared("dicom/dcmqi_small_seg_bitpacking_labelmap/\(size)") else { return }
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("image"))
        #expect(ct.data.geometry.size.i == (size == "23x38x3" ? 23 : 24) && ct.data.geometry.size.j == 38)
        let seg = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/label.seg").path)
        #expect(seg.references(ct.plan))
        let mask = try #require(try seg.masks(onto: ct.data.geometry).first)
        let reference = try Support.referenceLabels(root.appendingPathComponent("nrrd/label.nrrd"))
        #expect(reference.geometry.isCongruent(with: ct.data.geometry, tolerance: 1e-3))
        #expect(Support.mismatches(mask.binary, reference, label: 1) == 0)
        #expect(Support.sliceCounts(mask.binary) == (size == "23x38x3" ? [4, 314, 4] : [0, 315, 0]))
    }

    @Test func comparatorSeesAOneVoxelDifference() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_small_seg_bitpacking_labelmap/23x38x3") else { return }
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("image"))
        var mask = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/label.seg").path).masks(onto: ct.data.geometry)[0].binary
        let reference = try Support.referenceLabels(root.appendingPathComponent("nrrd/label.nrrd"))
        mask.voxels[0] ^= 1
        #expect(Support.mismatches(mask, reference, label: 1) == 1)
    }

    @Test func labelMapSegIsRefusedAsUnsupported() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_small_seg_bitpacking_labelmap/24x38x3/labelmap_seg") else { return }
        let path = root.appendingPathComponent("sparse-labelmap-noppv.dcm").path
        let error = try #require(throws: DICOMError.self) { try DICOMSegmentation.read(path: path) }
        #expect(error.code == .unsupported && error.file == path)
        #expect(error.message.contains("Label Map"))
    }

    @Test func segWithoutNumberOfFramesIsAClearError() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_ct3slice_liver_seg/seg/pydicom_data_variants") else { return }
        let path = root.appendingPathComponent("liver_1frame.dcm").path
        let error = try #require(throws: DICOMError.self) { try DICOMSegmentation.read(path: path) }
        #expect(error.file == path && error.message.contains("NumberOfFrames"))
    }

    @Test func ownGridWithoutTheImageSeries() throws {
        guard let root = TestPaths.shared("dicom/dcmqi_ct3slice_liver_seg") else { return }
        let seg = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/liver.dcm").path)
        let (geometry, masks) = try seg.masksOnOwnGrid()
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("ct"))
        // All three slices carry frames, so here the SEG's own grid is the CT grid.
        #expect(geometry.isCongruent(with: ct.data.geometry, tolerance: 1e-3))
        #expect(masks[0].binary.count(of: 1) == 107_098)
        #expect(masks[0].warnings.first?.contains("not available") == true)
    }
}
