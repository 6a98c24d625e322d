import DICOMBackend
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

/// `.nii` conversion writes slice by slice while decoding; its files must be the whole-volume writer's bytes.
@Suite struct ConversionStreamingTests {
    @Test func streamedNIfTIFilesAreTheWholeVolumeWritersBytes() throws {
        let input = TestPaths.testdata("demo-study")
        let out = try TestPaths.temporaryFolder()
        let result = try Conversion.run(input: input, output: out, options: .init(format: .nifti))
        #expect(result.isComplete)
        let names = try Pseudonymizer.loadOrCreate(at: out.appendingPathComponent(Conversion.keyFile))
        let assembly = SeriesAssembly(try FolderScan.scan(input).instances)
        #expect(result.written.count == assembly.plans.count && assembly.plans.count >= 4)
        let reference = try TestPaths.temporaryFolder()
        for plan in assembly.plans {
            let written = try #require(result.written.first { $0.volume == names.volumeName(for: plan) })
            let loaded = try VolumeLoader.load(plan, instances: assembly.instances)
            let url = reference.appendingPathComponent("\(written.volume).nii")
            guard case .int16(let volume) = loaded.data else {
                Issue.record("expected int16")
                continue
            }
            try NIfTI.write(volume, to: url)
            #expect(try Data(contentsOf: written.image) == Data(contentsOf: url), "\(written.volume)")
            let sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: written.sidecar))
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            #expect(try encoder.encode(sidecar.report) == encoder.encode(loaded.report))
        }
        // No temporary file is left beside the images.
        let files = FileManager.default.enumerator(atPath: out.path)!.compactMap { $0 as? String }
        #expect(!files.contains { $0.hasSuffix(".tmp") })
    }
}
