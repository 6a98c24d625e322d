import DICOMBackend
import Foundation
import MaskMorphology
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

/// Derived masks → DICOM SEG: our reader gives back identical voxels and descriptions; highdicom and dcmqi
/// (testdata/reference/derived-seg-highdicom.json, tools/references/derived_seg_reference.py) read the committed
/// copy to the same slices. Set RADSTATION_WRITE_SEGCLI_REFERENCE=1 to refresh testdata/segcli/derived-seg.dcm.
@Suite struct DerivedSegmentationTests {
    /// The RTSTRUCT fixture's CT grid and its Lesion ROI, with Lipiodol (a synthetic 300 HU deposit filling the
    /// lesion on slice 3 of a 40 HU image, threshold 100 HU), a 1:1 mm shell band, a 1.5 mm ring and a 0.5 mm core.
    static func derived() throws -> (loaded: LoadedVolume, instances: [DICOMInstance], tumour: Mask, result: MaskDerivation.Result) {
        let scan = try FolderScan.scan(TestPaths.testdata("rtstruct/ct_axial"))
        let assembly = SeriesAssembly(scan.instances)
        let loaded = try VolumeLoader.load(try #require(assembly.plans.first), instances: assembly.instances)
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/rtstruct_axial.dcm").path)
        let tumour = try #require(try rt.masks(onto: loaded.data.geometry, roiNames: ["lesion"]).first).binary
        var image = Volume<Float>(geometry: loaded.data.geometry, repeating: 40)
        for k in 0..<image.size.k where k == 3 { for j in 0..<image.size.j { for i in 0..<image.size.i where tumour[i, j, k] != 0 { image[i, j, k] = 300 } } }
        let configuration = MaskDerivation.Configuration(
            lipiodol: LipiodolSegmentation(range: IntensityRange(lower: 100)),
            shellBand: .init(innerRadius: 1, outerRadius: 1), ring: .init(radius: 1.5, clipToLiver: false), coreDepth: 0.5)
        let result = try MaskDerivation.derive(.init(image: image, tumour: tumour), configuration)
        return (loaded, assembly.instances, tumour, result)
    }

    @Test("round trip through our SEG reader: identical voxels, codes, AUTOMATIC, RadStation algorithm names")
    func roundTrip() throws {
        let d = try Self.derived()
        let url = try TestPaths.temporaryFolder().appendingPathComponent("derived-seg.dcm")
        try DerivedSegmentation.write(d.result, source: d.loaded, instances: d.instances, to: url)
        if ProcessInfo.processInfo.environment["RADSTATION_WRITE_SEGCLI_REFERENCE"] == "1" {
            let target = TestPaths.testdata("segcli/derived-seg.dcm")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: url, to: target)
        }
        let seg = try DICOMSegmentation.read(path: url.path)
        #expect(seg.kind == .binary)
        #expect(seg.references(d.loaded.plan))
        let masks = try seg.masks(onto: d.loaded.data.geometry)
        let expected = DerivedSegmentation.segments(of: d.result)
        #expect(masks.count == 4 && expected.count == 4)
        for (mask, original) in zip(masks, expected) {
            #expect(mask.binary.voxels == original.mask.voxels, "\(original.description.label)")
            #expect(mask.description.label == original.description.label)
            #expect(mask.description.category == original.description.category)
            #expect(mask.description.type == original.description.type)
            #expect(mask.description.algorithmType == "AUTOMATIC")
            #expect(mask.description.algorithmName?.hasPrefix("RadStation ") == true)
        }
        #expect(masks.map(\.description.label) == ["Lipiodol", "Shell band", "Peritumoral ring", "Tumour core"])
        #expect(masks[0].description.algorithmName == "RadStation lipiodol half maximum", "the boundary this phantom's Lipiodol used")
        #expect(expected.allSatisfy { $0.mask.count(of: 1) > 0 }, "every derived mask is non-empty on this phantom")
        // Negative: a mask one voxel different is not equal; a mask off the grid is refused.
        var changed = expected[1].mask
        changed.voxels[changed.voxels.firstIndex(of: 1)!] = 0
        #expect(masks[1].binary.voxels != changed.voxels)
        var shifted = d.result
        shifted.ring = Mask(geometry: VolumeGeometry(size: d.tumour.size, spacing: Vector3(1, 1, 1), origin: .zero), voxels: d.tumour.voxels)
        #expect(throws: DICOMError.self) { try DerivedSegmentation.write(shifted, source: d.loaded, instances: d.instances, to: url) }
    }

    /// Per-slice summary as the reference script records it: position of the first pixel (4 decimals), count,
    /// SHA-256 of the rows × columns non-zero map; sorted by position (dcmqi lists slices in its own order).
    static func slices(_ mask: Mask) -> [[String: String]] {
        let n = mask.size, plane = n.i * n.j
        return (0..<n.k).compactMap { k in
            let bytes = mask.voxels[(k * plane)..<((k + 1) * plane)].map { $0 != 0 ? UInt8(1) : 0 }
            let count = bytes.reduce(0) { $0 + Int($1) }
            guard count > 0 else { return nil }
            let p = mask.geometry.physicalPoint(i: 0, j: 0, k: k)
            let position = [p.x, p.y, p.z].map { String(format: "%.4f", $0) }.joined(separator: ",")
            return ["position": position, "count": "\(count)", "sha256": ContentHash.sha256(Data(bytes))]
        }.sorted { $0["position"]! < $1["position"]! }
    }

    static func referenceSlices(_ entries: [[String: Any]]) -> [[String: String]] {
        entries.map { e in
            let position = (e["position"] as? [Double] ?? []).map { String(format: "%.4f", $0 == 0 ? 0 : $0) }.joined(separator: ",")
            return ["position": position, "count": "\(e["count"] as? Int ?? -1)", "sha256": e["sha256"] as? String ?? ""]
        }.sorted { $0["position"]! < $1["position"]! }
    }

    @Test("highdicom (and dcmqi when it was installed) read the committed derived SEG to the same slices")
    func highdicomReference() throws {
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.testdata("reference/derived-seg-highdicom.json"))) as? [String: Any])
        let d = try Self.derived()
        let expected = DerivedSegmentation.segments(of: d.result)
        let readers = ["highdicom"] + (reference["dcmqi"] != nil ? ["dcmqi"] : [])
        for reader in readers {
            let segments = try #require((reference[reader] as? [String: Any])?["segments"] as? [String: [[String: Any]]])
            #expect(segments.count == expected.count, "\(reader)")
            for (n, s) in expected.enumerated() {
                let theirs = Self.referenceSlices(segments["\(n + 1)"] ?? [])
                #expect(theirs == Self.slices(s.mask), "\(reader) segment \(n + 1) \(s.description.label)")
            }
        }
        // Negative: the comparator notices a different mask.
        let highdicom = try #require((reference["highdicom"] as? [String: Any])?["segments"] as? [String: [[String: Any]]])
        #expect(Self.referenceSlices(highdicom["1"] ?? []) != Self.slices(expected[1].mask))
        let descriptions = try #require(reference["descriptions"] as? [String: [String: Any]])
        #expect(descriptions["1"]?["category"] as? [String] == ["SCT", "105590001", "Substance"])
        #expect(descriptions["1"]?["type"] as? [String] == ["SCT", "7140000", "Contrast agent"])
        #expect(descriptions["4"]?["type"] as? [String] == ["SCT", "108369006", "Neoplasm"])
        #expect(descriptions.values.allSatisfy { $0["algorithm_type"] as? String == "AUTOMATIC" })
        #expect(descriptions["2"]?["algorithm_name"] as? String == "RadStation shell band")
        #expect(descriptions["1"]?["algorithm_name"] as? String == "RadStation lipiodol half maximum")
    }
}
