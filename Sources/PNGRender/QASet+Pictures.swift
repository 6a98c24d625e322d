import VolumeModule

extension QASet {
    /// Every axial slice through the focus structure, cropped around it (tiles of
    /// ``Options/montageTileSize`` pixels), outlines of every structure only, tiled; `nil` when
    /// the focus mask is empty.
    func montage(_ volume: Volume<Float>, focus: (structure: OverlayStructure, mask: Mask),
                 overlays: [MaskOverlay], point: Vector3) throws -> RGBAImage? {
        guard let box = focus.mask.nonZeroBoundingBox() else { return nil }
        let region = try SliceView.region(around: box, in: volume.geometry, plane: .axial, margin: options.montageMargin)
        let longSide = max(region.x.upperBound - region.x.lowerBound, region.y.upperBound - region.y.lowerBound)
        let view = try SliceView(geometry: volume.geometry, plane: .axial, through: point,
                                 pixelSize: longSide / Double(options.montageTileSize), region: region)
        let lo = [box.lower.i, box.lower.j, box.lower.k][view.normalAxis]
        let hi = [box.upper.i, box.upper.j, box.upper.k][view.normalAxis]
        // Superior slices first, as a reader scrolls head to foot.
        let normalUp = volume.geometry.direction.column(view.normalAxis).z > 0
        let slices = normalUp ? Array((lo...hi).reversed()) : Array(lo...hi)
        let outlines = overlays.map { o -> MaskOverlay in
            var thin = o
            thin.outlineWidth = 1
            thin.fillOpacity = 0
            return thin
        }
        let tiles = slices.enumerated().map { (n, index) -> RGBAImage in
            let v = view.onSlice(index)
            var tile = v.render(volume, window: options.window)
            for o in outlines { tile.drawOverlay(raster: v.sample(o.mask), overlay: o) }
            if n == 0 { tile.drawOrientationLetters(.axial) }
            tile.drawText("\(n + 1)", x: 2, y: 2, scale: 1)
            return tile
        }
        let columns = Montage.squareColumns(count: tiles.count, cellWidth: view.width, cellHeight: view.height)
        let image = Montage.grid(tiles, columns: columns)
        return image.stacked(above: RGBAImage.legend(overlays.map(\.structure), width: max(image.width, 64)))
    }

    /// One row per phase: axial, coronal and sagittal through `point`, same window, tiles scaled so their
    /// long side is ``Options/phaseTileSize``.
    func phaseRows(point: Vector3, overlays: [MaskOverlay]) throws -> RGBAImage {
        let grid = phases[0].volume.geometry
        let views = try SlicePlane.allCases.map { plane -> SliceView in
            let full = try SliceView(geometry: grid, plane: plane, through: point, pixelSize: 1)
            let longSide = Double(max(full.width, full.height))
            return try SliceView(geometry: grid, plane: plane, through: point,
                                 pixelSize: longSide / Double(options.phaseTileSize))
        }
        let rows = phases.map { phase -> (label: String, images: [RGBAImage]) in
            (phase.label, views.map { view in
                var tile = view.render(phase.volume, window: options.window)
                for o in overlays { tile.drawOverlay(raster: view.sample(o.mask), overlay: MaskOverlay(
                    structure: o.structure, mask: o.mask, label: o.label, outlineWidth: 1, fillOpacity: 0)) }
                tile.drawOrientationLetters(view.plane)
                return tile
            })
        }
        return Montage.labelledRows(rows, gap: 4)
    }

    /// Axial checkerboard of two phases through `point`.
    func checkerboard(_ a: Volume<Float>, _ b: Volume<Float>, point: Vector3) throws -> RGBAImage {
        let view = try SliceView(geometry: a.geometry, plane: .axial, through: point)
        var image = Checkerboard.combine(view.render(a, window: options.window), view.render(b, window: options.window),
                                         squareSize: max(1, view.width / max(1, options.checkerSquares)))
        image.drawOrientationLetters(.axial)
        return image
    }
}
