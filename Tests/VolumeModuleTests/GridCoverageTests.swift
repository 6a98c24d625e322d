import Foundation
import Testing
import VolumeModule

/// `VolumeGeometry.coverage(on:)` is the nearest-neighbour resampling of a mask of ones (outside label 0).
@Suite struct GridCoverageTests {
    static let rotation = Matrix3(columns: Vector3(cos(0.2), sin(0.2), 0), Vector3(-sin(0.2), cos(0.2), 0), Vector3(0, 0, 1))
    /// (source, target): axis-aligned and shifted; rotated; a target wholly outside; a target inside.
    static let cases: [(VolumeGeometry, VolumeGeometry)] = [
        (VolumeGeometry(size: Size3(20, 16, 6), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-5, -4, 0)),
         VolumeGeometry(size: Size3(25, 22, 13), spacing: Vector3(0.9, 0.75, 1.25), origin: Vector3(-8.1, -6.3, -3.75))),
        (VolumeGeometry(size: Size3(20, 16, 6), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-5, -4, 0), direction: rotation),
         VolumeGeometry(size: Size3(25, 22, 13), spacing: Vector3(0.9, 0.75, 1.25), origin: Vector3(-8.1, -6.3, -3.75))),
        (VolumeGeometry(size: Size3(4, 4, 4), spacing: Vector3(1, 1, 1), origin: Vector3(0, 0, 0)),
         VolumeGeometry(size: Size3(5, 5, 5), spacing: Vector3(1, 1, 1), origin: Vector3(50, 50, 50))),
        (VolumeGeometry(size: Size3(30, 30, 10), spacing: Vector3(1, 1, 3), origin: Vector3(-15, -15, -15)),
         VolumeGeometry(size: Size3(9, 7, 5), spacing: Vector3(1.1, 1.3, 2), origin: Vector3(-4, -4, -4))),
    ]

    @Test(arguments: cases.indices)
    func equalsNearestResamplingOfOnes(_ n: Int) throws {
        let (source, target) = Self.cases[n]
        let ones = Mask(geometry: source, repeating: 1)
        let expected = try ones.resampledNearest(onto: target, outsideLabel: 0)
        let coverage = try source.coverage(on: target)
        #expect(coverage.geometry == target)
        #expect(coverage.voxels == expected.voxels)
    }

    @Test func mixesInsideAndOutsideWherePartlyCovered() throws {
        let (source, target) = Self.cases[1]
        let coverage = try source.coverage(on: target)
        #expect(coverage.voxels.contains(0) && coverage.voxels.contains(1))
    }
}
