import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Masks → our BINARY SEG (DICOMSegmentationWriter) → read back with our reader: identical voxels and
/// descriptions; the file is also what testdata/seg/written/ holds for the highdicom check
/// (SegmentationHighdicomTests). Set RADSTATION_WRITE_SEG_REFERENCE=1 to refresh that copy.
@Suite struct SegmentationRoundTripTests {
    typealias Support = SegmentationTestSupport
    static let folder = TestPaths.testdata("seg")

    /// The masks written: the two overlapping fixture segments plus one empty segment, with full metadata.
    static func inputs(on ct: LoadedVolume) throws -> [(mask: Mask, description: SegmentDescription)] {
        let read = try DICOMSegmentation.read(path: folder.appendingPathComponent("shuffled_sparse.dcm").path)
            .masks(onto: ct.data.geometry)
        let liver = SegmentDescription(source: .seg, number: 1, label: "Liver",
                                       category: CodedConcept(value: "91723000", scheme: "SCT", meaning: "Anatomical Structure"),
                                       type: CodedConcept(value: "10200004", scheme: "SCT", meaning: "Liver"),
                                       colour: [221, 130, 101], algorithmType: "SEMIAUTOMATIC", algorithmName: "Threshold")
        let tumour = SegmentDescription(source: .seg, number: 2, label: "Lipiodol deposit",
                                        category: CodedConcept(value: "49755003", scheme: "SCT", meaning: "Morphologically Altered Structure"),
                                        type: CodedConcept(value: "108369006", scheme: "SCT", meaning: "Neoplasm"),
                                        colour: [255, 255, 0], algorithmType: "AUTOMATIC", algorithmName: nil)
        let empty = SegmentDescription(source: .seg, number: 3, label: "Empty", algorithmType: "MANUAL", algorithmName: "Nobody")
        return [(read[0].binary, liver), (read[1].binary, tumour), (Mask(geometry: ct.data.geometry, repeating: 0), empty)]
    }

    static func write(_ inputs: [(mask: Mask, description: SegmentDescription)], ct: LoadedVolume, assembly: SeriesAssembly,
                      writer: DICOMSegmentationWriter = DICOMSegmentationWriter(softwareVersion: "test")) throws -> String {
        let path = try TestPaths.temporaryFolder().appendingPathComponent("seg.dcm").path
        try writer.write(inputs, geometry: ct.data.geometry, plan: ct.plan, instances: assembly.instances, to: path)
        return path
    }

    @Test func writtenSegReadsBackIdentically() throws {
        let (ct, assembly) = try Support.loadImage(Self.folder.appendingPathComponent("ct"))
        let inputs = try Self.inputs(on: ct)
        let path = try Self.write(inputs, ct: ct, assembly: assembly)
        if ProcessInfo.processInfo.environment["RADSTATION_WRITE_SEG_REFERENCE"] == "1" {
            let target = Self.folder.appendingPathComponent("written/radstation_roundtrip.dcm")
            try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(atPath: path, toPath: target.path)
        }
        let seg = try DICOMSegmentation.read(path: path)
        #expect(seg.kind == .binary)
        #expect(seg.references(ct.plan))
        // Non-empty slices only: 3 + 3, plus one empty frame so the empty segment has a frame.
        #expect(seg.frameCount == 7)
        let masks = try seg.masks(onto: ct.data.geometry)
        #expect(masks.count == 3)
        for (mask, input) in zip(masks, inputs) {
            #expect(mask.binary.voxels == input.mask.voxels, "\(input.description.label)")
            var want = input.description
            // No SegmentAlgorithmName for MANUAL (PS3.3 C.8.20.2: required only when not MANUAL; dcmseg drops it).
            want.algorithmName = want.algorithmType == "MANUAL" ? nil : want.algorithmName ?? "RadStation test"
            var got = mask.description
            #expect(zip(got.colour ?? [], want.colour ?? []).allSatisfy { abs(Int($0) - Int($1)) <= 1 }, "\(want.label)")
            got.colour = want.colour
            if want.category == nil { want.category = got.category }
            if want.type == nil { want.type = got.type }
            #expect(got == want)
        }
        #expect(masks[0].binary.count(of: 1) > 0 && masks[2].binary.count(of: 1) == 0)
    }

    @Test func everySliceWhenAsked() throws {
        let (ct, assembly) = try Support.loadImage(Self.folder.appendingPathComponent("ct"))
        let inputs = try Self.inputs(on: ct)
        let path = try Self.write(inputs, ct: ct, assembly: assembly,
                                  writer: DICOMSegmentationWriter(includeEmptySlices: true))
        let seg = try DICOMSegmentation.read(path: path)
        #expect(seg.frameCount == 3 * ct.data.geometry.size.k)
        #expect(try seg.masks(onto: ct.data.geometry).map(\.binary.voxels) == inputs.map(\.mask.voxels))
    }

    @Test func resampledGridRoundTrips() throws {
        // The highdicom CT2 series (one slice 202.5 mm from three 1.25 mm-spaced ones) loads onto a
        // resampled 1.25 mm grid; slices the loader interpolated have no source image to derive from.
        guard let root = TestPaths.shared("dicom/highdicom_ct_seg_variants") else { return }
        let (ct, assembly) = try Support.loadImage(root.appendingPathComponent("ct_series_pydicom_CT2"))
        let read = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/seg_image_ct_binary_overlap.dcm").path)
            .masks(onto: ct.data.geometry)
        let path = try Self.write(read.map { ($0.binary, $0.description) }, ct: ct, assembly: assembly)
        let back = try DICOMSegmentation.read(path: path).masks(onto: ct.data.geometry)
        #expect(back.map(\.binary.voxels) == read.map(\.binary.voxels))
    }

    @Test func maskOffTheImageGridIsRefused() throws {
        let (ct, assembly) = try Support.loadImage(Self.folder.appendingPathComponent("ct"))
        var geometry = ct.data.geometry
        geometry.origin.x += 1
        let error = try #require(throws: DICOMError.self) {
            _ = try Self.write([(Mask(geometry: geometry, repeating: 1), SegmentDescription(source: .seg, number: 1, label: "x"))],
                               ct: ct, assembly: assembly)
        }
        #expect(error.code == .inconsistent)
    }
}
