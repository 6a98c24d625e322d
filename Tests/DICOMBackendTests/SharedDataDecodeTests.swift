import Foundation
import Testing
import TestSupport
@testable import DICOMBackend

/// Real files from ../shared/testdata decode equal to their uncompressed twins.
@Suite struct SharedDataDecodeTests {
    /// Loads the single volume of a file or folder as Float values.
    static func values(_ url: URL) throws -> [Float] {
        let scan = try FolderScan.scan(url)
        if let failure = scan.failures.first { throw failure }
        let assembly = SeriesAssembly(scan.instances)
        let plan = try #require(assembly.plans.first)
        return try VolumeLoader.load(plan, instances: assembly.instances).data.floatVolume.voxels
    }

    static let losslessPairs: [(String, String)] = [
        ("CT1_single_frame/CT1_UNC.explicit_little_endian.dcm", "CT1_single_frame/CT1_UNC.explicit_big_endian.dcm"),
        ("CT1_single_frame/CT1_UNC.explicit_little_endian.dcm", "CT1_single_frame/CT1_UNC.implicit_little_endian.dcm"),
        ("CT1_single_frame/CT1_UNC.explicit_little_endian.dcm", "CT1_single_frame/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm"),
        ("CT1_single_frame/CT1_UNC.explicit_little_endian.dcm", "CT1_single_frame/CT1_UNC.not_fragmented_no_bot_jpeg_ls.80.dcm"),
        ("CT0012_enhanced_ct_2frames/CT0012.explicit_little_endian.dcm", "CT0012_enhanced_ct_2frames/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm"),
        ("CT0012_enhanced_ct_2frames/CT0012.explicit_little_endian.dcm", "CT0012_enhanced_ct_2frames/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm"),
        ("CT0012_enhanced_ct_2frames/CT0012.explicit_little_endian.dcm", "CT0012_enhanced_ct_2frames/CT0012.not_fragmented_bot_rle.dcm"),
        ("CT0012_enhanced_ct_2frames/CT0012.explicit_little_endian.dcm", "CT0012_enhanced_ct_2frames/CT0012.fragmented_no_bot_jpeg_ls.80.dcm"),
    ]

    @Test(arguments: losslessPairs.indices)
    func losslessEncodingsDecodeEqual(_ n: Int) throws {
        let (reference, variant) = Self.losslessPairs[n]
        guard let a = TestPaths.shared("dicom/dicomparser_ct_encapsulation_variants/\(reference)"),
              let b = TestPaths.shared("dicom/dicomparser_ct_encapsulation_variants/\(variant)") else { return }
        #expect(try Self.values(a) == Self.values(b), "\(variant)")
    }

    @Test(arguments: ["J2KR": "UNCR", "J2KI": "UNCI"].sorted { $0.key < $1.key }.map { [$0.key, $0.value] })
    func jpeg2000DecodesLikeItsUncompressedTwin(_ pair: [String]) throws {
        guard let folder = TestPaths.shared("dicom/pydicom_ct_codecs_enhanced_ct/ct_693_same_slice") else { return }
        let compressed = try Self.values(folder.appendingPathComponent("693_\(pair[0]).dcm"))
        let reference = try Self.values(folder.appendingPathComponent("693_\(pair[1]).dcm"))
        #expect(compressed == reference)
    }

    /// The `anatomical` folder holds a different pixel pattern, so the codecs are compared with each other
    /// here and with dicom2nifti's ground-truth NIfTI in patient space (PipelineTests).
    @Test(arguments: ["compressed_j2k", "compressed", "compressed_jpeg", "compressed_jpegls"])
    func compressedMRSeriesDecodeEqualAcrossCodecs(_ folder: String) throws {
        guard let root = TestPaths.shared("dicom/dicom2nifti_compressed_mr_ground_truth") else { return }
        let reference = try Self.values(root.appendingPathComponent("compressed_rle/001"))
        #expect(try Self.values(root.appendingPathComponent("\(folder)/001")) == reference)
    }

    @Test func lossyJPEGDecodesWithinItsTolerance() throws {
        guard let folder = TestPaths.shared("dicom/dicomparser_ct_encapsulation_variants/CT0012_enhanced_ct_2frames") else { return }
        let reference = try Self.values(folder.appendingPathComponent("CT0012.explicit_little_endian.dcm"))
        let nearLossless = try Self.values(folder.appendingPathComponent("CT0012.fragmented_no_bot_jpeg_ls.81.dcm"))
        #expect(zip(reference, nearLossless).allSatisfy { abs($0 - $1) <= 2 })
    }

    @Test func enhancedCTTakesGeometryAndRescaleFromFunctionalGroups() throws {
        guard let url = TestPaths.shared("dicom/pydicom_ct_codecs_enhanced_ct/enhanced_ct/eCT_Supplemental.dcm") else { return }
        let scan = try FolderScan.scan(url)
        let assembly = SeriesAssembly(scan.instances)
        let volume = try VolumeLoader.load(try #require(assembly.plans.first), instances: assembly.instances)
        let g = volume.data.geometry
        #expect(g.size.k == 2)
        #expect(abs(g.spacing.z - 10) < 1e-6)
        #expect(g.direction.column(0).maxAbsDifference(.init(-1, 0, 0)) < 1e-9)
        #expect(volume.report.acquiredSlices.allSatisfy { $0.rescaleIntercept == -1024 })
    }

    @Test func scoutsAreSplitFromTheAxialSeries() throws {
        guard let root = TestPaths.shared("dicom/pydicom_mixed_study_scout_axial") else { return }
        let assembly = SeriesAssembly(try FolderScan.scan(root).instances)
        let axial = try #require(assembly.plans.first { $0.planes.count == 5 })
        #expect(axial.layout.spacing == .uniform)
        #expect(assembly.plans.count == 3)  // axial + two single-image scouts of different orientation
    }
}
