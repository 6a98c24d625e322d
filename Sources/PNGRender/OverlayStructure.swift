import Foundation

/// A named structure with its fixed overlay colour, the same in every QA picture and legend.
///
/// Colours (sRGB), chosen to stay distinguishable on grey CT and for the common colour-vision deficiencies
/// by also differing in lightness:
///
/// | structure | colour | RGB |
/// |---|---|---|
/// | ``tumour`` | red | 255, 48, 48 |
/// | ``liver`` | green | 0, 200, 83 |
/// | ``lipiodol`` | yellow | 255, 214, 0 |
/// | ``shellBand`` | sky blue | 0, 176, 255 |
/// | ``ring`` | magenta | 224, 64, 251 |
/// | ``enhancingTumour`` | orange | 255, 145, 0 |
public struct OverlayStructure: Hashable, Sendable {
    /// Name shown in legends (drawn with ``BitmapFont``, so upper-case letters, digits, simple punctuation).
    public var name: String
    /// Outline and fill colour (opaque).
    public var color: RGBAColor

    /// Creates a structure (for anything beyond the standard six).
    public init(name: String, color: RGBAColor) {
        self.name = name
        self.color = color
    }

    /// The tumour (index lesion) — red.
    public static let tumour = OverlayStructure(name: "Tumour", color: RGBAColor(255, 48, 48))
    /// The liver — green.
    public static let liver = OverlayStructure(name: "Liver", color: RGBAColor(0, 200, 83))
    /// Lipiodol deposits (after TACE) — yellow.
    public static let lipiodol = OverlayStructure(name: "Lipiodol", color: RGBAColor(255, 214, 0))
    /// A shell band inside the tumour margin — sky blue.
    public static let shellBand = OverlayStructure(name: "Shell band", color: RGBAColor(0, 176, 255))
    /// A peritumoral ring outside the tumour — magenta.
    public static let ring = OverlayStructure(name: "Ring", color: RGBAColor(224, 64, 251))
    /// The enhancing (viable) part of the tumour — orange.
    public static let enhancingTumour = OverlayStructure(name: "Enhancing tumour", color: RGBAColor(255, 145, 0))

    /// The standard structure for a command-line key (`tumour`, `liver`, `lipiodol`, `shell-band`, `ring`,
    /// `enhancing-tumour`; case-insensitive, `_` or `-`, or the display name), or `nil`.
    public static func standard(key: String) -> OverlayStructure? {
        let k = key.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        return standard.first { $0.name.lowercased().replacingOccurrences(of: " ", with: "-") == k }
    }

    /// The six standard structures, in legend order.
    public static let standard: [OverlayStructure] = [.liver, .tumour, .enhancingTumour, .lipiodol, .shellBand, .ring]
}
