import Foundation
import Hashing
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Our SEG reading (and our written SEG) against highdicom 0.28.2's reading of the same files
/// (tools/references/seg_highdicom_reference.py → testdata/reference/seg-highdicom.json): per segment and
/// slice position, the count of non-zero pixels, the sum of values (fractions for FRACTIONAL) and the
/// SHA-256 of the non-zero map.
///
/// The highdicom CT2 series is irregular (one slice 202.5 mm from three 1.25 mm-spaced ones); our loader
/// resamples it onto a uniform 1.25 mm grid (165 slices), which is "the image grid" the masks are placed
/// on: the three acquired positions are grid slices 162–164, the lone one slice 0.
@Suite struct SegmentationHighdicomTests {
    typealias Support = SegmentationTestSupport

    struct Reference: Decodable {
        struct Slice: Decodable {
            var position: [Double]
            var count: Int
            var sum: Double
            var sha256: String
        }
        struct File: Decodable {
            var type: String
            var segments: [String: [Slice]]
        }
        struct Dcmqi: Decodable {
            var segments: [String: [Slice]]
            var rgb: [String: [Int]]
        }
        var files: [String: File]
        /// dcmqi 1.5.7 segimage2itkimage's reading of our written SEG (absent when dcmqi was not installed).
        var dcmqi: [String: Dcmqi]?
    }

    static let reference: Reference? = try? JSONDecoder().decode(
        Reference.self, from: Data(contentsOf: TestPaths.testdata("reference/seg-highdicom.json")))

    /// Differences between our masks and highdicom's slices for one file (empty = agreement).
    static func discrepancies(_ masks: [SegmentMask], _ file: Reference.File) -> [String] {
        var problems: [String] = []
        for mask in masks {
            let expected = file.segments[String(mask.description.number)] ?? []
            let g = mask.binary.geometry
            let plane = g.size.i * g.size.j
            var seen = 0
            for k in 0..<g.size.k {
                let values: [Float] = mask.fraction.map { Array($0.voxels[(k * plane)..<((k + 1) * plane)]) }
                    ?? mask.binary.voxels[(k * plane)..<((k + 1) * plane)].map(Float.init)
                let nonzero = values.map { $0 != 0 ? UInt8(1) : 0 }
                let count = nonzero.reduce(0) { $0 + Int($1) }
                let p = g.physicalPoint(i: 0, j: 0, k: k)
                let match = expected.first { e in
                    Vector3(e.position[0], e.position[1], e.position[2]).maxAbsDifference(p) < 1e-3
                }
                guard count > 0 || match != nil else { continue }
                guard let e = match else {
                    problems.append("segment \(mask.description.number) slice \(k): \(count) px, highdicom none")
                    continue
                }
                seen += 1
                let sum = values.reduce(0.0) { $0 + Double($1) }
                let hash = SHA256.hash(data: Data(nonzero)).hexString
                if e.count != count || abs(e.sum - sum) > 1e-4 || e.sha256 != hash {
                    problems.append("segment \(mask.description.number) slice \(k): ours \(count) px sum \(sum), highdicom \(e.count) px sum \(e.sum)")
                }
            }
            if seen != expected.count { problems.append("segment \(mask.description.number): highdicom has \(expected.count) slices, we matched \(seen)") }
        }
        return problems
    }

    static let sharedFiles = ["seg_image_ct_binary.dcm", "seg_image_ct_binary_overlap.dcm",
                              "seg_image_ct_binary_fractional.dcm", "seg_image_ct_true_fractional.dcm"]

    @Test(arguments: sharedFiles)
    func highdicomVariantsOnTheUnevenCT(_ name: String) throws {
        guard let root = TestPaths.shared("dicom/highdicom_ct_seg_variants"), let reference = Self.reference else { return }
        let file = try #require(reference.files["shared:dicom/highdicom_ct_seg_variants/seg/\(name)"])
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("ct_series_pydicom_CT2"))
        #expect(ct.report.resampled && ct.data.geometry.size.k == 165)
        let seg = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/\(name)").path)
        #expect(seg.references(ct.plan))
        #expect(seg.kind.rawValue.uppercased() == file.type)
        let masks = try seg.masks(onto: ct.data.geometry)
        #expect(Self.discrepancies(masks, file) == [])
        // Right values on the right slices: the acquired planes are output slices 0 and 162…164.
        let acquired = ct.report.acquiredSlices.map { Int($0.outputSliceIndex.rounded()) }
        #expect(acquired == [0, 162, 163, 164])
        let counts = Support.sliceCounts(masks[0].binary)
        #expect(counts.indices.filter { counts[$0] > 0 }.allSatisfy(acquired.contains))
    }

    @Test func binaryAndZeroOr255FractionalAgree() throws {
        guard let root = TestPaths.shared("dicom/highdicom_ct_seg_variants") else { return }
        let (ct, _) = try Support.loadImage(root.appendingPathComponent("ct_series_pydicom_CT2"))
        let binary = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/seg_image_ct_binary.dcm").path)
        let fractional = try DICOMSegmentation.read(path: root.appendingPathComponent("seg/seg_image_ct_binary_fractional.dcm").path)
        let a = try binary.masks(onto: ct.data.geometry)[0]
        let b = try fractional.masks(onto: ct.data.geometry)[0]
        #expect(a.fraction == nil && b.fraction != nil)
        #expect(a.binary.voxels == b.binary.voxels)
        #expect(Set(b.fraction!.voxels) == [0, 1])
        #expect(Support.sliceCounts(a.binary)[162...164] == [127, 256, 255])
    }

    @Test func ourFixturesAgreeWithHighdicom() throws {
        guard let reference = Self.reference else { Issue.record("testdata/reference/seg-highdicom.json missing"); return }
        let folder = TestPaths.testdata("seg")
        let (ct, _) = try Support.loadImage(folder.appendingPathComponent("ct"))
        for name in ["shuffled_sparse.dcm", "fractional.dcm", "written/radstation_roundtrip.dcm"] {
            let file = try #require(reference.files["repo:testdata/seg/\(name)"])
            let masks = try DICOMSegmentation.read(path: folder.appendingPathComponent(name).path).masks(onto: ct.data.geometry)
            #expect(Self.discrepancies(masks, file) == [], "\(name)")
        }
    }

    @Test func freshlyWrittenSegMatchesWhatHighdicomRead() throws {
        // highdicom read the committed copy of this writer's output; a fresh write of the same masks must hold
        // the same voxels (UIDs and dates differ, pixels do not).
        guard let reference = Self.reference else { return }
        let file = try #require(reference.files["repo:testdata/seg/written/radstation_roundtrip.dcm"])
        let folder = TestPaths.testdata("seg")
        let (ct, assembly) = try Support.loadImage(folder.appendingPathComponent("ct"))
        let path = try SegmentationRoundTripTests.write(try SegmentationRoundTripTests.inputs(on: ct), ct: ct, assembly: assembly)
        let masks = try DICOMSegmentation.read(path: path).masks(onto: ct.data.geometry)
        #expect(masks.count == file.segments.count)
        #expect(Self.discrepancies(masks, file) == [])
    }

    @Test func dcmqiReadsOurWrittenSegAsWeDo() throws {
        guard let reference = Self.reference else { return }
        guard let dcmqi = reference.dcmqi?["repo:testdata/seg/written/radstation_roundtrip.dcm"] else {
            print("skipped: the dcmqi reference was not generated (segimage2itkimage absent)")
            return
        }
        let folder = TestPaths.testdata("seg")
        let (ct, _) = try Support.loadImage(folder.appendingPathComponent("ct"))
        let masks = try DICOMSegmentation.read(path: folder.appendingPathComponent("written/radstation_roundtrip.dcm").path)
            .masks(onto: ct.data.geometry)
        #expect(Self.discrepancies(masks, Reference.File(type: "BINARY", segments: dcmqi.segments)) == [])
        // dcmqi's own CIELab → sRGB of the colours we wrote gives back the RGB we were given.
        let inputs = try SegmentationRoundTripTests.inputs(on: ct)
        for input in inputs {
            guard let rgb = input.description.colour else { continue }
            #expect(dcmqi.rgb[String(input.description.number)] == rgb.map(Int.init), "\(input.description.label)")
        }
    }

    @Test func comparatorCatchesOneVoxelAndAMovedSlice() throws {
        guard let reference = Self.reference else { return }
        let folder = TestPaths.testdata("seg")
        let (ct, _) = try Support.loadImage(folder.appendingPathComponent("ct"))
        let file = try #require(reference.files["repo:testdata/seg/shuffled_sparse.dcm"])
        var masks = try DICOMSegmentation.read(path: folder.appendingPathComponent("shuffled_sparse.dcm").path).masks(onto: ct.data.geometry)
        let original = masks
        let first = masks[0].binary.voxels.firstIndex(of: 1)!
        masks[0].binary.voxels[first - 1] = 1
        #expect(!Self.discrepancies(masks, file).isEmpty)
        masks = original
        masks[1].binary.geometry.origin = masks[1].binary.geometry.physicalPoint(i: 0, j: 0, k: 1)
        #expect(!Self.discrepancies(masks, file).isEmpty)
    }
}
