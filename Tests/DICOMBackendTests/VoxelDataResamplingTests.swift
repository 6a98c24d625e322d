import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// `VoxelData.resampled` (straight from the stored type) gives exactly what resampling the `Float` copy gives.
@Suite struct VoxelDataResamplingTests {
    /// A CT-like int16 volume (−1024…3071 HU, seeded) on an anisotropic, slightly rotated grid.
    static func ct() -> Volume<Int16> {
        let c = cos(0.1), s = sin(0.1)
        let g = VolumeGeometry(size: Size3(23, 19, 7), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-8, -7, 3),
                               direction: Matrix3(columns: Vector3(c, s, 0), Vector3(-s, c, 0), Vector3(0, 0, 1)))
        var random = SplitMix(state: 21)
        return Volume(geometry: g, voxels: (0..<g.voxelCount).map { _ in Int16(random.uniform(-1024, 3071)) })
    }

    /// A target grid partly outside the source, other spacing and origin.
    static let target = VolumeGeometry(size: Size3(17, 21, 11), spacing: Vector3(0.9, 0.75, 1.6), origin: Vector3(-9.3, -6.1, 1.2))

    @Test(arguments: Interpolation.allCases)
    func int16EqualsTheFloatCopyBitForBit(_ interpolation: Interpolation) throws {
        let source = Self.ct()
        let direct = try VoxelData.int16(source).resampled(onto: Self.target, interpolation: interpolation, defaultValue: -1024)
        let viaFloat = try VoxelData.int16(source).floatVolume.resampled(onto: Self.target, interpolation: interpolation,
                                                                         defaultValue: -1024)
        #expect(direct.geometry == Self.target)
        #expect(direct.voxels.map(\.bitPattern) == viaFloat.voxels.map(\.bitPattern))
        #expect(direct.voxels.contains(-1024) && direct.voxels.contains { $0 != -1024 })
    }

    @Test func float32IsResampledAsItIs() throws {
        let source = Self.ct().map { Float($0) * 0.37 }
        let direct = try VoxelData.float32(source).resampled(onto: Self.target, interpolation: .linear, defaultValue: 0)
        let expected = try source.resampled(onto: Self.target, interpolation: .linear, defaultValue: 0)
        #expect(direct.voxels.map(\.bitPattern) == expected.voxels.map(\.bitPattern))
    }
}
