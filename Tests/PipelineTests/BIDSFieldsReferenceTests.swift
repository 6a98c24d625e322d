import DICOMBackend
import Foundation
import Pipeline
import Testing
import TestSupport

/// Sidecar `bids` fields against dcm2niix v1.0.20241127's BIDS JSON (`../shared/testdata/mr/dcm_qa_nih_ge_siemens_epi`,
/// GE MR750 EPI and Siemens Skyra mosaic EPI) and v1.0.20211006's (`dcm_qa_ge_dwi`): every key both write has the
/// same value (numbers within 10⁻⁶ relative; 5·10⁻⁶ for the 2021 version, which prints 6 significant digits), and the
/// core keys are there.
@Suite struct BIDSFieldsReferenceTests {
    static let cases: [(String, String)] = [
        ("dcm_qa_nih_ge_siemens_epi/in/20180918Si/mr_0003", "dcm_qa_nih_ge_siemens_epi/reference/EPI_PE=AP_3.json"),
        ("dcm_qa_nih_ge_siemens_epi/in/20180918Si/mr_0005", "dcm_qa_nih_ge_siemens_epi/reference/EPI_PE=RL_5.json"),
        ("dcm_qa_nih_ge_siemens_epi/in/20180918GE/mr_0004", "dcm_qa_nih_ge_siemens_epi/reference/DCM2NIIX_regression_test_4.json"),
        ("dcm_qa_nih_ge_siemens_epi/in/20180918GE/mr_0007", "dcm_qa_nih_ge_siemens_epi/reference/DCM2NIIX_regression_test_7.json"),
        ("dcm_qa_ge_dwi/in/01_Ax_DWI_TENSOR_R2", "dcm_qa_ge_dwi/reference/Ax_DWI_TENSOR_R2_1.json"),
    ]
    static let core: Set<String> = ["Manufacturer", "ManufacturersModelName", "MagneticFieldStrength", "MRAcquisitionType",
                                    "ScanningSequence", "SequenceVariant", "ScanOptions", "SliceThickness", "SpacingBetweenSlices",
                                    "EchoTime", "RepetitionTime", "FlipAngle", "ImagingFrequency", "PixelBandwidth",
                                    "InPlanePhaseEncodingDirectionDICOM"]

    static func same(_ a: Any, _ b: Any, relative: Double) -> Bool {
        if let x = a as? NSNumber, let y = b as? NSNumber {
            let (u, v) = (x.doubleValue, y.doubleValue)
            return abs(u - v) <= max(1e-9, relative * max(abs(u), abs(v)))
        }
        if let x = a as? [Any], let y = b as? [Any] { return x.count == y.count && zip(x, y).allSatisfy { same($0, $1, relative: relative) } }
        if let x = a as? String, let y = b as? String { return x == y }
        return false
    }

    /// A slice-timing series of neurolabusc/dcm_qa_stc (BSD-2-Clause, `../external-testdata`), never used to develop
    /// the fields, against dcm2niix's JSON in `Ref/`, with what we do not write yet.
    struct STCCase: Sendable {
        var input: String
        var reference: String
        /// We write dcm2niix's SliceTiming. Not yet: Siemens B12/B13 mosaics (no CSA MosaicRefAcqTimes), classic 2D
        /// and enhanced XA10 Siemens (times not in the CSA), GE (from TriggerTime or the RTIA timer).
        var sliceTiming = true
        /// Keys left out of the comparison: Siemens VB17's CSA times, which dcm2niix corrects by up to 2.5 ms.
        var differing: Set<String> = []
        /// Every core key is there (not for enhanced XA10, whose sequence keys sit in other attributes).
        var core = true
    }

    static let stc: [STCCase] = [
        .init(input: "In/Siemens/B12/2_FMRI_AX_ASC", reference: "Ref/Siemens_FMRI_AX_ASC_2.json", sliceTiming: false),
        .init(input: "In/Siemens/B13/4_fMRIcontin", reference: "Ref/Siemens_fMRIcontin_30x30x36_4.json", sliceTiming: false),
        .init(input: "In/Siemens/B15/2_ep2d_DTI_20_dir_AP", reference: "Ref/Siemens_ep2d_DTI_20_dir_AP_2.json"),
        .init(input: "In/Siemens/B17/6_ax_asc_35sl", reference: "Ref/Siemens_ax_asc_35sl_6.json", differing: ["SliceTiming"]),
        .init(input: "In/Siemens/D13/ep2d_Asc_2", reference: "Ref/Siemens_ep2d_Asc_2.json"),
        .init(input: "In/Siemens/D13/ep2d_Asc_HF_10", reference: "Ref/Siemens_ep2d_Asc_HF_10.json"),
        .init(input: "In/Siemens/E11/7_Rest_fMRI_AP", reference: "Ref/Siemens_Rest_fMRI_AP_7.json"),
        .init(input: "In/Siemens/E11_2D/8_diff_mbep2d_1.5mm_AP_MB4_64DIR_B0", reference: "Ref/Siemens_diff_mbep2d_1.5mm_AP_MB4_64DIR_B0_8.json",
              sliceTiming: false),
        .init(input: "In/Siemens/XA10/6_REST1_w_SMS_PF7-8", reference: "Ref/Siemens_REST1_w_SMS_PF7-8_6.json", sliceTiming: false, core: false),
        .init(input: "In/GE/RTIA/2_epiRT_ascending", reference: "Ref/GE_Brain_Routine_2.json", sliceTiming: false),
        .init(input: "In/GE/TriggerTime/4_epi_ascending", reference: "Ref/GE_Brain_Routine_4.json", sliceTiming: false),
        .init(input: "In/GE/RTIAold/15_Zugfahrt", reference: "Ref/GE_Zugfahrt_test_4_15.json", sliceTiming: false),
    ]

    @Test(arguments: cases.indices)
    func overlappingKeysEqualDcm2niix(_ n: Int) throws {
        let (input, reference) = Self.cases[n]
        guard let root = TestPaths.shared("mr") else { return }
        try Self.compare(root, input, reference)
        if input.contains("Si/") {
            let ours = try Self.fields(root.appendingPathComponent(input))
            #expect(ours.keys.contains("SliceTiming") && ours.keys.contains("SequenceName"))
        }
    }

    @Test(arguments: stc.indices)
    func overlappingKeysEqualDcm2niixOnUnseenSliceTimingSeries(_ n: Int) throws {
        let c = Self.stc[n]
        guard let root = TestPaths.external("dcm_qa_stc"), TestPaths.external("dcm_qa_stc/" + c.input) != nil else { return }
        try Self.compare(root, c.input, c.reference, except: c.differing, core: c.core)
        let theirs = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(c.reference))) as? [String: Any])
        let ours = try Self.fields(root.appendingPathComponent(c.input))
        #expect(theirs["SliceTiming"] != nil, "\(c.input): every case of this set has a reference SliceTiming")
        #expect((ours["SliceTiming"] != nil) == c.sliceTiming, "\(c.input)")
        if let differing = c.differing.first, let a = ours[differing], let b = theirs[differing] {
            #expect(!Self.same(a, b, relative: 1e-6), "\(c.input) \(differing) now equals dcm2niix's: compare it")
        }
    }

    /// Our `bids` fields of the first volume of `folder`, as JSON values.
    static func fields(_ folder: URL) throws -> [String: Any] {
        let assembly = SeriesAssembly(try FolderScan.scan(folder).instances)
        let bids = try #require(BIDSFields(plan: assembly.plans[0], instances: assembly.instances))
        return try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(bids)) as? [String: Any])
    }

    /// Every key both write has the same value, except `except`; with `core`, every core key is among them.
    static func compare(_ root: URL, _ input: String, _ reference: String, except: Set<String> = [], core: Bool = true) throws {
        let ours = try fields(root.appendingPathComponent(input))
        let theirs = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(reference))) as? [String: Any])
        let shared = Set(ours.keys).intersection(theirs.keys)
        #expect(!core || Self.core.isSubset(of: shared), "\(input): missing \(Self.core.subtracting(shared).sorted())")
        for key in shared.subtracting(except).sorted() {
            let relative = reference.hasPrefix("dcm_qa_ge_dwi") ? 5e-6 : 1e-6
            #expect(Self.same(ours[key]!, theirs[key]!, relative: relative), "\(input) \(key): \(ours[key]!) vs \(theirs[key]!)")
        }
    }
}
