import DICOMBackend
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

/// Live round trip through dcmqi's `segimage2itkimage` (not a Debian package: the pip wheel `dcmqi`, see
/// tools/references/requirements-seg.txt; also in the examples venv, tools/examples/make-venv.sh). Found through
/// RADSTATION_SEGIMAGE2ITKIMAGE, in `.venv-examples/bin` or on PATH; the test skips with a printed reason when it is absent.
@Suite struct DerivedSegmentationDcmqiTests {
    static func tool() -> String? {
        if let path = ProcessInfo.processInfo.environment["RADSTATION_SEGIMAGE2ITKIMAGE"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let venv = TestPaths.repositoryRoot.appendingPathComponent(".venv-examples/bin").path
        for folder in [venv[...]] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/segimage2itkimage"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @Test("segimage2itkimage reads our derived SEG to the same voxels in patient space")
    func dcmqiRoundTrip() throws {
        guard let tool = Self.tool() else {
            print("skipped: segimage2itkimage not found (RADSTATION_SEGIMAGE2ITKIMAGE, .venv-examples or PATH); dcmqi is a pip wheel, not a Debian package")
            return
        }
        let d = try DerivedSegmentationTests.derived()
        let work = try TestPaths.temporaryFolder()
        let seg = work.appendingPathComponent("derived-seg.dcm")
        try DerivedSegmentation.write(d.result, source: d.loaded, instances: d.instances, to: seg)
        let out = work.appendingPathComponent("dcmqi")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--inputDICOM", seg.path, "--outputDirectory", out.path, "--outputType", "nrrd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("meta.json"))) as? [String: Any])
        let groups = try #require(meta["segmentAttributes"] as? [[[String: Any]]])
        let expected = DerivedSegmentation.segments(of: d.result)
        var seen = 0
        for (g, attributes) in groups.enumerated() {
            let labels = try NRRD.read(out.appendingPathComponent("\(g + 1).nrrd")).volume
            for a in attributes {
                let label = try #require(a["labelID"] as? Int)
                let name = a["SegmentLabel"] as? String
                let ours = try #require(expected.first { $0.description.label == name }?.mask, "\(name ?? "?")")
                // Every dcmqi voxel with this label maps (through patient space) to one of ours, and the counts agree.
                var count = 0, outside = 0
                let n = labels.size
                for k in 0..<n.k { for j in 0..<n.j { for i in 0..<n.i where labels[i, j, k] == Float(label) {
                    count += 1
                    let p = labels.geometry.physicalPoint(i: i, j: j, k: k)
                    guard let c = ours.geometry.continuousIndex(at: p) else { outside += 1; continue }
                    let (x, y, z) = (Int(c.x.rounded()), Int(c.y.rounded()), Int(c.z.rounded()))
                    if x < 0 || y < 0 || z < 0 || x >= ours.size.i || y >= ours.size.j || z >= ours.size.k || ours[x, y, z] == 0 { outside += 1 }
                } } }
                #expect(outside == 0, "\(name ?? "?")")
                #expect(count == ours.count(of: 1), "\(name ?? "?")")
                seen += 1
            }
        }
        #expect(seen == expected.count)
    }
}
