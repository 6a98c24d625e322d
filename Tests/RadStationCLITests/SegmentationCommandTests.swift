import ArgumentParser
import Foundation
import Pipeline
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import RadStationCLI

/// `convert` with segmentations, `masks list`, `masks derive --dicom-seg`, on the SEG/RTSTRUCT fixtures.
@Suite struct SegmentationCommandTests {
    static func study(_ items: [String]) throws -> URL {
        let input = try TestPaths.temporaryFolder().appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for item in items {
            let source = TestPaths.testdata(item)
            try FileManager.default.copyItem(at: source, to: input.appendingPathComponent(source.lastPathComponent))
        }
        return input
    }

    static func files(in folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).filter { !$0.hasPrefix(".radstation") }.sorted()
    }

    @Test("convert --seg-nrrd: masks + sidecar + .seg.nrrd beside the volume; a SEG that fails gives exit code 3")
    func convertWithSegmentations() throws {
        let input = try Self.study(["seg/ct", "seg/shuffled_sparse.dcm", "seg/rotated.dcm"])
        let out = try TestPaths.temporaryFolder()
        var command = try RadStationCommand.parseAsRoot(["convert", input.path, "--out", out.path, "--seg-nrrd"])
        #expect(throws: RadStationCommand.partialSuccess) { try command.run() }
        let files = Self.files(in: out)
        let image = try #require(files.first { $0.hasSuffix(".nii.gz") && !$0.contains("_seg") })
        let volume = String(image.split(separator: "/").last!.dropLast(".nii.gz".count))
        let study = String(image.split(separator: "/").first!)
        for name in ["\(volume)_seg2-1.nii.gz", "\(volume)_seg2-2.nii.gz", "\(volume)_seg2.json", "\(volume).seg.nrrd"] {
            #expect(files.contains("\(study)/\(name)"), "\(name) in \(files)")
        }
        // Without the failing SEG everything converts (exit 0).
        let clean = try Self.study(["seg/ct", "seg/shuffled_sparse.dcm"])
        var ok = try RadStationCommand.parseAsRoot(["convert", clean.path, "--out", try TestPaths.temporaryFolder().path])
        try ok.run()
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["convert", "x", "--out", "y", "--partial-volume-samples", "0"]) }
    }

    @Test("masks list: every segment and ROI with voxels and mL on the referenced grid; --roi is case-insensitive; JSON")
    func list() throws {
        let input = try Self.study(["rtstruct/ct_axial", "rtstruct/rtstruct_axial.dcm"])
        let listing = try Pipeline.SegmentationCatalogue.list(input)
        #expect(listing.entries.map(\.label) == ["Liver", "Lesion", "Empty", "Marker"])
        let lesion = try #require(listing.entries.first { $0.label == "Lesion" })
        #expect(lesion.voxels == 142 && lesion.type == "CONTOUR" && lesion.source == .rtstruct && lesion.object == "seg1")
        #expect(abs((lesion.volumeML ?? 0) - 142 * 0.5 * 0.75 * 2.5 / 1000) < 1e-9)
        #expect(lesion.volume?.hasPrefix("volume 1 (CT 36×30×8") == true)
        let selected = try Pipeline.SegmentationCatalogue.list(input, names: ["LESION", "nothing"])
        #expect(selected.entries.map(\.label) == ["Lesion"])
        #expect(selected.problems == ["no segment or ROI named \"nothing\""])
        // The default subcommand of `masks` is `list`; --json parses.
        var command = try RadStationCommand.parseAsRoot(["masks", input.path, "--json"])
        try command.run()
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["masks", "list"]) }
        // SEG: type and counts from the fixture's independent voxel lists.
        let seg = try Pipeline.SegmentationCatalogue.list(try Self.study(["seg/ct", "seg/shuffled_sparse.dcm", "seg/fractional.dcm"]))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.testdata("seg/expected.json"))) as? [String: Any])
        let sparse = try #require(expected["shuffled_sparse.dcm"] as? [String: [Int]])
        #expect(seg.entries.filter { $0.object == "seg2" }.map(\.voxels) == [sparse["1"]!.count, sparse["2"]!.count])
        #expect(seg.entries.first { $0.object == "seg1" }?.type == "FRACTIONAL")
    }

    @Test("masks derive --dicom-seg writes derived-seg.dcm referencing the source series; measurements carry meshVolumeML")
    func deriveDicomSeg() throws {
        // Tumour mask on the RTSTRUCT fixture grid, from `convert`.
        let input = try Self.study(["rtstruct/ct_axial", "rtstruct/rtstruct_axial.dcm"])
        let converted = try TestPaths.temporaryFolder()
        var convert = try RadStationCommand.parseAsRoot(["convert", input.path, "--out", converted.path, "--roi", "Lesion"])
        try convert.run()
        let files = Self.files(in: converted)
        let tumour = converted.appendingPathComponent(try #require(files.first { $0.hasSuffix("_seg1-2.nii.gz") }))
        let out = try TestPaths.temporaryFolder()
        var derive = try RadStationCommand.parseAsRoot(["masks", "derive", "--tumour", tumour.path, "--shell", "1:1", "--ring", "1.5",
                                                        "--dicom-seg", input.appendingPathComponent("ct_axial").path, "--out", out.path])
        try derive.run()
        let seg = out.appendingPathComponent("derived-seg.dcm")
        #expect(FileManager.default.fileExists(atPath: seg.path))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("measurements.json"))) as? [String: Any])
        let t = try #require(json["tumour"] as? [String: Any])
        #expect((t["meshVolumeML"] as? Double ?? 0) > 0 && (t["meshVolumeML"] as? Double ?? 0) < (t["volumeML"] as? Double ?? 0))
        #expect((json["ring"] as? [String: Any])?["meshVolumeML"] is Double)
        // A folder without the tumour's grid is refused before any work.
        let wrong = try Self.study(["seg/ct"])
        var bad = try RadStationCommand.parseAsRoot(["masks", "derive", "--tumour", tumour.path, "--ring", "2", "--dicom-seg", wrong.path,
                                                     "--out", try TestPaths.temporaryFolder().path])
        #expect(throws: (any Error).self) { try bad.run() }
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["masks", "derive", "--tumour", "t", "--out", "o", "--dicom-seg", "x"]) }
    }
}
