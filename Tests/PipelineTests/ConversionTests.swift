import DICOMBackend
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

@Suite struct ConversionTests {
    @Test(arguments: [OutputFormat.niftiGz, .nifti, .nrrd, .nrrdRaw])
    func writtenFilesCarryTheSidecarGeometry(_ format: OutputFormat) throws {
        let out = try TestPaths.temporaryFolder()
        let result = try Conversion.run(input: TestPaths.testdata("dicom/tilt_plus15"), output: out, options: .init(format: format))
        let written = try #require(result.written.first)
        let image = format == .nrrd || format == .nrrdRaw ? try NRRD.read(written.image).volume : try NIfTI.read(written.image).volume
        let sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: written.sidecar))
        #expect(image.geometry.isCongruent(with: sidecar.report.geometry, tolerance: 1e-4))
        #expect(written.image.path.hasPrefix(out.appendingPathComponent(written.studyKey).path))
    }

    @Test func badFilesGivePartialSuccessAndEverythingElseIsWritten() throws {
        let out = try TestPaths.temporaryFolder()
        let result = try Conversion.run(input: TestPaths.testdata("dicom/bad_files"), output: out)
        #expect(result.written.count == 1)
        #expect(result.failures.count == 3)
        #expect(!result.isComplete)
    }

    @Test func outputNamesAreStableKeyedHashes() throws {
        let out = try TestPaths.temporaryFolder()
        let first = try Conversion.run(input: TestPaths.testdata("dicom/uniform"), output: out)
        let second = try Conversion.run(input: TestPaths.testdata("dicom/uniform"), output: out)
        #expect(first.written.map(\.image) == second.written.map(\.image))
        let other = try Conversion.run(input: TestPaths.testdata("dicom/uniform"), output: try TestPaths.temporaryFolder())
        #expect(first.written[0].volume != other.written[0].volume, "a different key gives different names")
        #expect(first.written[0].studyKey.range(of: #"^st-[0-9a-f]{16}$"#, options: .regularExpression) != nil)
    }

    @Test func noPatientValueReachesPathsOrSidecars() throws {
        let out = try TestPaths.temporaryFolder()
        _ = try Conversion.run(input: TestPaths.testdata("demo-study"), output: out)
        let files = FileManager.default.enumerator(atPath: out.path)!.compactMap { $0 as? String }
        for file in files where !file.hasPrefix(".radstation") {
            let text = file.hasSuffix(".json") ? try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8) : ""
            for forbidden in ["DEMO", "ABD", "1.2.826.0.1.3680043.10.1411", "2026"] {
                #expect(!file.contains(forbidden) && !text.contains(forbidden), "\(file) contains \(forbidden)")
            }
        }
    }

    /// dicom2nifti's expected output for the compressed MR series (../shared): same voxels at the same
    /// patient positions (its array is stored with k reversed and a matching affine).
    @Test func compressedMRMatchesDicom2niftiGroundTruthInPatientSpace() throws {
        guard let root = TestPaths.shared("dicom/dicom2nifti_compressed_mr_ground_truth/compressed_rle") else { return }
        let out = try TestPaths.temporaryFolder()
        let result = try Conversion.run(input: root.appendingPathComponent("001"), output: out, options: .init(format: .nifti))
        let ours = try NIfTI.read(try #require(result.written.first).image).volume
        let truth = try NIfTI.read(root.appendingPathComponent("001_ground_truth.nii.gz")).volume
        var mismatches = 0
        for k in 0..<ours.size.k { for j in stride(from: 0, to: ours.size.j, by: 7) { for i in stride(from: 0, to: ours.size.i, by: 5) {
            let c = try #require(truth.geometry.continuousIndex(at: ours.geometry.physicalPoint(i: i, j: j, k: k)))
            let (ti, tj, tk) = (Int(c.x.rounded()), Int(c.y.rounded()), Int(c.z.rounded()))
            if Vector3(Double(ti), Double(tj), Double(tk)).maxAbsDifference(c) > 1e-3 || truth[ti, tj, tk] != ours[i, j, k] { mismatches += 1 }
        } } }
        #expect(mismatches == 0)
    }
}
