import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Diffusion series of vendors and encodings RadStation was not developed on — Siemens XA30 enhanced multi-frame,
/// Philips classic (2008, 2018, and 2020 with repeated b = 0 images), Canon and Toshiba classic DTI in 16 slice
/// orientations — split into volumes whose b-values equal dcm2niix's `.bval`, volume for volume, in order. Public
/// data with dcm2niix's own references (neurolabusc/dcm_qa_*, BSD-2-Clause) at the commits pinned in
/// `tools/external-testdata/sources.txt`, materialised into `../external-testdata` by `tools/external-testdata/fetch.sh`.
///
/// The scanner's isotropic image stored among Philips' direction images (b > 0, direction (0,0,0), (2001,1004) "I")
/// is a volume of its own marked ``DiffusionEncoding/isotropic``; dcm2niix leaves it out of the `.bval`, so the
/// comparison does too (and checks there is exactly one where the series has one).
@Suite struct VendorDiffusionReferenceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var bval: String
        var isotropicImages = 0
        /// Only the plans of this SeriesNumber (a folder holding a whole session).
        var seriesNumber: Int? = nil
        /// The reference orders the volumes its own way (dicom2nifti's and dcm2niix's enhanced Philips orders differ):
        /// each of its volumes is matched to one of ours with the same b-value and image-frame direction.
        var orderFree = false
        var testDescription: String { input + (seriesNumber.map { " series \($0)" } ?? "") }
    }

    static let canon = ["10000_DTI_AP-ortho", "11000_DTI_PA-SAG_20d", "12000_DTI_PA-AX_20d", "13000_DTI_PA-COR_20d",
                        "14000_DTI_PA-ALL_20d", "32000_DTI_PA-ortho-HT", "33000_DTI_PA-ortho-HT-VT", "37000_SAG_DTI_PA-ortho",
                        "38000_SAG_DTI_PA-COR_20d", "39000_SAG_DTI_PA-ALL_20d", "9000_DTI_PA-ortho"]
    static let toshiba = ["10006_DTI_ALL_20d", "6006_DTI_SAG_30d", "7006_DTI_ortho", "8006_DTI_AX_30d", "9006_DTI_COR_20d"]

    static let cases: [Case] = [
        Case(input: "dcm_qa_xa30/In/10_DWI_dir80_PA", bval: "dcm_qa_xa30/Ref/10_DWI_dir80_PA.bval"),
        Case(input: "dcm_qa_xa30/In/17_DWI_dir80_AP", bval: "dcm_qa_xa30/Ref/17_DWI_dir80_AP.bval"),
        Case(input: "dcm_qa_philips/In/Bangalore_2008/dwi_no-phi", bval: "dcm_qa_philips/Ref/DT_HIGH_32DIR_SENSE_1201.bval", isotropicImages: 1),
        Case(input: "dcm_qa_philips/In/Vanderbilt_2018/601_WIP_dti_ax", bval: "dcm_qa_philips/Ref/WIP_dti_ax_601.bval", isotropicImages: 1),
        Case(input: "dcm_qa_philips_dwi/In/cl/DICOM", bval: "dcm_qa_philips_dwi/Ref/701_DTI_Biobank_2mm_MB3S2_EPI_cl.bval"),
    ] + canon.map { name in
        let number = name.prefix { $0 != "_" }
        return Case(input: "dcm_qa_canon/In/\(name)", bval: "dcm_qa_canon/Ref/\(name.dropFirst(number.count + 1))_\(number).bval")
    } + toshiba.map { Case(input: "dcm_qa_toshiba/In/Galan/\($0)", bval: "dcm_qa_toshiba/Ref/\($0).bval") } + unseen

    static let canonEnhanced = ["10000_SAG_DTI_PA-COR_20d", "11000_SAG_DTI_PA-ALL_20d", "14000_DTI_PA-ortho-HT", "15000_DTI_PA-ortho-HT-VT",
                                "3000_DTI_PA-ortho", "4000_DTI_AP-ortho", "5000_DTI_PA-SAG_20d", "6000_DTI_PA-AX_20d", "7000_DTI_PA-COR_20d",
                                "8000_DTI_PA-ALL_20d", "9000_SAG_DTI_PA-ortho"]
    static let decubitus = [("HFS", "4", "20220407150138"), ("HFDR", "3", "20220407151157"), ("HFP", "3", "20220407151756"),
                            ("HFDL", "3", "20220407152351")]

    /// Series added after the reader was written and never used to develop it: Philips Achieva classic DWI with one
    /// isotropic image per b = 0/40/273/800 (the liver protocol's b-values) and enhanced DTI (dicom2nifti orders
    /// b = 0 first, dcm2niix last), each against dicom2nifti's ground truth and dcm2niix v1.0.20220720's `.bval`/`.bvec`
    /// (`testdata/reference/dcm2niix-dwi`, tools/references/make_dcm2niix_dwi_references.sh); Canon Galan V6.1 enhanced
    /// DTI in 11 orientations; Siemens XA60/XA61 enhanced DWI (one file per volume, a whole session per folder); Siemens
    /// mosaic DWI in four patient positions (HFS, HFP, HFDL, HFDR).
    static let unseen: [Case] = [
        Case(input: "dicom2nifti/tests/data/philips/dti/002", bval: "dicom2nifti/tests/data/philips/dti/002_ground_truth.bval",
             isotropicImages: 3),
        Case(input: "dicom2nifti/tests/data/philips/dti/002", bval: "testdata/reference/dcm2niix-dwi/philips_dti_002.bval",
             isotropicImages: 3),
        Case(input: "dicom2nifti/tests/data/philips_enhanced/dti/001",
             bval: "dicom2nifti/tests/data/philips_enhanced/dti/001_ground_truth.bval", orderFree: true),
        Case(input: "dicom2nifti/tests/data/philips_enhanced/dti/001", bval: "testdata/reference/dcm2niix-dwi/philips_enhanced_dti_001.bval",
             orderFree: true),
    ] + canonEnhanced.map { name in
        Case(input: "dcm_qa_canon_61/In/enh/\(name.prefix { $0 != "_" }).dcm", bval: "dcm_qa_canon_61/Ref/\(name)_enh.bval")
    } + ([("XA60", "24100413/39280000", "TerraX_XA60", [14: "PRODUCT_ep2d_diff_p3_sms1", 16: "PRODUCT_ep2d_diff_p3_sms2",
                                                       18: "C2P_cmrr_mbep2d_diff_p3_mb1", 20: "C2P_cmrr_mbep2d_diff_p3_mb2"]),
         ("XA61", "24100310/14440000", "CimaX_XA61", [16: "C2P_cmrr_mbep2d_diff_p2_mb1", 18: "C2P_cmrr_mbep2d_diff_p2_mb2"])]
        as [(String, String, String, [Int: String])]).flatMap { version, folder, scanner, series in
            series.sorted { $0.key < $1.key }.map { number, name in
                Case(input: "dcm_qa_xa60/In/\(version)/DICOM/\(folder)",
                     bval: "dcm_qa_xa60/Ref/phantom_check_MBfactor_\(scanner)_\(number)_\(name).bval", seriesNumber: number)
            }
        } + decubitus.map { position, number, stamp in
            Case(input: "dcm_qa_decubitus/In/\(position)/\(number)_ep2d_diff_mddw_20_p2", bval: "dcm_qa_decubitus/Ref/ep2d_diff_mddw_20_p2_\(stamp).bval")
        }

    /// The series' volumes: every image object of `folder` (Philips' presentation states and private "XX" objects
    /// are refused or skipped by the scan, as dcm2niix skips them).
    static func assembly(_ folder: URL) throws -> SeriesAssembly {
        SeriesAssembly(try FolderScan.scan(folder).instances)
    }

    /// The volumes a `.bval` lists: all but the scanner's isotropic images stored beside direction images of their
    /// b-value (dcm2niix drops those; an isotropic image that is its b-value's only image stays).
    static func acquired(_ primary: [VolumePlan]) -> [VolumePlan] {
        let directional = Set(primary.filter { $0.diffusion?.isotropic != true }.compactMap { $0.diffusion?.bValue.rounded() })
        return primary.filter { $0.diffusion?.isotropic != true || !directional.contains($0.diffusion?.bValue.rounded() ?? -1) }
    }

    @Test(arguments: cases)
    func bValuesEqualDcm2niixBvalInOrder(_ c: Case) throws {
        guard let input = TestPaths.external(c.input, incompleteFolderAllowed: c.seriesNumber != nil),
              let bvalURL = c.bval.hasPrefix("testdata/") ? TestPaths.testdata(String(c.bval.dropFirst("testdata/".count)))
                                                          : TestPaths.external(c.bval) else { return }
        let expected = try DiffusionReferenceTests.bValues(bvalURL)
        let assembly = try Self.assembly(input)
        let primary = assembly.plans.filter { plan in
            plan.role == .primary && (c.seriesNumber == nil || plan.planes.first.map { assembly.instances[$0.instance].seriesNumber } == c.seriesNumber)
        }
        #expect(primary.filter { $0.diffusion?.isotropic == true }.count == c.isotropicImages)
        let bvecURL = bvalURL.deletingPathExtension().appendingPathExtension("bvec")
        var acquired = Self.acquired(primary)
        try #require(acquired.count == expected.count, "\(c.input): \(acquired.count) volumes, reference \(expected.count)")
        let patientFrame = c.bval.hasPrefix("dicom2nifti/")
        if c.orderFree { acquired = try Self.matched(acquired, bValues: expected, bvec: bvecURL, patientFrame: patientFrame) }
        let ours = try acquired.enumerated().map { t, plan in try #require(plan.diffusion?.bValue, "\(c.input) volume \(t) has no b-value") }
        for (t, (b, reference)) in zip(ours, expected).enumerated() {
            // dcm2niix prints float32 b-values (Philips 0.001) with 6 significant digits.
            #expect(abs(b - reference) <= 1e-5 * max(1, reference), "\(c.input) volume \(t): b = \(b), reference \(reference)")
        }
        // One plane per slice position in every volume, and the b > 0 volumes that state a direction have distinct ones.
        #expect(Set(acquired.map(\.planes.count)).count == 1, "\(c.input)")
        let directions = acquired.filter { ($0.diffusion?.bValue ?? 0) >= 1 }.compactMap { $0.diffusion?.groupingDirection }
        #expect(Set(directions).count == directions.count, "\(c.input)")
        let d = try Self.directionMismatches(acquired, bvec: bvecURL, patientFrame: patientFrame)
        #expect(d.mismatches == 0, "\(c.input)")
        // Every b > 0 volume that is not an isotropic image states its direction, except Canon's classic ones (dcm2niix
        // takes theirs from a private header).
        let weighted = acquired.filter { ($0.diffusion?.bValue ?? 0) >= 1 && $0.diffusion?.isotropic != true }.count
        #expect(d.compared == (c.input.hasPrefix("dcm_qa_canon/") ? 0 : weighted), "\(c.input): \(d.compared) of \(weighted) directions compared")
    }

    /// `plans` reordered as the reference's volumes: for each `.bval` entry (and `.bvec` column), the first unused plan
    /// with that b-value (10⁻⁵ relative) and, for b > 0 with a stated direction, that image-frame direction (10⁻³);
    /// the plans unchanged when some entry matches none (the in-order comparison then reports it).
    static func matched(_ plans: [VolumePlan], bValues: [Double], bvec url: URL, patientFrame: Bool) throws -> [VolumePlan] {
        let rows = try Self.bvecRows(url)
        var unused = Array(plans.indices), order: [Int] = []
        for (t, b) in bValues.enumerated() {
            let hit = unused.firstIndex { n in
                let plan = plans[n]
                guard let ours = plan.diffusion?.bValue, abs(ours - b) <= 1e-5 * max(1, b) else { return false }
                guard let g = plan.diffusion?.direction, ours >= 1, let o = plan.planes.first?.frame.orientation, rows.count == 3 else { return true }
                return zip(Self.referenceFrame(g, o, patientFrame: patientFrame), rows.map { $0[t] }).allSatisfy { abs($0 - $1) <= 1e-3 }
            }
            guard let hit else { return plans }
            order.append(unused.remove(at: hit))
        }
        return order.map { plans[$0] }
    }

    /// The rows of a `.bvec` file (x, y, z), one number per volume each.
    static func bvecRows(_ url: URL) throws -> [[Double]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { try $0.split(separator: " ").map { try #require(Double($0)) } }
    }

    /// An LPS direction as a `.bvec` column: dcm2niix's image frame (g·row, −g·column, g·normal), or as is when
    /// `patientFrame` (dicom2nifti's ground truth is in the DICOM patient frame).
    static func referenceFrame(_ g: Vector3, _ o: (row: Vector3, column: Vector3), patientFrame: Bool) -> [Double] {
        patientFrame ? [g.x, g.y, g.z] : [g.dot(o.row), -g.dot(o.column), g.dot(o.row.cross(o.column))]
    }

    /// How many volumes were compared, and how many of them have an LPS direction g, put in dcm2niix's image frame — (g·row, −g·column, g·normal), FSL's
    /// convention with the row axis first — differs from dcm2niix's `.bvec` column by more than 10⁻³ (b > 0 with a
    /// direction only; Canon states none). Throws when the `.bvec` cannot be read.
    static func directionMismatches(_ plans: [VolumePlan], bvec url: URL, patientFrame: Bool = false) throws -> (compared: Int, mismatches: Int) {
        let rows = try Self.bvecRows(url)
        try #require(rows.count == 3 && rows.allSatisfy { $0.count == plans.count })
        var mismatches = 0, compared = 0
        for (t, plan) in plans.enumerated() {
            guard let g = plan.diffusion?.direction, (plan.diffusion?.bValue ?? 0) >= 1,
                  let o = plan.planes.first?.frame.orientation else { continue }
            let expected = Self.referenceFrame(g, o, patientFrame: patientFrame)
            compared += 1
            if zip(expected, [rows[0][t], rows[1][t], rows[2][t]]).contains(where: { abs($0 - $1) > 1e-3 }) { mismatches += 1 }
        }
        return (compared, mismatches)
    }

    /// The comparison can fail: dcm2niix's b-values in another order (the first b = 0 moved to the end) do not match.
    @Test func comparisonDetectsAReorderedSeries() throws {
        let c = Self.cases[4]
        guard let input = TestPaths.external(c.input), let bvalURL = TestPaths.external(c.bval) else { return }
        var expected = try DiffusionReferenceTests.bValues(bvalURL)
        expected.append(expected.removeFirst())
        let ours = try Self.assembly(input).plans.compactMap { $0.diffusion?.bValue }
        #expect(zip(ours, expected).contains { abs($0 - $1) > 1e-5 * max(1, $1) })
    }
}
