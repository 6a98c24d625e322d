import ArgumentParser
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import RadStationCLI

@Suite struct MasksCommandTests {
    /// A 10 mm-radius ball tumour in a 1 mm grid with a 300 HU deposit: the CLI writes every derived mask on the
    /// tumour's grid and a measurements file whose tumour volume is the voxel count in mL.
    @Test func deriveWritesMasksAndMeasurements() throws {
        let work = try TestPaths.temporaryFolder()
        let geometry = VolumeGeometry(size: Size3(40, 40, 30), spacing: Vector3(1, 1, 1.5), origin: Vector3(-20, -20, 0))
        var tumour = Mask(geometry: geometry, repeating: 0)
        var image = Volume<Float>(geometry: geometry, repeating: 40)
        for k in 0..<30 { for j in 0..<40 { for i in 0..<40 {
            let d = ((Double(i) - 20) * (Double(i) - 20) + (Double(j) - 20) * (Double(j) - 20) + (Double(k) * 1.5 - 22) * (Double(k) * 1.5 - 22)).squareRoot()
            if d <= 10 { tumour[i, j, k] = 1 }
            if d <= 4 { image[i, j, k] = 300 }
        } } }
        try NIfTI.write(tumour, to: work.appendingPathComponent("tumour.nii.gz"))
        try NIfTI.write(image, to: work.appendingPathComponent("ct.nii.gz"))
        let out = work.appendingPathComponent("derived")
        var command = try RadStationCommand.parseAsRoot([
            "masks", "derive", "--image", work.appendingPathComponent("ct.nii.gz").path,
            "--tumour", work.appendingPathComponent("tumour.nii.gz").path, "--lipiodol", "--shell", "3:3", "--ring", "5",
            "--shell-map", "--out", out.path])
        try command.run()
        for name in ["lipiodol.nii.gz", "shell-band.nii.gz", "ring.nii.gz", "shell-map.nii.gz", "shell-map.png", "measurements.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let band = try NIfTI.read(out.appendingPathComponent("shell-band.nii.gz")).volume
        #expect(band.geometry.isCongruent(with: geometry))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("measurements.json"))) as? [String: Any]
        let volume = ((json?["tumour"] as? [String: Any])?["volumeML"] as? Double) ?? -1
        #expect(abs(volume - Double(tumour.count(of: 1)) * 1.5 / 1000) < 1e-9)
        #expect(throws: (any Error).self) { try RadStationCommand.parseAsRoot(["masks", "derive", "--tumour", "t", "--out", "o", "--shell", "3"]) }
    }
}
