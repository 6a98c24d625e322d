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

    @Test(arguments: cases.indices)
    func overlappingKeysEqualDcm2niix(_ n: Int) throws {
        let (input, reference) = Self.cases[n]
        guard let root = TestPaths.shared("mr") else { return }
        let scan = try FolderScan.scan(root.appendingPathComponent(input))
        let assembly = SeriesAssembly(scan.instances)
        let bids = try #require(BIDSFields(plan: assembly.plans[0], instances: assembly.instances))
        let ours = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(bids)) as? [String: Any])
        let theirs = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(reference))) as? [String: Any])
        let shared = Set(ours.keys).intersection(theirs.keys)
        #expect(Self.core.isSubset(of: shared), "\(input): missing \(Self.core.subtracting(shared).sorted())")
        for key in shared.sorted() {
            let relative = reference.hasPrefix("dcm_qa_ge_dwi") ? 5e-6 : 1e-6
            #expect(Self.same(ours[key]!, theirs[key]!, relative: relative), "\(input) \(key): \(ours[key]!) vs \(theirs[key]!)")
        }
        if input.contains("Si/") { #expect(shared.contains("SliceTiming") && shared.contains("SequenceName")) }
    }
}
