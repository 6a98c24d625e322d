import ArgumentParser
import Foundation
import Testing
import TestSupport
@testable import RadStationCLI

@Suite struct RenderCommandTests {
    @Test func rendersAConvertedDemoVolumeAsPNG() throws {
        let work = try TestPaths.temporaryFolder()
        var convert = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("demo-study").path, "--out",
                                                         work.path, "--format", "nii"])
        try convert.run()
        let study = try FileManager.default.contentsOfDirectory(atPath: work.path).first { $0.hasPrefix("st-") }
        let folder = work.appendingPathComponent(try #require(study))
        let volume = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".nii") })
        let out = work.appendingPathComponent("slice.png")
        var render = try RadStationCommand.parseAsRoot(["render", folder.appendingPathComponent(volume).path,
                                                        "--plane", "sagittal", "--window", "400,40", "--out", out.path])
        try render.run()
        let bytes = try Data(contentsOf: out)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["render", "v.nii", "--out", "x.png", "--at", "1,2"]) }
    }
}
