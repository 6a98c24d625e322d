import ArgumentParser
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import RadStationCLI

/// `radstation features --save-images` and `--voxel-map` on a small synthetic anisotropic case.
@Suite struct FeaturesImageOutputTests {
    /// A 12×10×7 image (0.8×0.9×2.5 mm) of seeded noise with a 5×4×3 ROI, written as NIfTI.
    static func writeCase(in folder: URL) throws -> (image: URL, mask: URL) {
        let geometry = VolumeGeometry(size: Size3(12, 10, 7), spacing: Vector3(0.8, 0.9, 2.5), origin: Vector3(-4, 3, 10))
        var state: UInt64 = 11
        let image = Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 50) % 300) - 100
        })
        var mask = Mask(geometry: geometry, repeating: 0)
        for k in 2..<5 { for j in 3..<7 { for i in 4..<9 { mask[i, j, k] = 1 } } }
        let urls = (folder.appendingPathComponent("image.nii.gz"), folder.appendingPathComponent("mask.nii.gz"))
        try NIfTI.write(image, to: urls.0)
        try NIfTI.write(mask, to: urls.1)
        return urls
    }

    @Test func saveImagesWritesOneNIfTIPerImageTypeAndTheMask() throws {
        let work = try TestPaths.temporaryFolder()
        let (image, mask) = try Self.writeCase(in: work)
        let params = work.appendingPathComponent("params.yaml")
        try "setting: {binWidth: 10, preCrop: true}\nimageType: {Original: {}, Square: {}, LoG: {sigma: [1.0]}}\nfeatureClass: {firstorder: [Mean]}\n"
            .write(to: params, atomically: true, encoding: .utf8)
        let images = work.appendingPathComponent("images")
        var command = try RadStationCommand.parseAsRoot([
            "features", image.path, mask.path, "--params", params.path, "--save-images", images.path,
            "--out", work.appendingPathComponent("f.csv").path])
        try command.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: images.path).sorted()
        #expect(files == ["log-sigma-1-0-mm-3D.nii.gz", "mask.nii.gz", "original.nii.gz", "square.nii.gz"])
        // The saved original is the pre-crop (ROI box + 5 voxels, clamped) with the input's values.
        let saved = try NIfTI.read(images.appendingPathComponent("original.nii.gz")).volume
        let input = try NIfTI.read(image).volume
        #expect(saved.size == Size3(12, 10, 7) && saved.voxels == input.voxels)
    }

    @Test func modeIBSIChangesTheBinOriginAndKurtosis() throws {
        let work = try TestPaths.temporaryFolder()
        let (image, mask) = try Self.writeCase(in: work)
        let params = work.appendingPathComponent("params.yaml")
        try "setting: {binWidth: 10, resegmentRange: [-95, 200]}\nfeatureClass: {firstorder: [Kurtosis], glcm: [JointAverage]}\n"
            .write(to: params, atomically: true, encoding: .utf8)
        func run(_ extra: [String]) throws -> [String: Double] {
            let out = work.appendingPathComponent("f\(extra.count).csv")
            var command = try RadStationCommand.parseAsRoot(["features", image.path, mask.path, "--params", params.path,
                                                             "--out", out.path] + extra)
            try command.run()
            var values: [String: Double] = [:]
            for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
                let fields = line.split(separator: ",")
                if fields.count == 2, let value = Double(fields[1]) { values[String(fields[0])] = value }
            }
            return values
        }
        let pyradiomics = try run([]), ibsi = try run(["--mode", "ibsi"])
        let kurtosis = try #require(pyradiomics["original_firstorder_Kurtosis"])
        #expect(abs((ibsi["original_firstorder_Kurtosis"] ?? 0) - (kurtosis - 3)) < 1e-9)
        #expect(ibsi["original_glcm_JointAverage"] != pyradiomics["original_glcm_JointAverage"])
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["features", "a", "b", "--mode", "mirp"]) }
    }

    @Test func voxelMapWritesOneNIfTIPerFeature() throws {
        let work = try TestPaths.temporaryFolder()
        let (image, mask) = try Self.writeCase(in: work)
        let params = work.appendingPathComponent("params.yaml")
        try "setting: {binWidth: 10}\nfeatureClass: {firstorder: [Mean, Maximum], glcm: [Contrast]}\n"
            .write(to: params, atomically: true, encoding: .utf8)
        let maps = work.appendingPathComponent("maps")
        var command = try RadStationCommand.parseAsRoot([
            "features", image.path, mask.path, "--params", params.path, "--voxel-map", "--kernel-radius", "1",
            "--out", maps.path])
        try command.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: maps.path).sorted()
        #expect(files == ["original_firstorder_Maximum.nii.gz", "original_firstorder_Mean.nii.gz",
                          "original_glcm_Contrast.nii.gz"])
        // Maximum over the 3×3×3 kernel ∩ ROI, brute force.
        let maximum = try NIfTI.read(maps.appendingPathComponent("original_firstorder_Maximum.nii.gz")).volume
        let values = try NIfTI.read(image).volume
        var expected: Float = -.infinity
        for k in 2...4 { for j in 3...5 { for i in 5...7 { expected = max(expected, values[i, j, k]) } } }
        // Maps cover the ROI box (lower corner 4, 3, 2).
        #expect(maximum.size == Size3(5, 4, 3))
        #expect(maximum[2, 1, 1] == expected)
        #expect(throws: (any Error).self) {
            try RadStationCommand.parseAsRoot(["features", image.path, mask.path, "--voxel-map"])
        }
    }
}
