/// The decomposition filters of a discrete wavelet, exactly as PyWavelets stores them for each precision:
/// `Double` filters as `pywt.Wavelet(name).dec_lo` / `.dec_hi`, and PyWavelets' separate `float` tables (for
/// Coiflets these are `float(c)·float(√2)` rounded in `float`, which differs from rounding the `Double` filter
/// by one ulp in one coefficient of coif1).
public struct WaveletFilterBank: Sendable, Equatable {
    /// PyWavelets' name of the wavelet (`coif1`, `haar`, …).
    public let name: String
    /// Low-pass decomposition filter (`dec_lo`).
    public let lowPass: [Double]
    /// High-pass decomposition filter (`dec_hi`).
    public let highPass: [Double]
    /// `dec_lo` as PyWavelets' `float` routines use it.
    public let lowPassFloat: [Float]
    /// `dec_hi` as PyWavelets' `float` routines use it.
    public let highPassFloat: [Float]

    /// The filter bank for a PyWavelets name, or `nil` if this build does not carry it.
    public init?(named name: String) {
        switch name {
        case "coif1":
            // Hex floats read from PyWavelets 1.8 (`float.hex` of dec_lo/dec_hi; float tables from its C source).
            lowPass = [-0x1.0080e215a69a7p-6, -0x1.29e9ade28a163p-4, 0x1.8a1a02aaa8902p-2,
                       0x1.b48451e096425p-1, 0x1.5a01d84699533p-2, -0x1.29e9ade28a163p-4]
            highPass = [0x1.29e9ade28a163p-4, 0x1.5a01d84699533p-2, -0x1.b48451e096425p-1,
                        0x1.8a1a02aaa8902p-2, 0x1.29e9ade28a163p-4, -0x1.0080e215a69a7p-6]
            lowPassFloat = [-0x1.0080e2p-6, -0x1.29e9aep-4, 0x1.8a1a02p-2, 0x1.b48450p-1, 0x1.5a01d8p-2, -0x1.29e9aep-4]
            highPassFloat = [0x1.29e9aep-4, 0x1.5a01d8p-2, -0x1.b48450p-1, 0x1.8a1a02p-2, 0x1.29e9aep-4, -0x1.0080e2p-6]
        case "haar", "db1":
            lowPass = [0x1.6a09e667f3bcdp-1, 0x1.6a09e667f3bcdp-1]
            highPass = [-0x1.6a09e667f3bcdp-1, 0x1.6a09e667f3bcdp-1]
            lowPassFloat = [0x1.6a09e6p-1, 0x1.6a09e6p-1]
            highPassFloat = [-0x1.6a09e6p-1, 0x1.6a09e6p-1]
        default:
            return nil
        }
        self.name = name
    }

    /// The filters in the arithmetic type `T` (`Float` uses the `float` tables, anything else the `Double` ones).
    func filters<T: BinaryFloatingPoint>(as type: T.Type) -> (low: [T], high: [T]) {
        if T.self == Float.self {
            return (lowPassFloat.map { T($0) }, highPassFloat.map { T($0) })
        }
        return (lowPass.map { T($0) }, highPass.map { T($0) })
    }
}
