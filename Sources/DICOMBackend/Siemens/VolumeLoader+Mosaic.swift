import VolumeModule

extension VolumeLoader {
    /// Decodes a Siemens mosaic once with DCMTK and converts its tiles `targets` (planes whose
    /// ``FrameHeader/tile`` is set) one by one, each cut out of the decoded mosaic (``MosaicLayout``).
    static func decodeMosaic<T>(_ instance: DICOMInstance, _ mosaic: MosaicLayout, planes: [VolumePlan.Plane], targets: [Int],
                                target: (Int) -> UnsafeMutablePointer<T>, emit: (Int, UnsafeMutablePointer<T>) throws -> Void,
                                failed: inout [Int: DICOMError], counts: inout TaskCounts, convert: PlaneConverter<T>) throws {
        let format = instance.pixelFormat!
        let file = try DICOMFile(path: instance.path, headerOnly: false)
        var whole = [Int32](unsafeUninitializedCapacity: format.rows * format.columns) { _, count in count = format.rows * format.columns }
        try file.decodeFrame(0, format: format, into: &whole)
        let tileSize = mosaic.tileRows * mosaic.tileColumns
        var tile = [Int32](repeating: 0, count: tileSize)
        for n in targets {
            failed[n] = decodePlane(n, planes: planes, instance: instance, counts: &counts) { slope, intercept in
                guard let k = planes[n].frame.tile, k >= 0, k < mosaic.slices else {
                    throw DICOMError(.internalError, "a mosaic plane has no tile index", file: instance.path)
                }
                whole.withUnsafeBufferPointer { w in tile.withUnsafeMutableBufferPointer { mosaic.extract(tile: k, from: w, into: $0.baseAddress!) } }
                let out = target(n)
                let result = tile.withUnsafeBufferPointer { convert($0, out, slope, intercept, instance.pixelPadding) }
                if result != nil { try emit(n, out) }
                return result
            }
        }
    }
}
