import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import VolumeIO

@Suite struct NIfTITests {
    /// An oblique, left-handed, anisotropic grid exercises the quaternion and qfac.
    static let obliqueGrid: VolumeGeometry = {
        let a = 0.3
        let rotation = Matrix3(columns: Vector3(cos(a), sin(a), 0), Vector3(-sin(a), cos(a), 0), Vector3(0, 0, -1))
        return VolumeGeometry(size: Size3(40, 32, 8), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-100, -80, 10),
                              direction: rotation)
    }()

    @Test(arguments: ["nii", "nii.gz"])
    func roundTripKeepsValuesAndGeometry(_ ext: String) throws {
        for geometry in [Phantom.anisotropicGrid, Self.obliqueGrid] {
            let volume = Phantom.indexRamp(geometry).map { Int16($0) }
            let url = try TestPaths.temporaryFolder().appendingPathComponent("v.\(ext)")
            try NIfTI.write(volume, to: url)
            let image = try NIfTI.read(url)
            #expect(image.storedType == .int16)
            #expect(image.qformCode == 1 && image.sformCode == 1)
            #expect(image.volume.voxels == volume.voxels.map(Float.init))
            #expect(image.volume.geometry.isCongruent(with: geometry, tolerance: 1e-5))
        }
    }

    @Test func affineIsRASAsSimpleITKWritesIt() {
        // notes/dicom.md §5.2: SimpleITK 2.5.7 writes [[-0.7,0,0,100],[0,-0.8,0,80],[0,0,2.5,10]] for this grid.
        let affine = AffineRAS(Phantom.anisotropicGrid)
        #expect(affine.rows == [[-0.7, 0, 0, 100], [0, -0.8, 0, 80], [0, 0, 2.5, 10]].map { $0.map { $0 == 0 ? 0 : $0 } })
    }

    @Test func quaternionRoundTripsForEveryHandedness() {
        let q = NIfTIQuaternion(rotation: Self.obliqueGrid.direction)
        #expect(q.qfac == -1)
        #expect(q.rotation.maxAbsDifference(Self.obliqueGrid.direction) < 1e-12)
        #expect(NIfTIQuaternion(rotation: .identity).rotation.maxAbsDifference(.identity) < 1e-12)
        let flip = Matrix3(columns: Vector3(-1, 0, 0), Vector3(0, -1, 0), Vector3(0, 0, 1))
        #expect(NIfTIQuaternion(rotation: flip).rotation.maxAbsDifference(flip) < 1e-12)
    }

    @Test func truncatedFileIsAClearError() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("short.nii")
        try NIfTI.write(Phantom.indexRamp(), to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(1000).write(to: url)
        #expect(throws: VolumeIOError.self) { try NIfTI.read(url) }
    }

    @Test func readsDicom2niftiGroundTruth() throws {
        guard let url = TestPaths.shared("dicom/dicom2nifti_compressed_mr_ground_truth/anatomical/001_ground_truth.nii.gz") else { return }
        let image = try NIfTI.read(url)
        #expect(image.volume.size == Size3(256, 256, 4))
        #expect(abs(image.volume.geometry.spacing.x - 1) < 1e-6)
    }
}

@Suite struct NRRDTests {
    @Test(arguments: [true, false])
    func roundTripKeepsValuesAndGeometry(_ gzip: Bool) throws {
        let volume = Phantom.indexRamp(NIfTITests.obliqueGrid)
        let url = try TestPaths.temporaryFolder().appendingPathComponent("v.nrrd")
        try NRRD.write(volume, to: url, gzip: gzip)
        let image = try NRRD.read(url)
        #expect(image.fields["space"] == "left-posterior-superior")
        #expect(image.volume.voxels == volume.voxels)
        #expect(image.volume.geometry.isCongruent(with: volume.geometry, tolerance: 1e-9))
    }

    @Test func gzipDataIsOneMemberAsPynrrdReadsIt() throws {
        // pynrrd (and slicerio) inflate NRRD data with one zlib.decompressobj, which stops after the first gzip
        // member: the whole volume must be in it.
        let volume = Phantom.indexRamp(VolumeGeometry(size: Size3(64, 64, 40), spacing: Vector3(1, 1, 1), origin: .zero))
        let url = try TestPaths.temporaryFolder().appendingPathComponent("v.nrrd")
        try NRRD.write(volume, to: url, gzip: true)
        let script = """
            import sys, zlib
            data = open(sys.argv[1], 'rb').read()
            body = data[data.index(b'\\n\\n') + 2:]
            d = zlib.decompressobj(zlib.MAX_WBITS | 16)
            print(len(d.decompress(body)))
            """
        if let count = try BGZFTests.python(script, [url.path]) { #expect(count == String(volume.voxels.count * 4)) }
    }

    @Test func readsTheDcmqiLiverLabel() throws {
        guard let url = TestPaths.shared("dicom/dcmqi_ct3slice_liver_seg/reference/nrrd/liver_seg.nrrd") else { return }
        let image = try NRRD.read(url)
        #expect(image.volume.size == Size3(512, 512, 3))
        #expect(image.volume.voxels.filter { $0 == 1 }.count == 107_098)
        #expect(image.volume.geometry.origin.maxAbsDifference(Vector3(-235.2, -226.8, -128.69)) < 1e-9)
    }

    @Test func detachedDataIsUnsupported() throws {
        let url = try TestPaths.temporaryFolder().appendingPathComponent("d.nhdr")
        try "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\ndata file: x.raw\nencoding: raw\n\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: VolumeIOError.unsupported(path: url.path, reason: "detached data file")) { try NRRD.read(url) }
    }
}

@Suite struct GzipTests {
    @Test(arguments: [1, 1000, 3_000_000])
    func parallelChunksFormOneValidMember(_ count: Int) throws {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }
        let compressed = try bytes.withUnsafeBytes { try Gzip.compress($0, chunkSize: 65536) }
        #expect(Array(compressed.prefix(3)) == [0x1F, 0x8B, 8])
        let back = try compressed.withUnsafeBytes { try Gzip.decompress($0) }
        #expect(back == bytes)
        // Independent check with the system gzip reader when present.
        let url = try TestPaths.temporaryFolder().appendingPathComponent("x.gz")
        try Data(compressed).write(to: url)
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-t", url.path]
        if FileManager.default.fileExists(atPath: "/bin/gzip") {
            try gunzip.run()
            gunzip.waitUntilExit()
            #expect(gunzip.terminationStatus == 0)
        }
    }

    @Test func corruptInputIsAnError() {
        let garbage: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]
        #expect(throws: VolumeIOError.self) { try garbage.withUnsafeBytes { try Gzip.decompress($0) } }
    }
}
