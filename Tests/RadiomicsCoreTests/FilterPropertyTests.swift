import Foundation
@testable import RadiomicsCore
import Testing
import VolumeModule

/// LoG and wavelet filters against analytic properties: the LoG of a Gaussian blob (closed form), the wavelet
/// filter bank's energy identity and its response to constants; plus the filter applicability checks.
@Suite struct FilterPropertyTests {
    /// A Gaussian blob exp(−r²/2s²) centred on voxel `centre`, on an anisotropic grid.
    static func blob(size: Size3, spacing: Vector3, centre: Index3, s: Double) -> [Double] {
        var values: [Double] = []
        for k in 0..<size.k {
            for j in 0..<size.j {
                for i in 0..<size.i {
                    let x = Double(i - centre.i) * spacing.x, y = Double(j - centre.j) * spacing.y
                    let z = Double(k - centre.k) * spacing.z
                    values.append(exp(-(x * x + y * y + z * z) / (2 * s * s)))
                }
            }
        }
        return values
    }

    /// σ²∇²(G_s ∗ G_σ) at distance r: the blob convolved with G_σ is a Gaussian of variance v = s² + σ² and
    /// amplitude (s²/v)^{3/2}.
    static func analyticLoG(r: Double, s: Double, sigma: Double) -> Double {
        let v = s * s + sigma * sigma
        return sigma * sigma * pow(s * s / v, 1.5) * (r * r / (v * v) - 3 / v) * exp(-r * r / (2 * v))
    }

    @Test func logOfGaussianBlobMatchesClosedForm() {
        let size = Size3(41, 51, 33), spacing = Vector3(1.0, 0.8, 1.25), centre = Index3(20, 25, 16)
        let s = 3.0, sigma = 2.0
        let response = LaplacianOfGaussian.apply(to: Self.blob(size: size, spacing: spacing, centre: centre, s: s),
                                                 size: size, spacing: spacing, sigma: sigma)
        let peak = Self.analyticLoG(r: 0, s: s, sigma: sigma)
        // Deriche's 4th-order IIR with σ/spacing 1.6–2.5 approximates the continuous LoG to about 1 % of the peak
        // (0.95 % measured at the centre; SimpleITK gives the same bits, see FilterReferenceTests).
        for (di, dj, dk) in [(0, 0, 0), (3, 0, 0), (0, 5, 0), (0, 0, 4), (2, -3, 2), (6, 0, 0)] {
            let r = (pow(Double(di) * spacing.x, 2) + pow(Double(dj) * spacing.y, 2) + pow(Double(dk) * spacing.z, 2)).squareRoot()
            let ours = Double(response[size.offset(centre.i + di, centre.j + dj, centre.k + dk)])
            let expected = Self.analyticLoG(r: r, s: s, sigma: sigma)
            #expect(abs(ours - expected) <= 1.5e-2 * abs(peak), "r = \(r): \(ours) vs \(expected)")
        }
        // Negative control: σ without the σ² normalisation would be off by a factor 4.
        #expect(abs(Double(response[size.offset(centre.i, centre.j, centre.k)]) - peak / (sigma * sigma)) > 0.5 * abs(peak))
    }

    @Test func logOfConstantImageIsZero() {
        let size = Size3(9, 8, 7)
        let response = LaplacianOfGaussian.apply(to: [Double](repeating: 250, count: size.count), size: size,
                                                 spacing: Vector3(0.7, 1.1, 2.0), sigma: 1.5)
        #expect(response.allSatisfy { abs($0) < 1e-3 })
    }

    @Test func waveletSubBandsConserveTwiceTheEnergyPerAxis() throws {
        // Orthogonal QMF pair: |H(ω)|² + |G(ω)|² = 2, so with periodic convolution Σ over the 8 sub-bands of
        // ‖band‖² = 8 ‖x‖² exactly (up to rounding), for any even sizes.
        let size = Size3(10, 6, 8)
        var state: UInt64 = 12345
        let x = (0..<size.count).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 40) / Double(1 << 24) * 200 - 100
        }
        let bank = try #require(WaveletFilterBank(named: "coif1"))
        let bands = StationaryWavelet.decompose(x, size: size, axes: [0, 1, 2], bank: bank)
        #expect(bands.map(\.0) == ["aaa", "aad", "ada", "add", "daa", "dad", "dda", "ddd"])
        let energy = x.reduce(0) { $0 + $1 * $1 }
        let total = bands.reduce(0) { sum, band in sum + band.1.reduce(0) { $0 + $1 * $1 } }
        #expect(abs(total - 8 * energy) <= 1e-9 * energy, "\(total) vs \(8 * energy)")
        // A single detail band alone does not carry it (negative control).
        #expect(abs(bands[1].1.reduce(0) { $0 + $1 * $1 } - 8 * energy) > 0.5 * energy)
    }

    @Test func waveletOfConstantIsScaledApproximationAndZeroDetails() throws {
        let size = Size3(7, 5, 6)  // odd sizes exercise PyRadiomics' wrap padding
        let images = PyRadiomicsWavelet.images(of: [Double](repeating: 40, count: size.count), size: size,
                                               bank: try #require(WaveletFilterBank(named: "coif1")), startLevel: 0,
                                               levels: 1, precision: .float64)
        #expect(images.map(\.name) == ["wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH",
                                       "wavelet-HHL", "wavelet-HHH", "wavelet-LLL"])
        // Σ dec_lo = √2, Σ dec_hi = 0.
        for image in images.dropLast() { #expect(image.values.allSatisfy { abs($0) < 1e-9 }, "\(image.name)") }
        #expect(images.last?.values.allSatisfy { abs($0 - 40 * 2 * 2.squareRoot()) < 1e-9 } == true)
        #expect(images.allSatisfy { $0.values.count == size.count })
    }

    @Test func logChecksFollowPyRadiomics() {
        let spacing = Vector3(0.8, 1.0, 2.5)
        // size ≥ ceil(σ/spacing) + 1 on every axis: σ 5 needs 8 × 6 × 3.
        #expect(LaplacianOfGaussian.sigma(5, fits: Size3(8, 6, 4), spacing: spacing))
        #expect(!LaplacianOfGaussian.sigma(5, fits: Size3(7, 6, 4), spacing: spacing))
        let thin = FilteredImages.laplacianOfGaussian(values: [Double](repeating: 1, count: 60), size: Size3(5, 4, 3),
                                                      spacing: spacing, sigmas: [LoGSigma(1)])
        #expect(thin.images.isEmpty && thin.warnings == [.imageTooSmallForLoG(size: Size3(5, 4, 3))])
        let mixed = FilteredImages.laplacianOfGaussian(values: [Double](repeating: 1, count: 7 * 6 * 4),
                                                       size: Size3(7, 6, 4), spacing: spacing,
                                                       sigmas: [LoGSigma(1), LoGSigma(5), LoGSigma(2, writtenAsInteger: true)])
        #expect(mixed.images.map(\.name) == ["log-sigma-1-0-mm-3D", "log-sigma-2-mm-3D"])
        #expect(mixed.warnings == [.sigmaTooLarge(sigma: 5, size: Size3(7, 6, 4))])
    }
}
