import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// The one-parse native path: pixel data located during the scan and read with `pread`, against DCMTK's own
/// decode of the same files (an independent reader), and the plane-by-plane stream against the whole load.
@Suite struct NativePixelReadTests {
    /// Committed studies with pixel data beyond DCMTK's 4 KiB in-memory limit: the demo study (56×64 int16
    /// and larger) and the multiphase study (an enhanced multi-frame file beside 40×48 single frames, which
    /// DCMTK reads into memory and which keep the DCMTK path).
    static let folders = ["demo-study", "multiphase/tagged"]

    static func assembly(_ folder: String) throws -> SeriesAssembly {
        SeriesAssembly(try FolderScan.scan(TestPaths.testdata(folder)).instances)
    }

    @Test(arguments: folders)
    func everyNativeFrameReadsAsDCMTKDecodesIt(_ folder: String) throws {
        var compared = 0
        for instance in try Self.assembly(folder).instances where instance.isVolumeImage {
            let format = try #require(instance.pixelFormat)
            guard format.rows * format.columns * format.frames * 2 > 4096 else {
                #expect(instance.pixelDataLocation == nil)
                continue
            }
            let location = try #require(instance.pixelDataLocation, "\(instance.path) was not located")
            #expect(location.length >= format.rows * format.columns * format.frames * 2)
            let reader = try #require(try NativeFrameReader(path: instance.path, location: location, format: format))
            let file = try DICOMFile(path: instance.path, headerOnly: false)
            var words = [UInt16](repeating: 0xDEAD, count: format.rows * format.columns)
            for frame in 0..<format.frames {
                try words.withUnsafeMutableBufferPointer { try reader.read(frame: frame, into: $0.baseAddress!) }
                let dcmtk = try #require(try file.nativeWords16(frame, format: format))
                #expect(words.elementsEqual(dcmtk), "\(instance.path) frame \(frame)")
                compared += 1
            }
        }
        #expect(compared >= 20)
    }

    @Test(arguments: folders)
    func loadsAreIdenticalWithAndWithoutThePreadPath(_ folder: String) throws {
        let assembly = try Self.assembly(folder)
        var throughDCMTK = assembly.instances
        for n in throughDCMTK.indices { throughDCMTK[n].pixelDataLocation = nil }
        #expect(!assembly.plans.isEmpty)
        for plan in assembly.plans {
            let fast = try VolumeLoader.load(plan, instances: assembly.instances)
            let reference = try VolumeLoader.load(plan, instances: throughDCMTK)
            guard case .int16(let a) = fast.data, case .int16(let b) = reference.data else {
                Issue.record("\(folder): expected int16 volumes")
                continue
            }
            #expect(a.voxels == b.voxels)
            #expect(try Self.json(fast.report) == Self.json(reference.report))
        }
    }

    @Test func shortPixelDataIsCorruptAndNamesTheFile() throws {
        let instance = try #require(try Self.assembly("demo-study").instances.first { $0.pixelDataLocation != nil })
        let format = try #require(instance.pixelFormat)
        var words = [UInt16](repeating: 0, count: format.rows * format.columns)
        // The declared length is shorter than the frame.
        var short = try #require(instance.pixelDataLocation)
        short.length -= 2
        let declared = try #require(try NativeFrameReader(path: instance.path, location: short, format: format))
        let error1 = try #require(throws: DICOMError.self) {
            try words.withUnsafeMutableBufferPointer { try declared.read(frame: 0, into: $0.baseAddress!) }
        }
        #expect(error1.code == .corrupt && error1.file == instance.path && error1.message.contains("shorter"))
        // The file itself ends inside the pixel data (truncated after the scan).
        let copy = try TestPaths.temporaryFolder().appendingPathComponent("truncated.dcm")
        try Data(contentsOf: URL(fileURLWithPath: instance.path)).dropLast(10).write(to: copy)
        let truncated = try #require(try NativeFrameReader(path: copy.path, location: instance.pixelDataLocation, format: format))
        let error2 = try #require(throws: DICOMError.self) {
            try words.withUnsafeMutableBufferPointer { try truncated.read(frame: 0, into: $0.baseAddress!) }
        }
        #expect(error2.code == .corrupt && error2.message.contains("truncated"))
        // Scanning the truncated file reports it as corrupt.
        let scan = try FolderScan.scan(copy)
        #expect(scan.failures.first?.code == .corrupt)
    }

    @Test func otherEncodingsAreNotLocated() throws {
        // Compressed syntaxes (and pixel data under 4 KiB) keep the DCMTK path.
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/codecs"))
        #expect(!scan.instances.isEmpty)
        for instance in scan.instances { #expect(instance.pixelDataLocation == nil, "\(instance.path)") }
    }

    /// Collects streamed planes from several threads.
    final class Planes: @unchecked Sendable {
        let lock = NSLock()
        var planes: [Int: [Int16]] = [:]
        func add(_ k: Int, _ plane: UnsafeBufferPointer<Int16>) {
            lock.lock()
            #expect(planes[k] == nil, "plane \(k) twice")
            planes[k] = Array(plane)
            lock.unlock()
        }
    }

    @Test(arguments: folders)
    func streamedPlanesAndReportAreTheLoadersOwn(_ folder: String) throws {
        let assembly = try Self.assembly(folder)
        for plan in assembly.plans {
            let collected = Planes()
            var grid: VolumeGeometry?
            let streamed = try #require(try VolumeLoader.streamInt16(plan, instances: assembly.instances) { g in
                grid = g
                return { k, plane in collected.add(k, plane) }
            })
            let loaded = try VolumeLoader.load(plan, instances: assembly.instances)
            guard case .int16(let volume) = loaded.data else {
                Issue.record("expected an int16 volume")
                continue
            }
            #expect(grid.map { $0.isCongruent(with: volume.geometry, tolerance: 0) } == true)
            #expect(streamed.geometry.isCongruent(with: volume.geometry, tolerance: 0))
            #expect(collected.planes.keys.sorted() == Array(0..<volume.geometry.size.k))
            #expect((0..<volume.geometry.size.k).flatMap { collected.planes[$0]! } == volume.voxels)
            #expect(try Self.json(streamed.report) == Self.json(loaded.report))
        }
    }

    @Test func volumesThatNeedResamplingOrFailDoNotStream() throws {
        // A missing slice is resampled: the loader's job, not the stream's; `open` is never called.
        let gapped = try Self.assembly("dicom/missing_slice")
        for plan in gapped.plans where plan.role != .localizer {
            let streamed = try VolumeLoader.streamInt16(plan, instances: gapped.instances) { _ in
                Issue.record("open called for a resampled volume")
                return { _, _ in }
            }
            #expect(streamed == nil)
        }
        // A sink that fails makes the stream fail, and the caller falls back.
        let demo = try Self.assembly("demo-study")
        struct Full: Error {}
        let failed = try VolumeLoader.streamInt16(demo.plans[0], instances: demo.instances) { _ in { _, _ in throw Full() } }
        #expect(failed == nil)
    }

    static func json(_ report: VolumeReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(report)
    }
}
