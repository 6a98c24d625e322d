import DICOMBackend
import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// Sidecars of diffusion-weighted volumes carry `bValue` (s/mm²) and `diffusionDirection` (LPS or null).
@Suite struct DiffusionSidecarTests {
    @Test func everyVolumeOfADWISeriesHasItsBValueAndDirection() throws {
        let out = try TestPaths.temporaryFolder()
        let result = try Conversion.run(input: TestPaths.testdata("dicom/diffusion/multib"), output: out, options: .init(format: .nifti))
        #expect(result.written.count == 4)
        var found: [String] = []
        for w in result.written {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: w.sidecar)) as? [String: Any])
            let b = try #require(json["bValue"] as? Double)
            #expect(json.keys.contains("diffusionDirection"), "written even when null")
            let direction = json["diffusionDirection"] as? [Double]
            found.append("\(Int(b)) \(direction.map { $0.map { String(Int($0)) }.joined(separator: ",") } ?? "null")")
            let decoded = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: w.sidecar))
            #expect(decoded.bValue == b && decoded.diffusionDirection == direction)
        }
        #expect(found.sorted() == ["0 null", "50 0,0,1", "800 0,1,0", "800 1,0,0"])
    }

    @Test func aSeriesWithoutDiffusionHasNoDiffusionKeys() throws {
        let out = try TestPaths.temporaryFolder()
        let result = try Conversion.run(input: TestPaths.testdata("dicom/mr_series"), output: out, options: .init(format: .nifti))
        let w = try #require(result.written.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: w.sidecar)) as? [String: Any])
        #expect(json["bValue"] == nil && !json.keys.contains("diffusionDirection"))
    }
}
