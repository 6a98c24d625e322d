import Foundation
import Testing
import TestSupport
@testable import VolumeModule

@Suite struct IndexBoxReachTests {
    /// Resampling the box that `indexBox(reaching:)` picks gives exactly what resampling the whole volume gives,
    /// for small targets inside, across the edge of and outside an oblique source.
    @Test(arguments: [Interpolation.linear, .nearest])
    func resamplingTheReachedBoxEqualsResamplingTheWhole(_ interpolation: Interpolation) throws {
        let a = 0.25
        let direction = Matrix3(columns: Vector3(cos(a), sin(a), 0), Vector3(-sin(a), cos(a), 0), Vector3(0, 0, 1))
        let source = VolumeGeometry(size: Size3(60, 50, 20), spacing: Vector3(0.8, 0.7, 2.5), origin: Vector3(-20, -15, 5),
                                    direction: direction)
        var random = SplitMix(state: 11)
        let volume = Volume(geometry: source, voxels: (0..<source.size.count).map { _ in Float(random.uniform(-1000, 1000)) })
        var inside = 0, edge = 0, outside = 0
        for _ in 0..<40 {
            let centre = Vector3(random.uniform(-40...60), random.uniform(-30...60), random.uniform(-20...80))
            let target = VolumeGeometry(size: Size3(9, 8, 7), spacing: Vector3(1, 1.3, 0.9),
                                        origin: centre, direction: .identity)
            let whole = try volume.resampled(onto: target, interpolation: interpolation, defaultValue: -1024)
            guard let box = source.indexBox(reaching: target) else {
                #expect(whole.voxels.allSatisfy { $0 == -1024 })
                outside += 1
                continue
            }
            let part = try volume.cropped(to: box).resampled(onto: target, interpolation: interpolation, defaultValue: -1024)
            #expect(part.voxels == whole.voxels)
            if whole.voxels.contains(-1024) { edge += 1 } else { inside += 1 }
        }
        // The random targets cover all three cases.
        #expect(inside > 0 && edge > 0 && outside > 0)
    }
}

@Suite struct PyRadiomicsResamplingCropTests {
    /// PyRadiomics-mode linear and B-spline resampling interpolate only the box of the image their grid reaches,
    /// indices computed on the whole grid: bit for bit the whole image's result, on a grid aligned as PyRadiomics
    /// aligns it (many target points exactly halfway between source voxels), for float and int16 output.
    @Test(arguments: [Interpolation.bSpline, .linear])
    func theCroppedImageGivesTheWholeImagesValues(_ interpolation: Interpolation) throws {
        let geometry = VolumeGeometry(size: Size3(160, 150, 40), spacing: Vector3(0.7, 0.75, 2.5), origin: Vector3(-50, -40, 0))
        var random = SplitMix(state: 21)
        let image = Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { _ in Float(random.uniform(-1000, 2000)) })
        var mask = Mask(geometry: geometry, repeating: 0)
        for k in 15..<22 { for j in 60..<80 { for i in 70..<95 { mask[i, j, k] = 1 } } }
        for pixelType in [ResampledPixelType.float32, .int16] {
            let result = try PyRadiomicsResampling.resample(image: image, mask: mask, spacing: Vector3(1, 1, 1),
                                                            interpolator: interpolation, pixelType: pixelType)
            #expect(result.interpolated)
            let whole = try image.resampled(onto: result.image.geometry, interpolation: interpolation, defaultValue: 0,
                                            pixelType: pixelType)
            let differing = zip(result.image.voxels, whole.voxels).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) of \(whole.voxels.count) voxels differ (\(pixelType))")
        }
    }
}
