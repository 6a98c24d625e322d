/// How pixel values are stored (DICOM PS3.3 C.7.6.3 Image Pixel Module), as the attributes declare.
public struct PixelFormat: Hashable, Sendable, Codable {
    public var rows: Int
    public var columns: Int
    /// NumberOfFrames (1 for single-frame objects).
    public var frames: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var highBit: Int
    /// 0 unsigned, 1 two's complement.
    public var pixelRepresentation: Int
    public var samplesPerPixel: Int
    public var photometricInterpretation: String

    /// Smallest and largest stored value the format can hold.
    public var storedRange: ClosedRange<Int64> {
        let bits = Int64(max(1, min(bitsStored, 32)))
        return pixelRepresentation == 1 ? -(1 << (bits - 1))...((1 << (bits - 1)) - 1) : 0...((1 << bits) - 1)
    }
}
