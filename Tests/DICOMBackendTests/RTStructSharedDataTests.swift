import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import DICOMBackend

/// RTSTRUCTs no one here wrote: the IBSI 1 CT radiomics phantom (must equal the IBSI reference NIfTI mask
/// exactly) and rt-utils' test files (valid, dangling slice reference, no study reference, no images).
/// Skipped, with a printed reason, when ../shared/testdata is absent.
@Suite struct RTStructSharedDataTests {
    /// Loads the first plan of a folder's assembly.
    static func loadCT(_ folder: URL) throws -> (plans: [VolumePlan], volume: LoadedVolume) {
        let assembly = SeriesAssembly(try FolderScan.scan(folder).instances)
        let plan = try #require(assembly.plans.first { $0.role == .primary })
        return (assembly.plans, try VolumeLoader.load(plan, instances: assembly.instances))
    }

    /// Brute-force reference on one slice: PNPOLY at every pixel centre over the contours whose first vertex
    /// lies within half a slice of that plane, XOR across contours (written here, independent of the
    /// scanline filler and of ContourPlacement).
    static func bruteForce(_ rt: RTStructureSet, roi: Int, on geometry: VolumeGeometry) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: geometry.voxelCount)
        let size = geometry.size
        for contour in rt.contours where contour.roiNumber == roi && contour.geometricType == "CLOSED_PLANAR" {
            let c = contour.points.map { geometry.continuousIndex(at: $0)! }
            let k = Int(c[0].z.rounded())
            guard k >= 0, k < size.k, abs(c[0].z - Double(k)) < 0.5 else { continue }
            // Only the bounding box can be inside (keeps the debug-build test fast).
            let i0 = max(0, Int(c.map(\.x).min()!.rounded(.down))), i1 = min(size.i, Int(c.map(\.x).max()!.rounded(.up)) + 1)
            let j0 = max(0, Int(c.map(\.y).min()!.rounded(.down))), j1 = min(size.j, Int(c.map(\.y).max()!.rounded(.up)) + 1)
            guard i0 < i1, j0 < j1 else { continue }
            let iRange = i0..<i1, jRange = j0..<j1
            for j in jRange {
                for i in iRange {
                    var inside = false
                    var b = c.count - 1
                    for a in 0..<c.count {
                        if (c[a].y > Double(j)) != (c[b].y > Double(j)) {
                            let (l, h) = c[a].y < c[b].y ? (c[a], c[b]) : (c[b], c[a])
                            if Double(i) < l.x + (Double(j) - l.y) * (h.x - l.x) / (h.y - l.y) { inside.toggle() }
                        }
                        b = a
                    }
                    if inside { out[size.offset(i, j, k)] ^= 1 }
                }
            }
        }
        return out
    }

    @Test func ibsiPhantomGTVEqualsTheReferenceNIfTIMaskExactly() throws {
        guard let root = TestPaths.shared("ibsi/ibsi_1_ct_radiomics_phantom") else { return }
        let (plans, ct) = try Self.loadCT(root.appendingPathComponent("dicom/image"))
        let rsFolder = root.appendingPathComponent("dicom/mask")
        let rsFile = try #require(try FileManager.default.contentsOfDirectory(atPath: rsFolder.path).first { $0.hasSuffix(".dcm") })
        let rt = try RTStructureSet.read(path: rsFolder.appendingPathComponent(rsFile).path)
        #expect(rt.references(ct.plan))
        #expect(try rt.referencedPlan(among: plans).seriesInstanceUID == ct.plan.seriesInstanceUID)
        #expect(rt.descriptions.map(\.label) == ["GTV-1"] && rt.descriptions[0].colour == [0, 230, 0])
        let mask = try #require(try rt.masks(onto: ct.data.geometry, roiNames: ["gtv-1"]).first)
        #expect(mask.warnings.isEmpty, "\(mask.warnings)")

        let reference = try NIfTI.read(root.appendingPathComponent("nifti/mask/mask.nii.gz")).volume
        #expect(reference.geometry.isCongruent(with: ct.data.geometry, tolerance: 1e-3))
        let expected = reference.voxels.map { $0 > 0.5 ? UInt8(1) : 0 }
        #expect(expected.reduce(0) { $0 + Int($1) } == 125_256)
        #expect(mask.binary.count(of: 1) == 125_256)
        let differing = zip(mask.binary.voxels, expected).filter { $0 != $1 }.count
        #expect(differing == 0)
    }

    @Test func rtUtilsValidStructureSetGivesTheBruteForceMask() throws {
        guard let root = TestPaths.shared("dicom/rtutils_ct_rtstruct_small/mock_data") else { return }
        let folder = try TestPaths.temporaryFolder()
        for name in ["ct_1.dcm", "ct_2.dcm"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let (plans, ct) = try Self.loadCT(folder)
        let rt = try RTStructureSet.read(path: root.appendingPathComponent("rt.dcm").path)
        // Its ROI names a different frame of reference than the CT, but the series reference decides.
        #expect(rt.references(ct.plan))
        #expect(try rt.referencedPlan(among: plans).seriesInstanceUID == ct.plan.seriesInstanceUID)
        let mask = try #require(try rt.masks(onto: ct.data.geometry).first)
        #expect(mask.description.label == "ROI-1" && mask.description.colour == [162, 136, 95])
        #expect(mask.warnings.isEmpty, "\(mask.warnings)")
        let expected = Self.bruteForce(rt, roi: 1, on: ct.data.geometry)
        #expect(expected.contains(1))
        #expect(mask.binary.voxels == expected)
        // Both contours lie on z = 60 (slice 0).
        #expect(mask.binary.voxels[(512 * 512)...].allSatisfy { $0 == 0 })
    }

    @Test func rtUtilsDanglingSliceReferenceKeepsTheOtherSlicesAndReportsTheMissingOne() throws {
        guard let root = TestPaths.shared("dicom/rtutils_ct_rtstruct_small/mock_data") else { return }
        let folder = try TestPaths.temporaryFolder()
        for name in ["ct_1.dcm", "ct_2.dcm"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let (_, ct) = try Self.loadCT(folder)
        for file in ["invalid_reference_rt.dcm", "non_existent_reference_rt.dcm"] {
            let rt = try RTStructureSet.read(path: root.appendingPathComponent(file).path)
            // The second has no RTReferencedStudySequence: the frame of reference decides.
            #expect(rt.references(ct.plan), "\(file)")
            let masks = try rt.masks(onto: ct.data.geometry)
            #expect(masks.map(\.description.label) == ["ROI-1", "ROI-2", "ROI-3", "ROI-4"])
            for mask in masks {
                // Contours at z = 70 have no slice (the CT has z = 60, 65): reported, the rest filled.
                #expect(mask.warnings.contains { $0.contains("beyond the first or last slice") }, "\(file) \(mask.warnings)")
                let expected = Self.bruteForce(rt, roi: mask.description.number, on: ct.data.geometry)
                #expect(mask.binary.voxels == expected, "\(file) ROI \(mask.description.number)")
                #expect(mask.binary.voxels[..<(512 * 512)].contains(1) && mask.binary.voxels[(512 * 512)...].contains(1))
            }
        }
    }

    @Test func rtUtilsStructureSetWithoutImagesIsAClearError() throws {
        guard let root = TestPaths.shared("dicom/rtutils_ct_rtstruct_small/empty") else { return }
        let scan = try FolderScan.scan(root)
        let assembly = SeriesAssembly(scan.instances)
        #expect(assembly.plans.isEmpty)
        let path = root.appendingPathComponent("dummy_rt.dcm").path
        let rt = try RTStructureSet.read(path: path)
        #expect(rt.descriptions.count == 4 && rt.contours.count == 12)
        #expect { try rt.referencedPlan(among: assembly.plans) } throws: { error in
            guard let error = error as? DICOMError else { return false }
            return error.code == .inconsistent && error.file == path && !error.message.contains("2.16.840")
        }
        // A structure set never matches an unrelated series either.
        guard let other = TestPaths.shared("dicom/rtutils_ct_rtstruct_small/oriented_data") else { return }
        let oriented = SeriesAssembly(try FolderScan.scan(other).instances)
        #expect(!oriented.plans.contains(where: rt.references))
    }
}
