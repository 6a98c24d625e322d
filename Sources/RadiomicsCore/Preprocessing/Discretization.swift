/// Gray-level discretisation of ROI intensities, exactly as PyRadiomics 3.1.0 (`imageoperations.getBinEdges` and
/// `binImage`) does it.
///
/// - Fixed bin width W (IBSI "FBS", with PyRadiomics' origin): edges `lowBound + k·W` with
///   `lowBound = min − (min mod W)` (Python's floored modulo), up to `max + 2W` (NumPy `arange` arithmetic);
///   level = number of edges ≤ x, so **level = ⌊x/W⌋ − ⌊min/W⌋ + 1**. IBSI bins from the resegmentation lower
///   bound instead (deviation documented in IBSI 1 §3.4.2 and PyRadiomics issue #542).
/// - Fixed bin count N (IBSI "FBN"): NumPy `histogram` edges (N equal bins from min to max), top edge + 1.
/// Only ROI voxels are binned; min and max are over the ROI of the image being binned.
public enum Discretization {
    /// The bin edges for ROI intensities (`values` non-empty), NumPy-exact.
    /// - Parameter origin: with a fixed bin width, the first edge (IBSI: the resegmentation lower bound or the ROI
    ///   minimum), giving level `⌊(x − origin)/W⌋ + 1`; `nil` = PyRadiomics' `W·⌊min/W⌋`. Ignored with `binCount`.
    public static func binEdges(minimum: Double, maximum: Double, binWidth: Double?, binCount: Int?,
                                origin: Double? = nil) -> [Double] {
        if binCount == nil, let requested = origin {
            let origin = min(requested, minimum)  // values below the origin would fall out of every bin
            let width = binWidth ?? 25
            let count = Int(((maximum - origin) / width).rounded(.down)) + 2
            return (0..<max(count, 2)).map { origin + Double($0) * width }
        }
        if let binCount {
            var first = minimum, last = maximum
            if first == last { first -= 0.5; last += 0.5 }
            // numpy.linspace(first, last, binCount + 1): y = k·step + start, last element = stop.
            let step = (last - first) / Double(binCount)
            var edges = (0...binCount).map { Double($0) * step + first }
            edges[binCount] = last
            edges[binCount] += 1
            return edges
        }
        let width = binWidth ?? 25
        let low = minimum - pythonModulo(minimum, width)
        let high = maximum + 2 * width
        // numpy.arange(low, high, width): length ceil((high − low)/width); element k = low + k·(second − first).
        let count = Int(((high - low) / width).rounded(.up))
        let delta = (low + width) - low
        var edges = (0..<max(count, 1)).map { $0 == 0 ? low : low + Double($0) * delta }
        if count > 1 { edges[1] = low + width }
        if edges.count == 1 { edges = [edges[0] - 0.5, edges[0] + 0.5] }
        return edges
    }

    /// NumPy `digitize(x, edges)` for increasing edges: the number of edges ≤ x (0 below the first edge).
    @inlinable public static func level(of x: Double, edges: [Double]) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if edges[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// ``level(of:edges:)`` on a raw buffer (the binning hot loop).
    @inlinable public static func level(of x: Double, edges: UnsafeBufferPointer<Double>) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if edges[mid] <= x { lo = mid &+ 1 } else { hi = mid }
        }
        return lo
    }

    /// Python's float modulo (result has the sign of the divisor).
    static func pythonModulo(_ a: Double, _ b: Double) -> Double {
        var r = a.truncatingRemainder(dividingBy: b)
        if r != 0 { if (b < 0) != (r < 0) { r += b } } else { r = b < 0 ? -0.0 : 0.0 }
        return r
    }
}
