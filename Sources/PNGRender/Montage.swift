/// Tiling of several pictures into one.
public enum Montage {
    /// Tiles `images` row by row into `columns` columns; every cell is as large as the largest image (which
    /// is centred in it), cells are separated by `gap` pixels of `background`.
    /// - Precondition: `columns ≥ 1`.
    public static func grid(_ images: [RGBAImage], columns: Int, gap: Int = 2,
                            background: RGBAColor = .black) -> RGBAImage {
        precondition(columns >= 1, "a montage needs at least one column")
        guard !images.isEmpty else { return RGBAImage(width: 0, height: 0) }
        let cellW = images.map(\.width).max()!, cellH = images.map(\.height).max()!
        let cols = min(columns, images.count), rows = (images.count + cols - 1) / cols
        var out = RGBAImage(width: cols * cellW + (cols - 1) * gap, height: rows * cellH + (rows - 1) * gap,
                            fill: background)
        for (n, image) in images.enumerated() {
            let x = (n % cols) * (cellW + gap) + (cellW - image.width) / 2
            let y = (n / cols) * (cellH + gap) + (cellH - image.height) / 2
            out.draw(image, x: x, y: y)
        }
        return out
    }

    /// The number of columns that makes a grid of `count` cells of `cellWidth × cellHeight` closest to square.
    public static func squareColumns(count: Int, cellWidth: Int, cellHeight: Int) -> Int {
        guard count > 0 else { return 1 }
        let ratio = Double(cellHeight) / Double(max(1, cellWidth))
        return max(1, min(count, Int((Double(count) * ratio).squareRoot().rounded())))
    }

    /// One row per entry: the row's `label` in a left column (``BitmapFont``), then its images left to
    /// right, each cell as large as the largest image overall; `gap` pixels between cells.
    public static func labelledRows(_ rows: [(label: String, images: [RGBAImage])], gap: Int = 2,
                                    scale: Int = 2, background: RGBAColor = .black) -> RGBAImage {
        let all = rows.flatMap(\.images)
        guard !all.isEmpty else { return RGBAImage(width: 0, height: 0) }
        let cellW = all.map(\.width).max()!, cellH = all.map(\.height).max()!
        let labelW = (rows.map { BitmapFont.width(of: $0.label, scale: scale) }.max() ?? 0) + 6 * scale
        let cols = rows.map(\.images.count).max()!
        var out = RGBAImage(width: labelW + cols * (cellW + gap), height: rows.count * cellH + (rows.count - 1) * gap,
                            fill: background)
        for (r, row) in rows.enumerated() {
            let top = r * (cellH + gap)
            out.drawText(row.label, x: 3 * scale, y: top + (cellH - BitmapFont.height(scale: scale)) / 2,
                         scale: scale, color: .white, shadow: nil)
            for (c, image) in row.images.enumerated() {
                out.draw(image, x: labelW + c * (cellW + gap) + (cellW - image.width) / 2,
                         y: top + (cellH - image.height) / 2)
            }
        }
        return out
    }
}
