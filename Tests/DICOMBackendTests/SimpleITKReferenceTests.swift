import Foundation
import Hashing
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Our volumes against SimpleITK 2.5.7's ImageSeriesReader (testdata/reference/sitk-series.json, made by
/// tools/references/make_sitk_references.py): geometry within 1e-4 mm and float32 voxels bit-identical
/// (SHA-256 in ITK memory order).
@Suite struct SimpleITKReferenceTests {
    struct Reference: Decodable, Sendable {
        var folder: String
        var primary: Bool?
        var size: [Int]
        var spacing: [Double]
        var origin: [Double]
        var direction: [Double]
        var sha256_float32: String
    }
    struct File: Decodable { var series: [Reference] }

    static let references: [Reference] = {
        let url = TestPaths.testdata("reference/sitk-series.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.series.filter { $0.primary ?? true }
    }()

    @Test func referencesArePresent() { #expect(Self.references.count >= 15) }

    @Test(arguments: references.map(\.folder))
    func voxelsAndGeometryEqualSimpleITK(_ folder: String) throws {
        let reference = try #require(Self.references.first { $0.folder == folder })
        let url: URL
        if folder.hasPrefix("../shared/testdata/") {
            guard let shared = TestPaths.shared(String(folder.dropFirst("../shared/testdata/".count))) else { return }
            url = shared
        } else {
            url = TestPaths.repositoryRoot.appendingPathComponent(folder)
        }
        let scan = try FolderScan.scan(url)
        let assembly = SeriesAssembly(scan.instances)
        let plan = try #require(assembly.plans.first { $0.role == .primary })
        let loaded = try VolumeLoader.load(plan, instances: assembly.instances)
        var volume = loaded.data.floatVolume
        let expected = VolumeGeometry(size: Size3(reference.size[0], reference.size[1], reference.size[2]),
                                      spacing: Vector3(reference.spacing), origin: Vector3(reference.origin),
                                      direction: Matrix3(rowMajor: reference.direction))
        if !volume.geometry.isCongruent(with: expected, tolerance: 1e-4) {
            // SimpleITK keeps a multi-frame file's stored frame order (k may run downwards): compare flipped.
            volume = Self.flippedAlongK(volume)
        }
        #expect(volume.geometry.isCongruent(with: expected, tolerance: 1e-4), "\(folder): \(volume.geometry) vs \(expected)")
        if loaded.report.paddingVoxels == 0 {
            let digest = volume.voxels.withUnsafeBytes { SHA256.hash(bufferPointer: $0) }.hexString
            #expect(digest == reference.sha256_float32, "\(folder)")
        } else {
            // We set PixelPaddingValue voxels to −1024 HU; SimpleITK keeps the padding value rescaled.
            print("\(folder): \(loaded.report.paddingVoxels) padding voxels differ by design; geometry compared only")
        }
    }

    static func flippedAlongK(_ v: Volume<Float>) -> Volume<Float> {
        let n = v.size, g = v.geometry
        var out = v
        for k in 0..<n.k {
            let source = (n.k - 1 - k) * n.i * n.j, target = k * n.i * n.j
            out.voxels.replaceSubrange(target..<(target + n.i * n.j), with: v.voxels[source..<(source + n.i * n.j)])
        }
        out.geometry.origin = g.physicalPoint(i: 0, j: 0, k: n.k - 1)
        out.geometry.direction = Matrix3(columns: g.direction.columns.0, g.direction.columns.1, -g.direction.columns.2)
        return out
    }
}
