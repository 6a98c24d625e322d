import Foundation
import Hashing
import Testing
import TestSupport
import VolumeIO
@testable import VolumeModule

/// PyRadiomics mode against PyRadiomics 3.1.0 `imageoperations.resampleImage` on brain1 (int16 MR,
/// ../shared/testdata/pyradiomics) at 1×1×1 mm, padDistance 5: SHA-256 of the int16 image and uint8 mask
/// (testdata/reference/resampling-brain1.json).
@Suite struct PyRadiomicsBrain1Tests {
    static func sha256<T>(_ values: [T]) -> String {
        values.withUnsafeBytes { SHA256.hash(bufferPointer: $0).hexString }
    }

    @Test(arguments: ["sitkBSpline", "sitkLinear"])
    func matchesPyRadiomicsExactly(interpolator: String) throws {
        guard let imageURL = TestPaths.shared("pyradiomics/brain1_image.nrrd"),
              let labelURL = TestPaths.shared("pyradiomics/brain1_label.nrrd") else { return }
        let reference = try ResamplingReference.load("resampling-brain1.json", as: ResamplingReference.Brain1.self)
        let c = try #require(reference.cases.first { $0.interpolator == interpolator })
        // Geometry exactly as SimpleITK read it (the NRRD reader's own rounding is not under test here).
        let imageGeometry = reference.input.imageGeometry.volumeGeometry
        let read = try NRRD.read(imageURL).volume
        #expect(read.geometry.isCongruent(with: imageGeometry, tolerance: 1e-6))
        let image = Volume(geometry: imageGeometry, voxels: read.voxels)
        let label = try NRRD.read(labelURL).volume
        let mask = Mask(geometry: reference.input.maskGeometry.volumeGeometry, voxels: label.voxels.map { UInt8($0) })

        let result = try PyRadiomicsResampling.resample(
            image: image, mask: mask, label: 1, spacing: Vector3(1, 1, 1),
            interpolator: ResamplingReference.interpolation(interpolator), padDistance: 5, pixelType: .int16)

        let expected = c.geometry.volumeGeometry
        #expect(result.image.geometry.size == expected.size)
        #expect(result.image.geometry.origin == expected.origin, "origin bit-exact")
        #expect(result.image.geometry.spacing == expected.spacing && result.image.geometry.direction == expected.direction)
        let ints = result.image.voxels.map { Int16($0) }
        #expect(ints.map(Int.init).reduce(0, +) == c.imageSum)
        #expect(Int(ints.min() ?? 0) == c.imageMin && Int(ints.max() ?? 0) == c.imageMax)
        #expect(Self.sha256(ints.map { $0.littleEndian }) == c.imageSHA256)
        #expect(result.mask.count(of: 1) == c.maskCount)
        #expect(Self.sha256(result.mask.voxels) == c.maskSHA256)
        // The int16-result API gives the same voxels.
        let int16Image = Volume(geometry: imageGeometry, voxels: read.voxels.map { Int16($0) })
        let direct = try int16Image.resampledInt16(onto: result.image.geometry,
                                                   interpolation: ResamplingReference.interpolation(interpolator))
        #expect(Self.sha256(direct.voxels.map { $0.littleEndian }) == c.imageSHA256)
    }

    @Test func hashComparatorDetectsOneVoxel() {
        var values = [Int16](repeating: 7, count: 1000)
        let before = Self.sha256(values)
        values[500] = 8
        #expect(Self.sha256(values) != before)
        #expect(Self.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
