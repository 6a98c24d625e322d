import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import VolumeIO

/// `NIfTI.readLabels` (straight to UInt8) against `NIfTI.read` (Float) on every integer stored type, gzip and
/// plain, and its refusal of values that are not labels.
@Suite struct NIfTILabelsTests {
    static func labels(_ geometry: VolumeGeometry) -> [Int] {
        (0..<geometry.voxelCount).map { n in n % 7 == 0 ? (n * 31) % 256 : 0 }
    }

    @Test(arguments: ["nii", "nii.gz"])
    func labelsEqualTheFloatReadForEveryType(_ ext: String) throws {
        let geometry = Phantom.anisotropicGrid
        let values = Self.labels(geometry)
        let folder = try TestPaths.temporaryFolder()
        let writers: [(String, (URL) throws -> Void)] = [
            ("u8", { url in try NIfTI.write(Volume(geometry: geometry, voxels: values.map { UInt8($0) }), to: url) }),
            ("i16", { url in try NIfTI.write(Volume(geometry: geometry, voxels: values.map { Int16($0) }), to: url) }),
            ("f32", { url in try NIfTI.write(Volume(geometry: geometry, voxels: values.map { Float($0) }), to: url) }),
            ("f64", { url in try NIfTI.write(Volume(geometry: geometry, voxels: values.map { Double($0) }), to: url) }),
        ]
        let urls: [URL] = try writers.map { name, write in
            let url = folder.appendingPathComponent("\(name).\(ext)")
            try write(url)
            return url
        }
        for url in urls {
            let mask = try NIfTI.readLabels(url)
            let reference = try NIfTI.read(url).volume
            #expect(mask.voxels.map(Int.init) == values, "\(url.lastPathComponent)")
            #expect(mask.voxels.map(Float.init) == reference.voxels)
            #expect(mask.geometry.isCongruent(with: reference.geometry, tolerance: 0))
        }
    }

    @Test(arguments: [Float(256), -1, 0.5, .nan])
    func nonLabelValuesAreRefused(_ bad: Float) throws {
        let geometry = Phantom.anisotropicGrid
        var voxels = [Float](repeating: 0, count: geometry.voxelCount)
        voxels[voxels.count - 3] = bad
        let url = try TestPaths.temporaryFolder().appendingPathComponent("bad.nii.gz")
        try NIfTI.write(Volume(geometry: geometry, voxels: voxels), to: url)
        #expect(throws: VolumeIOError.self) { try NIfTI.readLabels(url) }
        voxels[voxels.count - 3] = 255
        try NIfTI.write(Volume(geometry: geometry, voxels: voxels), to: url)
        #expect(try NIfTI.readLabels(url).voxels[voxels.count - 3] == 255)
    }
}
