import Foundation
@testable import RadiomicsCore
import Testing
import TestSupport
import VolumeModule

/// LoG and wavelet images against PyRadiomics 3.1.0's own `getLoGImage` / `getWaveletImage` (SimpleITK 2.5.7,
/// PyWavelets) on seeded random images: `testdata/reference/filters-pyradiomics.json`, written by
/// `tools/references/make_filter_references.py`.
@Suite struct FilterReferenceTests {
    struct Reference: Decodable {
        struct Image: Decodable { var name: String; var dtype: String; var values: String }
        struct Wavelet: Decodable { var wavelet: String; var start_level: Int; var level: Int }
        struct Case: Decodable {
            var name: String
            var size: [Int]
            var spacing: [Double]
            var inputDtype: String
            var input: String
            var sigmas: [Double]
            var log: [Image]
            var wavelet: Wavelet
            var waveletImages: [Image]
        }
        var cases: [Case]
    }

    static func load() throws -> Reference {
        let data = try Data(contentsOf: TestPaths.testdata("reference/filters-pyradiomics.json"))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    /// Little-endian base64 → Double, by dtype name.
    static func values(_ base64: String, dtype: String) -> [Double] {
        guard let data = Data(base64Encoded: base64) else { return [] }
        return data.withUnsafeBytes { raw in
            switch dtype {
            case "int16": return raw.bindMemory(to: Int16.self).map { Double(Int16(littleEndian: $0)) }
            case "float32": return raw.bindMemory(to: UInt32.self).map { Double(Float(bitPattern: UInt32(littleEndian: $0))) }
            case "float64": return raw.bindMemory(to: UInt64.self).map { Double(bitPattern: UInt64(littleEndian: $0)) }
            default: return []
            }
        }
    }

    static func geometry(_ c: Reference.Case) -> (Size3, Vector3) {
        (Size3(c.size[0], c.size[1], c.size[2]), Vector3(c.spacing[0], c.spacing[1], c.spacing[2]))
    }

    @Test func logMatchesSimpleITKBitForBit() throws {
        for c in try Self.load().cases {
            let (size, spacing) = Self.geometry(c)
            let input = Self.values(c.input, dtype: c.inputDtype)
            let ours = FilteredImages.laplacianOfGaussian(values: input, size: size, spacing: spacing,
                                                          sigmas: c.sigmas.map { LoGSigma($0) })
            #expect(ours.images.map(\.name) == c.log.map(\.name), "\(c.name)")
            for (mine, expected) in zip(ours.images, c.log) {
                let reference = Self.values(expected.values, dtype: expected.dtype)
                let different = zip(mine.values, reference).filter { $0 != $1 }.count
                let worst = zip(mine.values, reference).map { abs($0 - $1) }.max() ?? .infinity
                #expect(different == 0, "\(c.name) \(expected.name): \(different) of \(reference.count) differ, max \(worst)")
            }
        }
    }

    @Test func waveletMatchesPyWaveletsBitForBit() throws {
        for c in try Self.load().cases {
            let (size, spacing) = Self.geometry(c)
            _ = spacing
            let input = Self.values(c.input, dtype: c.inputDtype)
            let bank = try #require(WaveletFilterBank(named: c.wavelet.wavelet))
            let ours = PyRadiomicsWavelet.images(of: input, size: size, bank: bank, startLevel: c.wavelet.start_level,
                                                 levels: c.wavelet.level,
                                                 precision: c.inputDtype == "float32" ? .float32 : .float64)
            #expect(ours.map(\.name) == c.waveletImages.map(\.name), "\(c.name)")
            for (mine, expected) in zip(ours, c.waveletImages) {
                let reference = Self.values(expected.values, dtype: expected.dtype)
                let different = zip(mine.values, reference).filter { $0 != $1 }.count
                let worst = zip(mine.values, reference).map { abs($0 - $1) }.max() ?? .infinity
                #expect(reference.count == size.count && different == 0,
                        "\(c.name) \(expected.name): \(different) of \(reference.count) differ, max \(worst)")
            }
        }
    }
}
