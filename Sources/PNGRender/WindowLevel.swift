import VolumeModule

/// A display window: intensities (HU for CT, after the modality rescale) between
/// `level − width/2` and `level + width/2` map linearly to black … white.
///
/// The mapping is DICOM's linear VOI LUT function (PS3.3 C.11.2.1.2.1) with output range 0…255:
/// `x ≤ c − 0.5 − (w−1)/2 → 0`, `x > c − 0.5 + (w−1)/2 → 255`, else `((x − (c − 0.5)) / (w − 1) + 0.5) · 255`,
/// rounded to the nearest integer. Rescale first (voxels are HU), then window.
public struct WindowLevel: Hashable, Sendable, CustomStringConvertible {
    /// Window width (HU or intensity units), > 1.
    public var width: Double
    /// Window centre (level), same units.
    public var level: Double

    /// Creates a window. - Precondition: `width > 1` (DICOM requires width ≥ 1; 1 would divide by zero).
    public init(width: Double, level: Double) {
        precondition(width > 1, "window width must exceed 1")
        self.width = width
        self.level = level
    }

    /// Abdomen soft tissue, W400 / L40 HU.
    public static let abdomen = WindowLevel(width: 400, level: 40)
    /// Liver, W150 / L60 HU (narrow: separates tumour from parenchyma).
    public static let liver = WindowLevel(width: 150, level: 60)
    /// Lipiodol and bone, W1500 / L300 HU.
    public static let lipiodol = WindowLevel(width: 1500, level: 300)
    /// Alias of ``lipiodol``: bone uses the same W1500 / L300 HU.
    public static let bone = lipiodol

    /// An automatic window for images without calibrated units (MR): from the `lower` to the `upper`
    /// percentile (0…100) of the finite voxel values, computed on at most `sampleLimit` voxels taken at a
    /// fixed stride (exact when the volume is no larger). Percentiles interpolate linearly between order
    /// statistics (NumPy's default `linear` method: rank `p/100·(n−1)`).
    /// - Throws: ``PNGRenderError/emptyVolume`` when no voxel is finite.
    public static func percentiles(of volume: Volume<Float>, lower: Double = 1, upper: Double = 99,
                                   sampleLimit: Int = 1 << 20) throws -> WindowLevel {
        precondition(0 <= lower && lower < upper && upper <= 100, "percentiles must satisfy 0 ≤ lower < upper ≤ 100")
        let count = volume.voxels.count
        let stride = max(1, (count + sampleLimit - 1) / max(1, sampleLimit))
        var samples = [Float]()
        samples.reserveCapacity(count / stride + 1)
        volume.voxels.withUnsafeBufferPointer { v in
            var n = 0
            while n < v.count {
                if v[n].isFinite { samples.append(v[n]) }
                n &+= stride
            }
        }
        guard !samples.isEmpty else { throw PNGRenderError.emptyVolume }
        samples.sort()
        let lo = percentile(sorted: samples, lower), hi = percentile(sorted: samples, upper)
        let width = max(hi - lo, 2)
        return WindowLevel(width: width, level: (lo + hi) / 2)
    }

    /// The `p`-th percentile (0…100) of sorted values, NumPy `linear` interpolation.
    static func percentile(sorted: [Float], _ p: Double) -> Double {
        let rank = p / 100 * Double(sorted.count - 1)
        let below = Int(rank.rounded(.down)), above = min(below + 1, sorted.count - 1)
        let t = rank - Double(below)
        return Double(sorted[below]) * (1 - t) + Double(sorted[above]) * t
    }

    /// The display grey level (0…255) of one intensity; NaN (no data) maps to 0.
    @inlinable public func grey(_ value: Float) -> UInt8 {
        guard !value.isNaN else { return 0 }
        let x = Double(value)
        let c = level - 0.5, half = (width - 1) / 2
        if x <= c - half { return 0 }
        if x > c + half { return 255 }
        return UInt8((((x - c) / (width - 1) + 0.5) * 255).rounded())
    }

    /// Maps a buffer of intensities to grey bytes with ``grey(_:)``.
    public func greys(_ values: [Float]) -> [UInt8] { values.map(grey) }

    /// "W400 L40".
    public var description: String { "W\(Self.format(width)) L\(Self.format(level))" }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(format1: v)
    }
}

extension String {
    /// `v` with one decimal (no Foundation needed).
    init(format1 v: Double) {
        let tenths = Int((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        self = "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
