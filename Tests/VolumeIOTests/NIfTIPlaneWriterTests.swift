import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import VolumeIO

/// The slice-by-slice `.nii` writer against the whole-volume writer (itself checked against SimpleITK's
/// layout in NIfTITests): same bytes whatever the plane order and threads, nothing left on failure.
@Suite struct NIfTIPlaneWriterTests {
    static let geometry = NIfTITests.obliqueGrid

    static func writePlanes(_ volume: Volume<Int16>, to url: URL, order: [Int], skip: Int? = nil) throws -> NIfTIPlaneWriter {
        let writer = try NIfTIPlaneWriter(url: url, geometry: volume.geometry, voxelType: .int16)
        let plane = volume.geometry.size.i * volume.geometry.size.j
        let failures = volume.voxels.withUnsafeBufferPointer { voxels in
            parallelMap(order.count) { n -> Error? in
                let k = order[n]
                guard k != skip else { return nil }
                do { try writer.write(plane: k, UnsafeBufferPointer(rebasing: voxels[(k * plane)..<((k + 1) * plane)])) } catch { return error }
                return nil
            }
        }
        #expect(failures.allSatisfy { $0 == nil })
        return writer
    }

    @Test func planesInAnyOrderGiveTheWholeVolumeWritersBytes() throws {
        let volume = Phantom.indexRamp(Self.geometry).map { Int16(truncatingIfNeeded: Int($0) &* 37 &- 20_000) }
        let folder = try TestPaths.temporaryFolder()
        let reference = folder.appendingPathComponent("whole.nii")
        try NIfTI.write(volume, to: reference)
        for (name, order) in [("forward", Array(0..<8)), ("reversed", Array((0..<8).reversed())), ("shuffled", [3, 7, 0, 5, 1, 6, 2, 4])] {
            let url = folder.appendingPathComponent("\(name).nii")
            try Self.writePlanes(volume, to: url, order: order).commit()
            #expect(try Data(contentsOf: url) == Data(contentsOf: reference), "\(name)")
        }
        // Only the two images are left: no temporary files.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["forward.nii", "reversed.nii", "shuffled.nii", "whole.nii"])
    }

    @Test func aMissingPlaneFailsTheCommitAndLeavesNothing() throws {
        let volume = Phantom.indexRamp(Self.geometry).map { Int16($0) }
        let folder = try TestPaths.temporaryFolder()
        let url = folder.appendingPathComponent("v.nii")
        let writer = try Self.writePlanes(volume, to: url, order: Array(0..<8), skip: 5)
        #expect(throws: VolumeIOError.self) { try writer.commit() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func discardAndDeinitLeaveNothingAndKeepAnExistingFile() throws {
        let volume = Phantom.indexRamp(Self.geometry).map { Int16($0) }
        let folder = try TestPaths.temporaryFolder()
        let url = folder.appendingPathComponent("v.nii")
        try Data("previous".utf8).write(to: url)
        try Self.writePlanes(volume, to: url, order: Array(0..<8)).discard()
        do { _ = try Self.writePlanes(volume, to: url, order: [0, 1]) }  // dropped without a commit
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["v.nii"])
        #expect(try Data(contentsOf: url) == Data("previous".utf8))
    }

    @Test func refusesCompressedPathsAndMissingFolders() throws {
        let folder = try TestPaths.temporaryFolder()
        #expect(throws: VolumeIOError.self) {
            _ = try NIfTIPlaneWriter(url: folder.appendingPathComponent("v.nii.gz"), geometry: Self.geometry, voxelType: .int16)
        }
        #expect(throws: VolumeIOError.self) {
            _ = try NIfTIPlaneWriter(url: folder.appendingPathComponent("absent/v.nii"), geometry: Self.geometry, voxelType: .int16)
        }
    }
}
