import ArgumentParser
import Foundation
import Testing
import TestSupport
import VolumeIO
@testable import RadStationCLI

/// `radstation align` and the phase in `convert` sidecars, on the synthetic multiphase and demo studies.
@Suite struct AlignCommandTests {
    @Test func alignWritesOneGridPerPhaseAndTheReport() throws {
        let out = try TestPaths.temporaryFolder()
        var command = try RadStationCommand.parseAsRoot(["align", MultiphaseTruth.tagged.path, "--out", out.path])
        try command.run()
        let aligned = out.appendingPathComponent("aligned")
        let files = try FileManager.default.contentsOfDirectory(atPath: aligned.path).sorted()
        #expect(files == ["arterial-valid.nii.gz", "arterial.nii.gz", "delayed-valid.nii.gz", "delayed.nii.gz",
                          "non_contrast-valid.nii.gz", "non_contrast.nii.gz", "portal_venous-valid.nii.gz", "portal_venous.nii.gz"])
        let geometries = try files.map { try NIfTI.read(aligned.appendingPathComponent($0)).volume.geometry }
        #expect(Set(geometries).count == 1)
        let json = try String(contentsOf: out.appendingPathComponent("alignment.json"), encoding: .utf8)
        #expect(json.contains("\"overlapFraction\"") && json.contains("\"tableOffset\"") && json.contains("\"evidence\""))
        for phi in ["MULTIPHASE", "MP0001", "MPACC01", "LIVER", "20260102", "1.2.826.0.1.3680043.10.1411.92"] {
            #expect(!json.contains(phi), "\(phi)")
        }
    }

    @Test func isotropicIntersectionGrid() throws {
        let out = try TestPaths.temporaryFolder()
        var command = try RadStationCommand.parseAsRoot(["align", MultiphaseTruth.tagged.path, "--out", out.path, "--reference", "iso",
                                                         "--spacing", "2", "--coverage", "intersection"])
        try command.run()
        let image = try NIfTI.read(out.appendingPathComponent("aligned/delayed.nii.gz")).volume
        #expect(image.geometry.spacing.x == 2 && image.geometry.spacing.z == 2)
        let valid = try NIfTI.read(out.appendingPathComponent("aligned/delayed-valid.nii.gz")).volume
        #expect(valid.voxels.allSatisfy { $0 == 1 })  // the intersection lies inside every phase
    }

    @Test func badArgumentsAreRejectedBeforeAnyWork() {
        for args in [["--reference", "venus"], ["--spacing", "0"], ["--phase", "se-x"], ["--phase", "se-x=VENUS"],
                     ["--coverage", "half"], ["--interpolation", "cubic"]] {
            #expect(throws: (any Error).self, "\(args)") { try RadStationCommand.parseAsRoot(["align", "x", "--out", "y"] + args) }
        }
    }

    @Test func differentFramesFailWithExitCodeOne() throws {
        let truth = try MultiphaseTruth.load()
        let nc = try #require(truth.phases.first { $0.key == "NC" })
        let input = try TestPaths.temporaryFolder()
        let element = "\u{20}\u{0}\u{52}\u{0}UI\u{20}\u{0}"
        try DICOMBytePatch.copy(MultiphaseTruth.tagged, to: input,
                                replacing: [(element + "1.2.826.0.1.3680043.10.1411.92.3", element + "1.2.826.0.1.3680043.10.1411.92.8")],
                                only: { nc.files.contains($0) })
        var command = try RadStationCommand.parseAsRoot(["align", input.path, "--out", try TestPaths.temporaryFolder().path])
        #expect(throws: ExitCode.failure) { try command.run() }
        var allowed = try RadStationCommand.parseAsRoot(["align", input.path, "--out", try TestPaths.temporaryFolder().path,
                                                         "--allow-different-frames"])
        try allowed.run()
    }

    @Test func convertSidecarsCarryThePhase() throws {
        let out = try TestPaths.temporaryFolder()
        var command = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("demo-study").path, "--out", out.path])
        try command.run()
        let study = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("st-") })
        let folder = out.appendingPathComponent(study)
        var phases: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") && !name.contains("_seg") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let phase = try #require(object["phase"] as? [String: Any])
            phases.append(try #require(phase["phase"] as? String))
            #expect(phase["level"] as? String == "high")
            #expect((object["timepoint"] as? [String: Any])?["daysSinceBaseline"] as? Int == 0)
            for phi in ["DEMO^PATIENT", "DEMO0001", "ABD ART", "ABD NC", "20260101"] { #expect(!text.contains(phi), "\(phi)") }
        }
        #expect(phases.sorted() == ["ARTERIAL", "DELAYED", "NON_CONTRAST", "PORTAL_VENOUS"])
    }

    @Test func convertOverrideWins() throws {
        let out = try TestPaths.temporaryFolder()
        var first = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("dicom/uniform").path, "--out", out.path])
        try first.run()
        let study = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("st-") })
        let sidecar = try #require(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(study).path)
            .first { $0.hasSuffix(".json") })
        let volume = String(sidecar.dropLast(5))
        var again = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("dicom/uniform").path, "--out", out.path,
                                                       "--phase", "\(volume)=pv"])
        try again.run()
        let text = try String(contentsOf: out.appendingPathComponent(study).appendingPathComponent(sidecar), encoding: .utf8)
        #expect(text.contains("\"PORTAL_VENOUS\"") && text.contains("\"override\""))
        var unknown = try RadStationCommand.parseAsRoot(["convert", TestPaths.testdata("dicom/uniform").path, "--out", out.path,
                                                         "--phase", "se-000000000000=pv"])
        #expect(throws: (any Error).self) { try unknown.run() }
    }

    @Test func inspectRuns() throws {
        var command = try RadStationCommand.parseAsRoot(["inspect", MultiphaseTruth.tagged.path])
        try command.run()
    }
}
