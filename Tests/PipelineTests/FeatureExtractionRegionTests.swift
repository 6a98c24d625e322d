import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

/// `features` on files reads only the box of the image the extraction reaches
/// (``RadiomicsCore/FeatureExtractor/imageBox(image:mask:label:)``): the features are those of the whole image, bit
/// for bit, for a single-stream gzip (other tools' `.nii.gz`), a BGZF `.nii.gz` and a `.nii`; with B-spline and
/// linear resampling; and configurations that need the whole image (normalisation, no resampling) still get it.
@Suite struct FeatureExtractionRegionTests {
    static let geometry = VolumeGeometry(size: Size3(150, 140, 36), spacing: Vector3(0.8, 0.8, 2.5),
                                         origin: Vector3(-60, -50, 10))

    static func texture() -> Volume<Float> {
        var random = SplitMix(state: 5)
        return Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { n in
            let i = n % 150, j = (n / 150) % 140
            return Float(40 * sin(Double(i) / 7) + 30 * cos(Double(j) / 5)) + Float(random.uniform(-60, 60))
        })
    }

    static func roi() -> Mask {
        var mask = Mask(geometry: geometry, repeating: 0)
        for k in 14..<22 {
            for j in 50..<80 {
                for i in 60..<95 where (i - 77) * (i - 77) + (j - 65) * (j - 65) < 200 + 20 * (k - 14) { mask[i, j, k] = 1 }
            }
        }
        return mask
    }

    static func parameters(_ extra: String) throws -> ExtractionParameters {
        try ExtractionParameters(yaml: """
            setting:
              binWidth: 25
            \(extra)
            imageType:
              Original: {}
              LoG: {sigma: [1.5]}
            featureClass:
              shape:
              firstorder:
              glcm:
              glszm:
            """)
    }

    @Test(arguments: ["foreign.nii.gz", "nii.gz", "nii"])
    func regionFeaturesEqualTheWholeImages(_ kind: String) throws {
        let folder = try TestPaths.temporaryFolder()
        let image = Self.texture(), mask = Self.roi()
        let imageURL = folder.appendingPathComponent("image." + (kind == "nii" ? "nii" : "nii.gz"))
        let maskURL = folder.appendingPathComponent("mask.nii.gz")
        if kind == "foreign.nii.gz" {
            let raw = folder.appendingPathComponent("image.nii")
            try NIfTI.write(image, to: raw)
            let bytes = try [UInt8](Data(contentsOf: raw))
            try Data(bytes.withUnsafeBytes { try Gzip.compress($0) }).write(to: imageURL)
        } else {
            try NIfTI.write(image, to: imageURL)
        }
        try NIfTI.write(mask, to: maskURL)
        let settings = [
            "  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]",
            "  interpolator: sitkLinear\n  resampledPixelSpacing: [1, 1, 2]",
            "  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]\n  normalize: true",
            "  preCrop: true",
        ]
        for (n, setting) in settings.enumerated() {
            let parameters = try Self.parameters(setting)
            let extractor = FeatureExtractor(parameters: parameters)
            let box = extractor.imageBox(image: Self.geometry, mask: mask)
            if n < 2 {
                let reached = try #require(box)
                // B-spline reaches 48 voxels beyond the grid (all slices here), linear one voxel.
                #expect(reached.size.count < Self.geometry.voxelCount / (n == 0 ? 1 : 4), "the region is a part of the image")
            } else {
                #expect(box == nil, "this configuration reads the whole image")
            }
            let fromFiles = try FeatureExtraction.run(FeatureExtraction.Case(image: imageURL, mask: maskURL),
                                                      parameters: parameters)
            // The files' geometry (float32 in the header), read whole.
            let whole = try extractor.execute(image: VolumeFiles.image(imageURL), mask: VolumeFiles.labels(maskURL),
                                              pixelType: .float32)
            #expect(fromFiles == whole, "\(kind), setting \(n)")
        }
    }
}
