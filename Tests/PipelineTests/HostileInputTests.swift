import DICOMBackend
import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// Regression fixtures for malformed, truncated and lying headers (`testdata/hostile`, written by
/// `tools/fuzz/make_hostile_fixtures.py`; issue 16): each case holds one defect. Conversion must not trap
/// or allocate by the header's word; the defect file gets one error naming the problem; the other files of
/// the series still convert; no error quotes a patient value.
@Suite("hostile headers: one clear error per bad file, the rest converts")
struct HostileInputTests {
    /// What each case's error must say (a substring), and how many volumes still convert. `nil` error:
    /// the defect is harmless and the series converts without one.
    static let expectations: [String: (error: String?, volumes: Int)] = [
        "bits_allocated_0": ("BitsAllocated (0028,0100) is 0", 1),
        "bits_allocated_64": ("BitsAllocated/8", 1),
        "bits_stored_gt_allocated": ("BitsStored (0028,0101) 17 exceeds BitsAllocated", 1),
        "element_length_past_eof": ("truncated", 1),
        "instance_number_huge": (nil, 1),
        "iop_all_zero": ("ImageOrientationPatient (0020,0037): the row or column direction is not a unit vector", 0),
        "iop_non_orthogonal": ("ImageOrientationPatient (0020,0037): the row and column directions are not orthogonal", 0),
        "ipp_nan": ("ImagePositionPatient (0020,0032): value 1 of 3 is not finite", 1),
        "number_of_frames_100000": ("NumberOfFrames (0028,0008) 100000 needs", 1),
        "pixel_data_truncated": ("truncated", 1),
        "pixel_length_past_eof": ("truncated", 1),
        "pixel_spacing_zero": ("PixelSpacing (0028,0030) must be two positive spacings", 0),
        "rescale_slope_1e308": ("RescaleSlope (0028,1053) exceeds", 0),
        "rescale_slope_nan": ("RescaleSlope (0028,1053): value 1 of 1 is not finite", 0),
        "rows_columns_65535": ("Rows × Columns", 1),
        "rtstruct_contour_data_nan": (nil, 1),
        "rtstruct_contour_points_lie": (nil, 1),
        "samples_per_pixel_0": ("SamplesPerPixel (0028,0002) is 0", 1),
        "seg_number_of_frames_lie": ("NumberOfFrames (0028,0008) 12 needs 342 bytes of pixel data; Pixel Data (7FE0,0010) holds 172 (room for 6 frame(s))", 1),
        "jpeg_rows_lie": ("the JPEG codestream is 40x32 pixels but Columns x Rows (0028,0011/0010) say 40x64", 1),
        "nifti_axis_32768": ("NIfTI-1 holds at most 32767 voxels per axis", 1),
    ]

    static var cases: [String] {
        let folder = TestPaths.testdata("hostile")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &d) && d.boolValue }
            .sorted()
    }

    @Test("every hostile case has an expectation, and every expectation a case")
    func everyCaseIsChecked() {
        #expect(!Self.cases.isEmpty, "testdata/hostile is missing: run tools/fuzz/make_hostile_fixtures.py")
        #expect(Set(Self.cases) == Set(Self.expectations.keys))
    }

    @Test(arguments: cases)
    func oneClearErrorAndTheRestConverts(_ name: String) throws {
        let expectation = try #require(Self.expectations[name])
        let out = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try Conversion.run(input: TestPaths.testdata("hostile/\(name)"), output: out, options: .init(format: .nifti))
        let messages = result.failures.map(\.description)
        if let error = expectation.error {
            #expect(messages.contains { $0.contains(error) }, "\(name): \(messages)")
            // One error per bad file, however many frames or slices it claims.
            let files = result.failures.compactMap(\.file)
            #expect(Set(files).count == files.count, "\(name): \(messages)")
        } else {
            #expect(result.failures.isEmpty, "\(name): \(messages)")
        }
        #expect(result.written.count == expectation.volumes, "\(name): \(messages)")
        for message in messages { #expect(!message.contains("SEG^FIXTURE") && !message.contains("SEGFIX") && !message.contains("^"), "patient value in \(message)") }
    }
}
