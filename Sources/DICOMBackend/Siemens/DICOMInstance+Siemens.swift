import VolumeModule

extension DICOMInstance {
    /// The outcome of looking for a Siemens CSA image header: the header, or why a present one is unreadable.
    enum CSAReading {
        case none
        case header(SiemensCSAHeader)
        case unreadable(String)

        var header: SiemensCSAHeader? {
            if case .header(let h) = self { return h }
            return nil
        }
    }

    /// Reads CSAImageHeaderInfo (0029,1010) when its block belongs to "SIEMENS CSA HEADER" (OB or UN bytes,
    /// at most ``SiemensCSAHeader/maximumBytes``).
    static func siemensCSAImageHeader(_ file: DICOMFile) -> CSAReading {
        guard let owner = file.text(.siemensPrivateCreator0029), owner.uppercased() == "SIEMENS CSA HEADER" else { return .none }
        guard let bytes = file.bytes(.siemensCSAImageHeader, maximumLength: SiemensCSAHeader.maximumBytes) else {
            return file.valueRepresentation(.siemensCSAImageHeader) == nil ? .none
                : .unreadable("Siemens CSA image header (0029,1010) is not OB bytes or is longer than \(SiemensCSAHeader.maximumBytes) bytes")
        }
        guard !bytes.isEmpty else { return .none }
        do {
            return .header(try SiemensCSAHeader(bytes: bytes))
        } catch let error as SiemensCSAHeader.ReadError {
            return .unreadable("Siemens CSA image header (0029,1010) is unreadable (\(error.description))")
        } catch {
            return .unreadable("Siemens CSA image header (0029,1010) could not be read")
        }
    }

    /// NumberOfImagesInMosaic: CSA first, then Siemens private (0019,100A).
    private static func mosaicSliceCount(_ file: DICOMFile, csa: SiemensCSAHeader?) -> Double? {
        if let n = csa?.numbers("NumberOfImagesInMosaic")?.first { return n }
        guard readablePrivate(file, .siemensNumberOfImagesInMosaic, creator: .siemensPrivateCreator0019, named: "SIEMENS MR HEADER"),
              case .values(let v) = file.numbers(.siemensNumberOfImagesInMosaic) else { return nil }
        return v.first
    }

    /// Splits the single frame of a Siemens mosaic into one frame per tile (``MosaicLayout``), each with its
    /// own position; every other attribute (rescale, diffusion, time) is the mosaic's.
    /// - Throws: ``DICOMError`` naming the attribute when the mosaic cannot be unpacked or placed: no or an
    ///   impossible NumberOfImagesInMosaic, an unreadable CSA header, a SliceNormalVector that is not a unit
    ///   vector perpendicular to the image plane, no slice spacing, or tiles placed beyond ``HeaderLimits``.
    static func mosaicFrames(_ file: DICOMFile, frame: FrameHeader, format: PixelFormat, csa: CSAReading,
                             acquisition: AcquisitionAttributes) throws -> (MosaicLayout, [FrameHeader]) {
        let path = file.path
        guard let count = mosaicSliceCount(file, csa: csa.header) else {
            if case .unreadable(let why) = csa { throw DICOMError(.corrupt, "\(why); the mosaic cannot be unpacked", file: path) }
            throw DICOMError(.missingAttribute, "ImageType says MOSAIC but NumberOfImagesInMosaic is in neither the CSA image header (0029,1010) nor (0019,100A); the mosaic cannot be unpacked", file: path)
        }
        guard count == count.rounded(), abs(count) <= Double(MosaicLayout.maximumSlices) else {
            throw DICOMError(.invalidValue, "NumberOfImagesInMosaic is not an integer within 1…\(MosaicLayout.maximumSlices)", file: path)
        }
        let layout: MosaicLayout
        switch MosaicLayout.make(slices: Int(count), rows: format.rows, columns: format.columns) {
        case .success(let l): layout = l
        case .failure(let problem): throw DICOMError(.invalidValue, "Siemens mosaic: \(problem.text); the mosaic cannot be unpacked", file: path)
        }
        guard let position = frame.position, let orientation = frame.orientation, let spacing = frame.pixelSpacing else {
            // Left unplaced: the assembly reports the missing attribute once for the file.
            return (layout, (0..<layout.slices).map { k in var h = frame; h.tile = k; h.position = nil; return h })
        }
        let planeNormal = orientation.row.cross(orientation.column).normalized
        var normal = planeNormal
        if let v = csa.header?.numbers("SliceNormalVector") {
            let n = v.count == 3 ? Vector3(v[0], v[1], v[2]) : Vector3(0, 0, 0)
            let length = n.dot(n).squareRoot()
            guard v.count == 3, abs(length - 1) <= HeaderLimits.orientationTolerance,
                  abs(n.dot(orientation.row)) <= HeaderLimits.orientationTolerance,
                  abs(n.dot(orientation.column)) <= HeaderLimits.orientationTolerance else {
                throw DICOMError(.invalidValue, "CSA SliceNormalVector is not a unit vector perpendicular to ImageOrientationPatient; the mosaic cannot be placed", file: path)
            }
            normal = n / length
        }
        var step = 0.0
        if layout.slices > 1 {
            let candidates: [(String, Double?)] = [("SpacingBetweenSlices (0018,0088)", acquisition.spacingBetweenSlices),
                                                   ("SliceThickness (0018,0050)", acquisition.sliceThickness)]
            guard let (name, value) = candidates.first(where: { $0.1 != nil }), let value else {
                throw DICOMError(.missingAttribute, "a Siemens mosaic of \(layout.slices) slices has neither SpacingBetweenSlices (0018,0088) nor SliceThickness (0018,0050); its slices cannot be placed", file: path)
            }
            guard HeaderLimits.pixelSpacing.contains(value) else {
                throw DICOMError(.invalidValue, "\(name) of a Siemens mosaic is outside \(HeaderLimits.pixelSpacing.lowerBound)…\(HeaderLimits.pixelSpacing.upperBound) mm", file: path)
            }
            step = value
        }
        let positions = layout.tilePositions(position: position, row: orientation.row, column: orientation.column,
                                             pixelSpacing: spacing, normal: normal, step: step)
        guard positions.allSatisfy({ max(abs($0.x), abs($0.y), abs($0.z)) <= HeaderLimits.maximumCoordinate }) else {
            throw DICOMError(.invalidValue, "the slices of a Siemens mosaic would lie beyond ±\(HeaderLimits.maximumCoordinate) mm", file: path)
        }
        let frames = positions.enumerated().map { k, p in var h = frame; h.tile = k; h.position = p; return h }
        return (layout, frames)
    }

    /// Siemens: b-value and direction from the CSA image header (`B_value`, `DiffusionGradientDirection`,
    /// the direction in patient LPS), else from private (0019,100C)/(0019,100E) under "SIEMENS MR HEADER".
    static func siemensDiffusion(_ file: DICOMFile, csa: SiemensCSAHeader?) -> DiffusionReading? {
        var b: Double?, direction: [Double]?, source = ""
        if let csa, let value = csa.numbers("B_value")?.first {
            b = value
            direction = csa.numbers("DiffusionGradientDirection")
            source = "Siemens CSA B_value (0029,1010)"
        } else if readablePrivate(file, .siemensBValue, creator: .siemensPrivateCreator0019, named: "SIEMENS MR HEADER"),
                  case .values(let v) = file.numbers(.siemensBValue) {
            b = v.first
            if readablePrivate(file, .siemensGradientDirection, creator: .siemensPrivateCreator0019, named: "SIEMENS MR HEADER"),
               case .values(let d) = file.numbers(.siemensGradientDirection) { direction = d }
            source = "Siemens private B_value (0019,100C)"
        }
        guard let b else { return nil }
        guard b.isFinite, HeaderLimits.diffusionBValue.contains(b) else {
            return DiffusionReading(warning: "\(source) is outside \(Int(HeaderLimits.diffusionBValue.lowerBound))…\(Int(HeaderLimits.diffusionBValue.upperBound)) s/mm²; b-value ignored")
        }
        guard let d = direction else { return DiffusionReading(encoding: DiffusionEncoding(bValue: b, direction: nil, source: source)) }
        guard d.count == 3, d.allSatisfy({ abs($0) <= HeaderLimits.maximumDirectionComponent }) else {
            return DiffusionReading(encoding: DiffusionEncoding(bValue: b, direction: nil, source: source),
                                    warning: "the Siemens gradient direction does not have 3 components within ±\(HeaderLimits.maximumDirectionComponent); direction ignored")
        }
        let v = Vector3(d[0], d[1], d[2])
        let length = v.dot(v).squareRoot()
        return DiffusionReading(encoding: DiffusionEncoding(bValue: b, direction: length > 1e-6 ? v / length : nil, source: source))
    }
}
