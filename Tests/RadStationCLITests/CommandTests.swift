import ArgumentParser
import Foundation
import Testing
import TestSupport
@testable import RadStationCLI

@Suite struct CommandTests {
    @Test func everyCommandHasHelp() {
        for command in RadStationCommand.configuration.subcommands {
            #expect(RadStationCommand.helpMessage(for: command).contains("USAGE"), "\(command)")
        }
        #expect(RadStationCommand.helpMessage().contains("inspect"))
    }

    @Test func convertWritesTheDemoStudy() throws {
        let out = try TestPaths.temporaryFolder()
        var command = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("demo-study").path, "--out", out.path])
        try command.run()
        let studies = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("st-") }
        #expect(studies.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(studies[0]).path)
        // Four volumes with sidecars, and the demo SEG's two segments on the arterial volume with one sidecar.
        let volumes = files.filter { !$0.contains("_seg") }, masks = files.filter { $0.contains("_seg") }
        #expect(volumes.filter { $0.hasSuffix(".nii.gz") }.count == 4)
        #expect(volumes.filter { $0.hasSuffix(".json") }.count == 4)
        #expect(masks.filter { $0.hasSuffix(".nii.gz") }.count == 2)
        #expect(masks.filter { $0.hasSuffix(".json") }.count == 1)
    }

    @Test func partialSuccessHasItsOwnExitCode() throws {
        var command = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("dicom/bad_files").path,
                                                         "--out", try TestPaths.temporaryFolder().path])
        #expect(throws: RadStationCommand.partialSuccess) { try command.run() }
    }

    @Test func invalidOptionsAreRejectedBeforeAnyWork() {
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["convert", "x", "--out", "y", "--compression-level", "0"]) }
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["convert", "x", "--out", "y", "--format", "dicom"]) }
    }
}
