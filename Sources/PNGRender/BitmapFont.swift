/// A built-in 5 × 7 pixel bitmap font (upper-case letters, digits and a little punctuation), so labels
/// need no font files or system libraries. Lower-case letters are drawn as capitals; any other character
/// as `?`.
///
/// Only strings chosen by the caller (structure names, phase labels, orientation letters, numbers of a
/// colour bar) are ever drawn — never DICOM tag values.
public enum BitmapFont {
    /// Glyph cell width in font pixels (5 pixels of ink + 1 of spacing).
    public static let advance = 6
    /// Glyph height in font pixels.
    public static let glyphHeight = 7

    /// Rows of each glyph, top to bottom, '#' = ink.
    private static let source: [Character: [String]] = [
        "A": [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
        "B": ["#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "],
        "C": [" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "],
        "D": ["#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "],
        "E": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"],
        "F": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "],
        "G": [" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"],
        "H": ["#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
        "I": [" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
        "J": ["  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "],
        "K": ["#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"],
        "L": ["#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"],
        "M": ["#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"],
        "N": ["#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"],
        "O": [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
        "P": ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "],
        "Q": [" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"],
        "R": ["#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"],
        "S": [" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "],
        "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
        "U": ["#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
        "V": ["#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "],
        "W": ["#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "],
        "X": ["#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"],
        "Y": ["#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "],
        "Z": ["#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"],
        "0": [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
        "1": ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
        "2": [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
        "3": ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
        "4": ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
        "5": ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
        "6": ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
        "7": ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
        "8": [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
        "9": [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
        " ": ["     ", "     ", "     ", "     ", "     ", "     ", "     "],
        "-": ["     ", "     ", "     ", "#####", "     ", "     ", "     "],
        "+": ["     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "],
        ".": ["     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "],
        ",": ["     ", "     ", "     ", "     ", " ##  ", "  #  ", " #   "],
        ":": ["     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     "],
        "/": ["     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     "],
        "(": ["   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # "],
        ")": [" #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   "],
        "%": ["##   ", "##  #", "   # ", "  #  ", " #   ", "#  ##", "   ##"],
        "_": ["     ", "     ", "     ", "     ", "     ", "     ", "#####"],
        "=": ["     ", "     ", "#####", "     ", "#####", "     ", "     "],
        "?": [" ### ", "#   #", "    #", "   # ", "  #  ", "     ", "  #  "],
    ]

    /// Each glyph as 7 row bit masks, bit 4 = leftmost column.
    static let glyphs: [Character: [UInt8]] = source.mapValues { rows in
        rows.map { row in row.reduce(UInt8(0)) { ($0 << 1) | ($1 == "#" ? 1 : 0) } }
    }

    /// The glyph rows for `character` (capitalised; `?` when unknown).
    static func glyph(_ character: Character) -> [UInt8] {
        glyphs[Character(character.uppercased())] ?? glyphs["?"]!
    }

    /// Width in image pixels of `text` drawn at `scale` (no trailing spacing).
    public static func width(of text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : (text.count * advance - 1) * scale
    }

    /// Height in image pixels of one line at `scale`.
    public static func height(scale: Int = 1) -> Int { glyphHeight * scale }
}

extension RGBAImage {
    /// Draws `text` with its top-left corner at (x, y), each font pixel a `scale × scale` block; with a
    /// `shadow` colour, every ink pixel also gets a 1-font-pixel dark halo for legibility over images.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGBAColor = .white,
                                  shadow: RGBAColor? = .black) {
        precondition(scale >= 1, "scale must be at least 1")
        for pass in (shadow == nil ? [1] : [0, 1]) {
            var penX = x
            for character in text {
                let rows = BitmapFont.glyph(character)
                for (r, bits) in rows.enumerated() {
                    for c in 0..<5 where bits & (0x10 >> UInt8(c)) != 0 {
                        let px = penX + c * scale, py = y + r * scale
                        if pass == 0, let shadow {
                            fillRectangle(x: px - scale, y: py - scale, width: 3 * scale, height: 3 * scale, color: shadow)
                        } else {
                            fillRectangle(x: px, y: py, width: scale, height: scale, color: color)
                        }
                    }
                }
                penX += BitmapFont.advance * scale
            }
        }
    }
}
