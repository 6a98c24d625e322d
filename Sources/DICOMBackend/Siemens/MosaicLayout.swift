import VolumeModule

/// How a mosaic packs the slices of one volume into one image. Siemens (NiBabel's "Siemens mosaic format" notes;
/// dcm2niix): `slices` tiles (CSA `NumberOfImagesInMosaic`) laid out row by row on a square grid of
/// ⌈√slices⌉ × ⌈√slices⌉ tiles, unused tiles at the end; tile *k* is slice *k* along the CSA
/// `SliceNormalVector`. United Imaging "VFRAME": tiles of AcquisitionMatrix size, row by row, as many per row as
/// fit the Columns, each with its own ImagePositionPatient.
public struct MosaicLayout: Sendable, Equatable {
    /// Slices stored (NumberOfImagesInMosaic).
    public var slices: Int
    /// Tiles per mosaic row (Siemens: also per column, ⌈√slices⌉).
    public var tilesAcross: Int
    /// Rows of one tile (Siemens: Rows / tilesAcross).
    public var tileRows: Int
    /// Columns of one tile (Columns / tilesAcross).
    public var tileColumns: Int
    /// Columns of the whole mosaic image.
    public var mosaicColumns: Int

    /// The most slices one mosaic may declare (real ones hold up to about 100).
    public static let maximumSlices = 4096

    /// The layout of `slices` tiles in a `rows` × `columns` mosaic, or a reason it is impossible (too many
    /// or too few slices, or a mosaic that does not split into whole tiles).
    static func make(slices: Int, rows: Int, columns: Int) -> Result<MosaicLayout, MosaicProblem> {
        guard slices >= 1, slices <= maximumSlices else {
            return .failure(MosaicProblem(text: "NumberOfImagesInMosaic is \(slices) (accepted: 1…\(maximumSlices))"))
        }
        var across = 1
        while across * across < slices { across += 1 }
        guard rows % across == 0, columns % across == 0 else {
            return .failure(MosaicProblem(text: "a \(columns)×\(rows) mosaic does not split into \(across)×\(across) whole tiles for NumberOfImagesInMosaic \(slices)"))
        }
        return .success(MosaicLayout(slices: slices, tilesAcross: across, tileRows: rows / across, tileColumns: columns / across,
                                     mosaicColumns: columns))
    }

    /// The layout of `slices` tiles of `tileRows` × `tileColumns` in a `rows` × `columns` image, row by row
    /// (United Imaging VFRAME), or a reason it is impossible: a tile size that does not divide the image, or fewer
    /// tiles than slices.
    static func make(slices: Int, tileRows: Int, tileColumns: Int, rows: Int, columns: Int) -> Result<MosaicLayout, MosaicProblem> {
        guard slices >= 1, slices <= maximumSlices else {
            return .failure(MosaicProblem(text: "the slice count is \(slices) (accepted: 1…\(maximumSlices))"))
        }
        guard tileRows >= 1, tileColumns >= 1, rows % tileRows == 0, columns % tileColumns == 0,
              (rows / tileRows) * (columns / tileColumns) >= slices else {
            return .failure(MosaicProblem(text: "a \(columns)×\(rows) mosaic does not hold \(slices) whole tiles of \(tileColumns)×\(tileRows)"))
        }
        return .success(MosaicLayout(slices: slices, tilesAcross: columns / tileColumns, tileRows: tileRows, tileColumns: tileColumns,
                                     mosaicColumns: columns))
    }

    /// Why a mosaic cannot be unpacked (names the attribute, never quotes a patient value).
    struct MosaicProblem: Error { var text: String }

    /// The pixel format of one tile (a single-frame plane).
    func tileFormat(of mosaic: PixelFormat) -> PixelFormat {
        var f = mosaic
        f.rows = tileRows
        f.columns = tileColumns
        f.frames = 1
        return f
    }

    /// Copies tile `k` of a decoded mosaic (`mosaic`: Rows × Columns values, row by row) into `tile`
    /// (tileRows × tileColumns values).
    func extract<T>(tile k: Int, from mosaic: UnsafeBufferPointer<T>, into tile: UnsafeMutablePointer<T>) {
        let top = (k / tilesAcross) * tileRows, left = (k % tilesAcross) * tileColumns
        for r in 0..<tileRows {
            let source = (top + r) * mosaicColumns + left
            (tile + r * tileColumns).update(from: mosaic.baseAddress! + source, count: tileColumns)
        }
    }

    /// The position (LPS mm) of the first pixel of every tile of a Siemens mosaic (square grid).
    ///
    /// ImagePositionPatient of a mosaic is the first pixel of the whole mosaic image placed as if it were one
    /// slice centred on the slices: the first tile's first pixel is moved by half the difference between
    /// mosaic and tile sizes along the rows and columns; tile *k* is then *k* × `step` along `normal`.
    /// - Parameters:
    ///   - position: ImagePositionPatient of the mosaic (LPS mm).
    ///   - row, column: ImageOrientationPatient row (i) and column (j) directions.
    ///   - pixelSpacing: PixelSpacing (row spacing, column spacing) in mm.
    ///   - normal: unit slice direction (CSA `SliceNormalVector`).
    ///   - step: distance between slice centres in mm (SpacingBetweenSlices, else SliceThickness).
    func tilePositions(position: Vector3, row: Vector3, column: Vector3, pixelSpacing: (row: Double, column: Double),
                       normal: Vector3, step: Double) -> [Vector3] {
        let mosaicRows = tileRows * tilesAcross
        let alongRow = pixelSpacing.column * Double(mosaicColumns - tileColumns) / 2
        let alongColumn = pixelSpacing.row * Double(mosaicRows - tileRows) / 2
        let first = Vector3(position.x + row.x * alongRow + column.x * alongColumn,
                            position.y + row.y * alongRow + column.y * alongColumn,
                            position.z + row.z * alongRow + column.z * alongColumn)
        return (0..<slices).map { k in
            let d = Double(k) * step
            return Vector3(first.x + normal.x * d, first.y + normal.y * d, first.z + normal.z * d)
        }
    }
}
