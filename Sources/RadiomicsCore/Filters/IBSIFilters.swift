import Dispatch
import Foundation
import VolumeModule

/// Convolutional filters with the IBSI 2 definitions (IBSI 2 reference manual, arXiv:2006.05470, §2 "Filters" and
/// the phase 1 configurations): explicit padding of the image borders and FIR kernels in voxel units.
///
/// Unlike PyRadiomics' LoG (ITK recursive Gaussian, constant-edge extension, σ²-normalised, see
/// ``LaplacianOfGaussian``), the IBSI LoG is the sampled continuous Laplacian of Gaussian truncated at `d·σ`, not
/// scale-normalised.
public enum IBSIFilters {
    /// How the image is extended past its borders (IBSI 2 "boundary conditions").
    public enum Padding: String, Sendable, CaseIterable, Codable {
        /// Zeros outside ("constant").
        case zero
        /// The edge voxel repeated ("nearest").
        case nearest
        /// Mirrored including the edge voxel (`d c b a | a b c d`, NumPy "symmetric").
        case mirror
        /// Periodic (`… c d | a b c d | a b …`, "wrap").
        case periodic

        /// The index read for position `p` of a line of `n` voxels, or `nil` for a zero.
        @inline(__always) func index(_ p: Int, _ n: Int) -> Int? {
            if p >= 0 && p < n { return p }
            switch self {
            case .zero: return nil
            case .nearest: return p < 0 ? 0 : n - 1
            case .periodic: let r = p % n; return r < 0 ? r + n : r
            case .mirror:
                let period = 2 * n
                var r = p % period
                if r < 0 { r += period }
                return r < n ? r : period - 1 - r
            }
        }
    }

    /// Laplacian of Gaussian (IBSI 2, filter configurations 2.a–2.c):
    /// `Σ_d g''(x_d)·Π_{e≠d} g(x_e)` with the 1-D Gaussian `g(x) = exp(−x²/2σ²)/(√(2π)σ)` and
    /// `g''(x) = (x²/σ⁴ − 1/σ²)·g(x)`, σ in voxels per axis (σ mm / spacing), kernel radius `⌊d·σ + 0.5⌋` voxels.
    /// - Parameters:
    ///   - values: intensities in ITK order (`i` fastest).
    ///   - size: grid size along x, y, z.
    ///   - spacing: spacing in mm along x, y, z.
    ///   - sigma: σ in mm.
    ///   - truncation: `d` (IBSI 2: 4).
    ///   - padding: boundary condition.
    ///   - inPlane: 2D filter (x, y only) applied slice by slice (IBSI "2D").
    /// - Returns: the response, ITK order.
    public static func laplacianOfGaussian(values: [Double], size: Size3, spacing: Vector3, sigma: Double,
                                           truncation: Double = 4, padding: Padding, inPlane: Bool = false) -> [Double] {
        precondition(values.count == size.count && sigma > 0, "invalid LoG input")
        let spacings = [spacing.x, spacing.y, spacing.z]
        let axes = inPlane ? [0, 1] : [0, 1, 2]
        var gaussians: [[Double]] = [], seconds: [[Double]] = []
        for axis in 0..<3 {
            let s = sigma / spacings[axis]
            let radius = Int((truncation * s + 0.5).rounded(.down))
            let g = (-radius...radius).map { x -> Double in
                exp(-Double(x * x) / (2 * s * s)) / ((2 * Double.pi).squareRoot() * s)
            }
            gaussians.append(g)
            seconds.append(zip(-radius...radius, g).map { x, gx in (Double(x * x) / (s * s * s * s) - 1 / (s * s)) * gx })
        }
        var total = [Double](repeating: 0, count: values.count)
        for d in axes {
            var term = values
            for e in axes {
                term = convolve(term, size: size, axis: e, kernel: e == d ? seconds[e] : gaussians[e], padding: padding)
            }
            for n in 0..<total.count { total[n] += term[n] }
        }
        return total
    }

    /// One undecimated separable wavelet sub-band (IBSI 2 configurations 5–7, not rotation-invariant): along each
    /// axis the low-pass (`L`) or high-pass (`H`) decomposition filter of `bank`, dilated by `2^(level−1)` (à trous),
    /// with the given padding; lower levels feed the low-pass result forward. Filter alignment follows PyWavelets'
    /// `swt` (`out[n] = Σ_m h[m]·x[n + F/2 − m]`, F = filter length × dilation).
    /// - Parameters:
    ///   - values: intensities, ITK order.
    ///   - size: grid size.
    ///   - bank: the wavelet (e.g. coif1).
    ///   - band: letters in x, y, z order (`"HHL"`).
    ///   - level: decomposition level ≥ 1.
    ///   - padding: boundary condition (IBSI 2 wavelets: periodic or mirror as the configuration says).
    /// - Returns: the sub-band, ITK order.
    public static func wavelet(values: [Double], size: Size3, bank: WaveletFilterBank, band: String, level: Int = 1,
                               padding: Padding) -> [Double] {
        let letters = Array(band)
        precondition(letters.count == 3 && level >= 1, "band needs three letters")
        var current = values
        for l in 1...level {
            let dilation = 1 << (l - 1)
            for axis in 0..<3 {
                let final = l == level
                let filter = final && letters[axis] == "H" ? bank.highPass : bank.lowPass
                current = convolve(current, size: size, axis: axis, kernel: dilated(filter, by: dilation),
                                   padding: padding, origin: filter.count * dilation / 2)
            }
        }
        return current
    }

    /// `h` with `by − 1` zeros between taps.
    static func dilated(_ h: [Double], by factor: Int) -> [Double] {
        guard factor > 1 else { return h }
        var out = [Double](repeating: 0, count: (h.count - 1) * factor + 1)
        for (m, v) in h.enumerated() { out[m * factor] = v }
        return out
    }

    /// `out[n] = Σ_m kernel[m] · x[n + origin − m]` along `axis` (a centred kernel when `origin` is its radius); each
    /// line is first copied into a buffer extended by the padding.
    static func convolve(_ x: [Double], size: Size3, axis: Int, kernel: [Double], padding: Padding,
                         origin: Int? = nil) -> [Double] {
        let dims = [size.i, size.j, size.k]
        let n = dims[axis]
        let stride = axis == 0 ? 1 : axis == 1 ? size.i : size.i * size.j
        let shift = origin ?? kernel.count / 2
        let left = max(0, kernel.count - 1 - shift), right = max(0, shift)
        let sources = (-left..<(n + right)).map { padding.index($0, n) ?? -1 }
        let lineCount = x.count / n
        var out = [Double](repeating: 0, count: x.count)
        let shared = UncheckedSendable((x, kernel, sources))
        out.withUnsafeMutableBufferPointer { output in
            let target = UncheckedSendable(output)
            // Lines in parallel (disjoint outputs), one extended buffer per chunk.
            let chunks = min(lineCount, 64)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let (x, kernel, sources) = shared.value
                let output = target.value
                var buffer = [Double](repeating: 0, count: n + left + right)
                let f = kernel.count
                x.withUnsafeBufferPointer { input in
                    kernel.withUnsafeBufferPointer { k in
                        buffer.withUnsafeMutableBufferPointer { b in
                            var line = chunk * lineCount / chunks
                            let end = (chunk + 1) * lineCount / chunks
                            while line < end {
                                let base = axis == 0 ? line &* n
                                    : axis == 1 ? (line % size.i) &+ (line / size.i) &* size.i &* size.j
                                    : line
                                for q in 0..<b.count {
                                    let source = sources[q]
                                    b[q] = source < 0 ? 0 : input[base &+ source &* stride]
                                }
                                for p in 0..<n {
                                    // Buffer position of x[p + shift − m] is p + shift − m + left.
                                    let top = p &+ shift &+ left
                                    var sum = 0.0
                                    for m in 0..<f { sum += k[m] * b[top &- m] }
                                    output[base &+ p &* stride] = sum
                                }
                                line &+= 1
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
