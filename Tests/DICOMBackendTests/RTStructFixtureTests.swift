import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// The generated RTSTRUCT fixtures (tools/fixtures/make_rtstruct_fixtures.py): masks must equal, voxel
/// for voxel, the brute-force point-in-polygon answer the generator computed in Python, on an axial and
/// an oblique non-square anisotropic grid; every bad contour must be reported.
@Suite struct RTStructFixtureTests {
    struct Expected: Decodable {
        struct ROI: Decodable {
            var number: Int
            var count: Int
            var per_slice: [String: Int]
            var voxels: [Int]
            var reported: [String: [Int]]
            var clipped: [Int]
            var contours: Int
        }
        struct StructureSet: Decodable {
            var series_folder: String
            var rois: [String: ROI]
        }
        var structure_sets: [String: StructureSet]
    }

    static let expected: Expected = {
        do {
            let data = try Data(contentsOf: TestPaths.testdata("rtstruct/expected.json"))
            return try JSONDecoder().decode(Expected.self, from: data)
        } catch {
            preconditionFailure("testdata/rtstruct/expected.json unreadable: \(error)")
        }
    }()
    static let files = expected.structure_sets.keys.sorted()

    /// The plans of both fixture series, and the loaded volume of one.
    static func volume(_ folder: String) throws -> (plans: [VolumePlan], loaded: LoadedVolume) {
        let root = TestPaths.testdata("rtstruct")
        var plans: [VolumePlan] = []
        var chosen: LoadedVolume?
        for name in ["ct_axial", "ct_oblique"] {
            let assembly = SeriesAssembly(try FolderScan.scan(root.appendingPathComponent(name)).instances)
            plans += assembly.plans
            if name == folder { chosen = try VolumeLoader.load(assembly.plans[0], instances: assembly.instances) }
        }
        return (plans, try #require(chosen))
    }

    static func inside(_ mask: Mask) -> [Int] { mask.voxels.indices.filter { mask.voxels[$0] != 0 } }

    @Test(arguments: files)
    func masksEqualTheBruteForceAnswerVoxelForVoxel(_ file: String) throws {
        let set = try #require(Self.expected.structure_sets[file])
        let (_, loaded) = try Self.volume(set.series_folder)
        let geometry = loaded.data.geometry
        #expect(geometry.size == Size3(36, 30, 8))
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/\(file)").path)
        let masks = try rt.masks(onto: geometry)
        #expect(masks.map(\.description.label) == ["Liver", "Lesion", "Empty", "Marker"])
        for mask in masks {
            let expected = try #require(set.rois[mask.description.label])
            #expect(mask.binary.geometry == geometry)
            #expect(Self.inside(mask.binary) == expected.voxels, "\(file) \(mask.description.label)")
            #expect(mask.binary.count(of: 1) == expected.count)
            #expect(mask.fraction == nil)
        }
        // The numbers stated in the issue, independently of the generator: 14×13 square − 6×5 hole.
        let liver = try #require(masks.first)
        let plane = 36 * 30
        #expect(liver.binary.voxels[(3 * plane)..<(4 * plane)].filter { $0 != 0 }.count == 152)
        #expect(liver.binary.voxels[(4 * plane)..<(5 * plane)].filter { $0 != 0 }.count == 152 + 4 + 20)
    }

    @Test func halfOpenRuleOnPixelCentreVerticesOfTheAxialFixture() throws {
        // Hole vertices at i = 9, 15 and j = 10, 15 (exact): columns 9…14 and rows 10…14 are holes, so
        // (9, 12) is out, (15, 12) in, (12, 10) out, (12, 15) in, on slice 3.
        let (_, loaded) = try Self.volume("ct_axial")
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/rtstruct_axial.dcm").path)
        let liver = try #require(try rt.masks(onto: loaded.data.geometry, roiNames: ["LIVER"]).first)
        #expect(liver.binary[9, 12, 3] == 0 && liver.binary[15, 12, 3] == 1)
        #expect(liver.binary[12, 10, 3] == 0 && liver.binary[12, 15, 3] == 1)
        #expect(liver.binary[8, 12, 3] == 1 && liver.binary[14, 14, 3] == 0)
        // Separate rectangle on slice 4 with vertices on centres 24…29 × 20…24: 24…28 × 20…23.
        #expect(liver.binary[24, 20, 4] == 1 && liver.binary[28, 23, 4] == 1)
        #expect(liver.binary[29, 20, 4] == 0 && liver.binary[24, 24, 4] == 0)
    }

    @Test(arguments: files)
    func badContoursAreReportedWithoutPatientData(_ file: String) throws {
        let set = try #require(Self.expected.structure_sets[file])
        let (_, loaded) = try Self.volume(set.series_folder)
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/\(file)").path)
        let masks = try rt.masks(onto: loaded.data.geometry)
        let phrases = ["betweenPlanes": "lie between slice planes", "beyondSlices": "beyond the first or last slice",
                       "outsidePlane": "wholly outside the image", "nonCoplanar": "are not coplanar",
                       "ignoredType": "contour(s) ignored"]
        for mask in masks {
            let expected = try #require(set.rois[mask.description.label])
            for (reason, ordinals) in expected.reported {
                let phrase = try #require(phrases[reason])
                let line = mask.warnings.first { $0.contains(phrase) }
                #expect(line != nil, "\(file) \(mask.description.label): no warning for \(reason)")
                if reason != "ignoredType", let line {
                    #expect(line.contains("contour(s) \(ordinals.map(String.init).joined(separator: ", ")) of \(expected.contours)"), "\(line)")
                }
            }
            if !expected.clipped.isEmpty {
                #expect(mask.warnings.contains { $0.contains("contour(s) \(expected.clipped.map(String.init).joined(separator: ", ")) extend beyond") })
            }
            if expected.contours == 0 { #expect(mask.warnings.contains { $0.contains("has no contours") }) }
            if expected.reported.isEmpty && expected.clipped.isEmpty && expected.contours > 0 {
                #expect(mask.warnings.isEmpty, "\(mask.warnings)")
            }
            // Numbers only: no ROI name, no UID, no patient attribute.
            for line in mask.warnings {
                #expect(!line.contains(mask.description.label) && !line.contains("1.2.826") && !line.contains("FIXTURE"))
            }
        }
    }

    @Test func eachStructureSetReferencesItsOwnSeriesOnly() throws {
        let (plans, _) = try Self.volume("ct_axial")
        #expect(plans.count == 2)
        for file in Self.files {
            let set = try #require(Self.expected.structure_sets[file])
            let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/\(file)").path)
            let own = try rt.referencedPlan(among: plans)
            #expect(plans.filter(rt.references).count == 1)
            let loaded = try Self.volume(set.series_folder).loaded
            #expect(own.seriesInstanceUID == loaded.plan.seriesInstanceUID)
        }
    }

    @Test func descriptionsCarryNameColourAndAlgorithm() throws {
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/rtstruct_axial.dcm").path)
        #expect(rt.descriptions.map(\.number) == [1, 2, 3, 4])
        #expect(rt.descriptions[0] == SegmentDescription(source: .rtstruct, number: 1, label: "Liver", colour: [255, 128, 0],
                                                         algorithmType: "MANUAL", algorithmName: "drawn by the fixture generator"))
        #expect(rt.descriptions[2].algorithmType == nil && rt.descriptions[1].algorithmType == "SEMIAUTOMATIC")
        #expect(rt.contours.count == 11 + 4 + 1)
        #expect(rt.contours[0].points.count == 4 && rt.contours[0].imageSOPInstanceUIDs.count == 1)
        #expect(rt.warnings.isEmpty)
    }

    @Test func roiNamesSelectCaseInsensitivelyAndUnknownNamesThrow() throws {
        let (_, loaded) = try Self.volume("ct_axial")
        let path = TestPaths.testdata("rtstruct/rtstruct_axial.dcm").path
        let rt = try RTStructureSet.read(path: path)
        let some = try rt.masks(onto: loaded.data.geometry, roiNames: ["lesion", "EMPTY"])
        #expect(some.map(\.description.number) == [2, 3])
        #expect(throws: DICOMError.self) { try rt.masks(onto: loaded.data.geometry, roiNames: ["Spleen"]) }
        do {
            _ = try rt.masks(onto: loaded.data.geometry, roiNames: ["Spleen"])
        } catch let error as DICOMError {
            #expect(error.code == .missingAttribute && error.file == path)
        }
    }

    @Test func partialVolumeFractionsMatchTheAreaAndLeaveTheBinaryMaskAlone() throws {
        let (_, loaded) = try Self.volume("ct_axial")
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/rtstruct_axial.dcm").path)
        let plain = try rt.masks(onto: loaded.data.geometry, roiNames: ["Liver"])[0]
        let four = try rt.masks(onto: loaded.data.geometry, roiNames: ["Liver"], partialVolume: 4)[0]
        let eight = try rt.masks(onto: loaded.data.geometry, roiNames: ["Liver"], partialVolume: 8)[0]
        #expect(four.binary.voxels == plain.binary.voxels)
        let f4 = try #require(four.fraction), f8 = try #require(eight.fraction)
        #expect(f4.geometry == loaded.data.geometry)
        // Hole edge at i = 9 (exact) halves column 9 on rows 11…14: 2 of 4 sample columns lie at ≥ 9. Row 10
        // spans 9.5…10.5 and the hole starts at j = 10, so half its sample rows are outside the hole: ¾.
        for j in 11...14 { #expect(f4[9, j, 3] == 0.5) }
        #expect(f4[9, 10, 3] == 0.75 && f4[9, 15, 3] == 0.75)
        #expect(f4[7, 12, 3] == 1 && f4[12, 12, 3] == 0 && f4[2, 2, 3] == 0)
        // Outer edge at i = 4.6: pixel 4 spans 3.5…4.5 → 0; pixel 5 spans 4.5…5.5, samples at 4.625… → 1.
        #expect(f4[4, 12, 3] == 0 && f4[5, 12, 3] == 1)
        // Area of slice 3 (square 13.7 × 12.5 px minus the 6 × 5 hole = 141.25 px²), within half a sample
        // spacing times the perimeter; the binary count (152) is far outside that bound.
        let plane = 36 * 30
        let area = 13.7 * 12.5 - 30, perimeter = 2 * (13.7 + 12.5) + 22
        let sum8 = f8.voxels[(3 * plane)..<(4 * plane)].reduce(0, +)
        #expect(abs(Double(sum8) - area) <= perimeter / 16)
        #expect(abs(152 - area) > perimeter / 16)
        // Every binary voxel is partly inside; every voxel with no sample inside is outside.
        for n in plain.binary.voxels.indices where plain.binary.voxels[n] == 1 { #expect(f4.voxels[n] > 0) }
    }

    @Test func comparatorDetectsAOneVoxelShift() throws {
        let set = try #require(Self.expected.structure_sets["rtstruct_axial.dcm"])
        let (_, loaded) = try Self.volume("ct_axial")
        let rt = try RTStructureSet.read(path: TestPaths.testdata("rtstruct/rtstruct_axial.dcm").path)
        let liver = try rt.masks(onto: loaded.data.geometry, roiNames: ["Liver"])[0]
        var shifted = liver.binary
        shifted.voxels = [0] + shifted.voxels.dropLast()
        #expect(Self.inside(shifted) != set.rois["Liver"]!.voxels)
        #expect(Self.inside(liver.binary) == set.rois["Liver"]!.voxels)
    }

    @Test func readingRejectsWhatIsNotAStructureSet() throws {
        let ct = try FileManager.default.contentsOfDirectory(atPath: TestPaths.testdata("rtstruct/ct_axial").path).sorted()[0]
        let path = TestPaths.testdata("rtstruct/ct_axial/\(ct)").path
        #expect { try RTStructureSet.read(path: path) } throws: { ($0 as? DICOMError)?.code == .unsupported && ($0 as? DICOMError)?.file == path }
        let missing = TestPaths.testdata("rtstruct/nothing-here.dcm").path
        #expect { try RTStructureSet.read(path: missing) } throws: { ($0 as? DICOMError)?.code == .fileAccess }
        let folder = try TestPaths.temporaryFolder()
        let text = folder.appendingPathComponent("notes.dcm")
        try Data("not dicom".utf8).write(to: text)
        #expect { try RTStructureSet.read(path: text.path) } throws: { ($0 as? DICOMError)?.code == .notDICOM }
    }
}
