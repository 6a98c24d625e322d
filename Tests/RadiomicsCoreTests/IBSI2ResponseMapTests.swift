import Foundation
import RadiomicsCore
import Testing
import TestSupport
import VolumeIO
import VolumeModule

/// IBSI 2 phase 1 reference response maps (`../shared/testdata/ibsi/ibsi_2_reference_response_maps`, from mirp's
/// IBSI 2 test data): ``IBSIFilters`` on the IBSI 2 digital phantoms, every voxel within 1 % of the reference map's
/// intensity range (IBSI 2 acceptance), and a negative control with the wrong padding.
@Suite struct IBSI2ResponseMapTests {
    enum Filter: Sendable { case log(sigma: Double, inPlane: Bool), wavelet(String, band: String, level: Int) }
    struct Case: Sendable, CustomStringConvertible {
        var id: String
        var phantom: String
        var reference: String
        var filter: Filter
        var padding: IBSIFilters.Padding
        /// A plausible mistake that must break the acceptance (negative control): another padding, σ or band.
        var mistake: (filter: Filter, padding: IBSIFilters.Padding)
        var description: String { id }
    }

    static let cases: [Case] = [
        Case(id: "2A", phantom: "impulse", reference: "id_2_impulse_CT_2A_log_s3.0", filter: .log(sigma: 3, inPlane: false),
             padding: .zero, mistake: (.log(sigma: 3.3, inPlane: false), .zero)),
        Case(id: "2B", phantom: "checkerboard", reference: "id_2_checkerboard_CT_2B_log_s5.0",
             filter: .log(sigma: 5, inPlane: false), padding: .mirror, mistake: (.log(sigma: 5, inPlane: false), .zero)),
        Case(id: "2C", phantom: "checkerboard", reference: "id_2_checkerboard_CT_2C_log_s5.0",
             filter: .log(sigma: 5, inPlane: true), padding: .mirror, mistake: (.log(sigma: 5, inPlane: false), .mirror)),
        Case(id: "6A1", phantom: "sphere", reference: "id_6_sphere_CT_6A1_wavelet_coif1_HHL_level_1",
             filter: .wavelet("coif1", band: "HHL", level: 1), padding: .periodic,
             mistake: (.wavelet("coif1", band: "LHH", level: 1), .periodic)),
    ]

    static func response(_ filter: Filter, padding: IBSIFilters.Padding, image: Volume<Float>) throws -> [Double] {
        let values = image.voxels.map(Double.init)
        switch filter {
        case .log(let sigma, let inPlane):
            return IBSIFilters.laplacianOfGaussian(values: values, size: image.size, spacing: image.geometry.spacing,
                                                   sigma: sigma, padding: padding, inPlane: inPlane)
        case .wavelet(let name, let band, let level):
            let bank = try #require(WaveletFilterBank(named: name))
            return IBSIFilters.wavelet(values: values, size: image.size, bank: bank, band: band, level: level,
                                       padding: padding)
        }
    }

    /// Largest voxel difference as a fraction of the reference range.
    static func worstDeviation(_ ours: [Double], _ reference: [Float]) -> Double {
        let range = Double((reference.max() ?? 0) - (reference.min() ?? 0))
        return zip(ours, reference).reduce(0) { max($0, abs($1.0 - Double($1.1))) } / range
    }

    @Test(arguments: cases)
    func responseMapIsWithinOnePercentOfTheReferenceRange(_ c: Case) throws {
        guard let phantoms = TestPaths.shared("ibsi/ibsi_2_digital_phantom/nifti"),
              let maps = TestPaths.shared("ibsi/ibsi_2_reference_response_maps") else { return }
        let image = try NIfTI.read(phantoms.appendingPathComponent("\(c.phantom)/image/\(c.phantom).nii.gz")).volume
        let reference = try NIfTI.read(maps.appendingPathComponent("\(c.reference).nii.gz")).volume
        #expect(reference.size == image.size)
        let worst = Self.worstDeviation(try Self.response(c.filter, padding: c.padding, image: image), reference.voxels)
        print("IBSI 2 \(c.id): worst voxel deviation \(worst * 100) % of the reference range")
        #expect(worst <= 0.01, "\(c.id): \(worst)")
        // Negative control: the mistake breaks the acceptance.
        let wrong = Self.worstDeviation(try Self.response(c.mistake.filter, padding: c.mistake.padding, image: image),
                                        reference.voxels)
        #expect(wrong > 0.01, "\(c.id) mistake still passes: \(wrong)")
    }
}

/// The same response maps through the extractor in IBSI mode (`mode: ibsi`, LoG / Wavelet image types,
/// `filterPadding`), read back with `executeKeepingImages`.
@Suite struct IBSIModeResponseMapTests {
    @Test(arguments: [("impulse", "id_2_impulse_CT_2A_log_s3.0", "LoG: {sigma: [3.0]}", "zero", "log-sigma-3-0-mm-3D"),
                      ("sphere", "id_6_sphere_CT_6A1_wavelet_coif1_HHL_level_1", "Wavelet: {}", "periodic", "wavelet-HHL")])
    func extractorImagesMatchTheReferenceMaps(_ c: (String, String, String, String, String)) throws {
        guard let phantoms = TestPaths.shared("ibsi/ibsi_2_digital_phantom/nifti"),
              let maps = TestPaths.shared("ibsi/ibsi_2_reference_response_maps") else { return }
        let image = try NIfTI.read(phantoms.appendingPathComponent("\(c.0)/image/\(c.0).nii.gz")).volume
        let mask = PyRadiomicsCase.labels(try NIfTI.read(phantoms.appendingPathComponent("\(c.0)/mask/mask.nii.gz")).volume)
        let reference = try NIfTI.read(maps.appendingPathComponent("\(c.1).nii.gz")).volume
        let parameters = try ExtractionParameters(yaml: """
            setting: {mode: ibsi, filterPadding: \(c.3), additionalInfo: false}
            imageType: {\(c.2)}
            featureClass: {firstorder: [Mean]}
            """)
        let result = try FeatureExtractor(parameters: parameters).executeKeepingImages(image: image, mask: mask)
        let derived = try #require(result.images.first { $0.name == c.4 })
        #expect(derived.volume.size == reference.size)
        let worst = IBSI2ResponseMapTests.worstDeviation(derived.volume.voxels.map(Double.init), reference.voxels)
        #expect(worst <= 0.01, "\(c.4): \(worst)")
    }
}
