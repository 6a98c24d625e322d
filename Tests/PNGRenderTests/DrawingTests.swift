import Testing
import VolumeModule
@testable import PNGRender

@Suite struct DrawingTests {
    /// A 10 × 10 raster with a 5 × 5 square of label 1 at (2…6, 3…7).
    static let square: [UInt8] = (0..<100).map { n in (2...6).contains(n % 10) && (3...7).contains(n / 10) ? 1 : 0 }
    static let mask = Mask(geometry: VolumeGeometry(size: Size3(1, 1, 1), spacing: Vector3(1, 1, 1), origin: .zero), voxels: [0])

    @Test func outlinesAreOneOrTwoPixelsAndFillIsTranslucent() {
        let grey = RGBAColor(grey: 100), red = OverlayStructure.tumour.color
        for (width, ring) in [(1, 16), (2, 24)] {
            var image = RGBAImage(width: 10, height: 10, fill: grey)
            image.drawOverlay(raster: Self.square, overlay: MaskOverlay(structure: .tumour, mask: Self.mask,
                                                                        outlineWidth: width, fillOpacity: 0.5))
            let outline = (0..<100).filter { image[$0 % 10, $0 / 10] == red }.count
            #expect(outline == ring, "outline width \(width)")
            // Centre pixel: 0.5·red + 0.5·grey, rounded.
            #expect(image[4, 5] == RGBAColor(178, 74, 74))
            #expect(image[0, 0] == grey && image[7, 5] == grey)
        }
    }

    @Test func noOutlineAlongTheImageEdge() {
        // A mask covering the left half: only its right border (column 4) is outlined.
        let half: [UInt8] = (0..<100).map { $0 % 10 < 5 ? 1 : 0 }
        var image = RGBAImage(width: 10, height: 10)
        image.drawOverlay(raster: half, overlay: MaskOverlay(structure: .liver, mask: Self.mask, outlineWidth: 1, fillOpacity: 0))
        #expect((0..<100).filter { image[$0 % 10, $0 / 10] != .black } == (0..<10).map { $0 * 10 + 4 })
    }

    @Test func labelSelectsOnlyItsVoxels() {
        var raster = Self.square
        raster[55] = 2
        var image = RGBAImage(width: 10, height: 10)
        image.drawOverlay(raster: raster, overlay: MaskOverlay(structure: .ring, mask: Self.mask, label: 2,
                                                               outlineWidth: 1, fillOpacity: 0))
        #expect((0..<100).filter { image[$0 % 10, $0 / 10] != .black } == [55])
    }

    @Test func standardStructuresHaveDistinctColoursAndKeys() {
        #expect(Set(OverlayStructure.standard.map(\.color)).count == 6)
        #expect(OverlayStructure.standard(key: "shell_band") == .shellBand)
        #expect(OverlayStructure.standard(key: "Enhancing-Tumour") == .enhancingTumour)
        #expect(OverlayStructure.standard(key: "spleen") == nil)
    }

    @Test func checkerboardAlternatesSquares() {
        let a = RGBAImage(width: 8, height: 6, fill: .white), b = RGBAImage(width: 8, height: 6, fill: .black)
        let c = Checkerboard.combine(a, b, squareSize: 2)
        for y in 0..<6 { for x in 0..<8 {
            #expect(c[x, y] == ((x / 2 + y / 2) % 2 == 0 ? .white : .black))
        } }
    }

    @Test func montageTilesRowMajorWithGaps() {
        let tiles = (0..<5).map { RGBAImage(width: 3, height: 2, fill: RGBAColor(grey: UInt8(10 * ($0 + 1)))) }
        let m = Montage.grid(tiles, columns: 2, gap: 1, background: .white)
        #expect(m.width == 7 && m.height == 8)
        #expect(m[0, 0] == RGBAColor(grey: 10) && m[4, 0] == RGBAColor(grey: 20) && m[0, 3] == RGBAColor(grey: 30))
        #expect(m[3, 0] == .white && m[4, 6] == .white)  // gap column; empty sixth cell
        #expect(Montage.squareColumns(count: 9, cellWidth: 10, cellHeight: 10) == 3)
    }

    @Test func viridisEndsMatchMatplotlib() {
        // matplotlib viridis: 0 → (0.267004, 0.004874, 0.329415), 0.5 → (0.127568, 0.566949, 0.550556)
        // (entry 128 of 256), 1 → (0.993248, 0.906157, 0.143936); the polynomial fit is within 4/255.
        let refs: [(Int, (Double, Double, Double))] = [(0, (0.267004, 0.004874, 0.329415)),
                                                       (128, (0.127568, 0.566949, 0.550556)),
                                                       (255, (0.993248, 0.906157, 0.143936))]
        for (n, r) in refs {
            let c = ColorMap.viridis.table[n]
            #expect(abs(Double(c.red) - r.0 * 255) <= 4 && abs(Double(c.green) - r.1 * 255) <= 4
                    && abs(Double(c.blue) - r.2 * 255) <= 4, "entry \(n): \(c)")
        }
        #expect(ColorMap.viridis.color(for: .nan, in: 0...1) == nil)
        #expect(ColorMap.viridis.color(for: 7, in: 0...1) == ColorMap.viridis.table[255])
    }

    @Test func fontHasWellFormedGlyphsAndDrawsInk() {
        #expect(BitmapFont.glyphs.count >= 26 + 10)
        for (ch, rows) in BitmapFont.glyphs where ch != " " {
            #expect(rows.count == 7 && rows.contains { $0 != 0 } && rows.allSatisfy { $0 < 32 }, "glyph \(ch)")
        }
        var image = RGBAImage(width: 20, height: 9)
        image.drawText("L", x: 1, y: 1, color: .white, shadow: nil)
        // "L": a vertical bar in column 0 and a bottom row of 5.
        let ink = (0..<180).filter { image[$0 % 20, $0 / 20] == .white }.map { ($0 % 20, $0 / 20) }
        #expect(ink.count == 11 && ink.allSatisfy { $0.0 == 1 || $0.1 == 7 })
        #expect(BitmapFont.width(of: "AB", scale: 2) == 22)
    }
}
