import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import Pipeline

/// Our ADC map of an enhanced multi-b DWI (b = 0, 40, 273, 800, 800; `tools/fixtures/make_enhanced_mr_fixtures.py`)
/// against the scanner's own ADC map shipped beside it (`adc_scanner.dcm`, 10⁻⁶ mm²/s): median absolute relative
/// difference ≤ 1 % (issue 19), on the same grid.
@Suite struct ScannerADCTests {
    @Test func adcEqualsTheScannersMapWithinOnePercent() throws {
        let out = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = ProcessConfiguration()
        configuration.features = false
        configuration.qa = false
        let results = try StudyProcessing.run(input: TestPaths.testdata("dicom/enhanced_mr"), output: out, configuration: configuration)
        try Self.compare(in: try #require(results.first?.folder).appendingPathComponent("volumes"))
    }

    /// `convert` writes the same trace-weighted images and ADC beside the volumes.
    @Test func convertWritesTheSameMaps() throws {
        let out = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try Conversion.run(input: TestPaths.testdata("dicom/enhanced_mr"), output: out)
        #expect(result.diffusionMaps.filter { $0.hasSuffix(".nii.gz") }.map { String($0.split(separator: "_").last!) }
                == ["trace-b0.nii.gz", "trace-b40.nii.gz", "trace-b273.nii.gz", "trace-b800.nii.gz", "adc.nii.gz"])
        let study = try #require(result.diffusionMaps.first.map { String($0.split(separator: "/")[0]) })
        try Self.compare(in: out.appendingPathComponent(study))
    }

    /// Our `_adc` and the scanner's map (the volume whose sidecar's MR sequence is ADC) in `folder`.
    static func maps(in folder: URL) throws -> (ours: Volume<Float>, scanner: Volume<Float>) {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let ours = try VolumeFiles.image(folder.appendingPathComponent(try #require(names.first { $0.hasSuffix("_adc.nii.gz") })))
        let scannerName = try #require(names.filter { $0.hasSuffix(".json") }.first { name in
            let json = try? JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any]
            return ((json?["mrSequence"] as? [String: Any])?["sequence"] as? String) == "ADC"
        })
        return (ours, try VolumeFiles.image(folder.appendingPathComponent(scannerName.replacingOccurrences(of: ".json", with: ".nii.gz"))))
    }

    /// Our `_adc` against the volume whose sidecar says ADC, in `folder`.
    static func compare(in volumes: URL) throws {
        let (ours, scanner) = try maps(in: volumes)
        #expect(ours.geometry.isCongruent(with: scanner.geometry, tolerance: 1e-6))
        var differences: [Double] = []
        for n in ours.voxels.indices { differences.append(abs(Double(ours.voxels[n]) - Double(scanner.voxels[n])) / Double(scanner.voxels[n])) }
        let median = differences.sorted()[differences.count / 2]
        #expect(median <= 0.01, "median |Δ|/ADC = \(median)")
        // Every voxel, not only the median (the rounding of 12-bit signals at b = 800 is the largest error).
        #expect(differences.max()! < 0.05)
        #expect(differences.count == 24 * 20 * 3)
    }
}
