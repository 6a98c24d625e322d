/// An 8-bit sRGB colour with straight (non-premultiplied) alpha.
public struct RGBAColor: Hashable, Sendable {
    /// Red, 0…255.
    public var red: UInt8
    /// Green, 0…255.
    public var green: UInt8
    /// Blue, 0…255.
    public var blue: UInt8
    /// Opacity, 0 (transparent) … 255 (opaque).
    public var alpha: UInt8

    /// Creates a colour from its four components.
    @inlinable public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8, _ alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// An opaque grey level.
    @inlinable public init(grey: UInt8) { self.init(grey, grey, grey) }

    /// Opaque black.
    public static let black = RGBAColor(0, 0, 0)
    /// Opaque white.
    public static let white = RGBAColor(255, 255, 255)
    /// Fully transparent black.
    public static let clear = RGBAColor(0, 0, 0, 0)
}
