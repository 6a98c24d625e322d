import VolumeModule

extension DICOMInstance {
    /// Whether `file` is a United Imaging "VFRAME" mosaic: Manufacturer UIH, ImageType VFRAME, and the private
    /// block (0065,00xx) "Image Private Header" stating a slice count (0065,1050).
    static func isUIHMosaic(_ file: DICOMFile, imageType: [String], manufacturer: String?) -> Bool {
        guard (manufacturer ?? "").uppercased().hasPrefix("UIH"), imageType.contains("VFRAME"),
              let owner = file.text(.uihPrivateCreator0065), owner.uppercased() == "IMAGE PRIVATE HEADER" else { return false }
        return file.valueRepresentation(.uihMosaicSliceCount) != nil
    }

    /// Splits the single frame of a United Imaging VFRAME mosaic into one frame per tile (``MosaicLayout``): the
    /// slice count from (0065,1050), the tile size from AcquisitionMatrix (0018,1310), and each tile's
    /// ImagePositionPatient from item k of (0065,1051) (dcm2niix reads the same attributes). Every other
    /// attribute (orientation, rescale, diffusion) is the mosaic's.
    /// - Throws: ``DICOMError`` naming the attribute: a slice count that is not an integer in range, an
    ///   AcquisitionMatrix that does not give one tile size dividing the image, a per-slice sequence whose item count
    ///   differs from the slice count, or an item without a usable ImagePositionPatient.
    static func uihMosaicFrames(_ file: DICOMFile, frame: FrameHeader, format: PixelFormat) throws -> (MosaicLayout, [FrameHeader]) {
        let path = file.path
        guard case .values(let n) = file.numbers(.uihMosaicSliceCount), n.count == 1, n[0] == n[0].rounded(),
              n[0] >= 1, n[0] <= Double(MosaicLayout.maximumSlices) else {
            throw DICOMError(.invalidValue, "United Imaging slice count (0065,1050) is not one integer within 1…\(MosaicLayout.maximumSlices); the mosaic cannot be unpacked", file: path)
        }
        let slices = Int(n[0])
        // AcquisitionMatrix: one of frequency rows/columns and one of phase rows/columns is non-zero; try both ways
        // round and keep the tile sizes that divide the image (one, or two equal ones for a square tile).
        guard case .values(let m) = file.numbers(.acquisitionMatrix), m.count == 4,
              m.allSatisfy({ $0 >= 0 && $0 <= 65_535 && $0 == $0.rounded() }) else {
            throw DICOMError(.missingAttribute, "a United Imaging mosaic needs AcquisitionMatrix (0018,1310) as 4 integers for its tile size", file: path)
        }
        let frequency = Int(max(m[0], m[1])), phase = Int(max(m[2], m[3]))
        var layouts: [MosaicLayout] = []
        for (tileRows, tileColumns) in [(frequency, phase), (phase, frequency)] {
            if case .success(let l) = MosaicLayout.make(slices: slices, tileRows: tileRows, tileColumns: tileColumns,
                                                        rows: format.rows, columns: format.columns), !layouts.contains(l) {
                layouts.append(l)
            }
        }
        guard layouts.count == 1, let layout = layouts.first else {
            throw DICOMError(.invalidValue, layouts.isEmpty
                ? "United Imaging mosaic: AcquisitionMatrix (0018,1310) gives no tile size that divides the \(format.columns)×\(format.rows) image into \(slices) tiles"
                : "United Imaging mosaic: AcquisitionMatrix (0018,1310) fits the image both ways round; the tile size is ambiguous", file: path)
        }
        let items = file.itemCount(.uihMosaicSliceSequence)
        guard items == slices else {
            throw DICOMError(.invalidValue, "United Imaging per-slice sequence (0065,1051) has \(items) item(s) for \(slices) slices; the mosaic cannot be placed", file: path)
        }
        var frames: [FrameHeader] = []
        frames.reserveCapacity(slices)
        for k in 0..<slices {
            let numbers = file.numbers(.imagePositionPatient, in: [.init(sequence: .uihMosaicSliceSequence, item: k)])
            guard let position = try Self.position(numbers, file: path, frame: k) else {
                throw DICOMError(.missingAttribute, "United Imaging per-slice item \(k + 1) of (0065,1051) has no ImagePositionPatient; the mosaic cannot be placed", file: path)
            }
            var h = frame
            h.tile = k
            h.position = position
            frames.append(h)
        }
        return (layout, frames)
    }

    /// United Imaging: b-value (0065,1009) and direction (0065,1037) under "Image Private Header" (FD only). The
    /// direction's components are along ImageOrientationPatient's row, column and their normal; it is turned into
    /// patient LPS with them (and kept only for grouping when the orientation is unusable).
    static func uihDiffusion(_ file: DICOMFile) -> DiffusionReading? {
        let name = "United Imaging private b-value (0065,1009)"
        guard readablePrivate(file, .uihBValue, creator: .uihPrivateCreator0065, named: "Image Private Header") else { return nil }
        switch file.numbers(.uihBValue) {
        case .absent: return nil
        case .invalid(let why): return DiffusionReading(warning: "\(name) \(why); b-value ignored")
        case .values(let v):
            guard let b = v.first, b.isFinite, HeaderLimits.diffusionBValue.contains(b) else {
                return DiffusionReading(warning: "\(name) is outside the accepted range; b-value ignored")
            }
            var encoding = DiffusionEncoding(bValue: b, direction: nil, source: name)
            if readablePrivate(file, .uihGradientDirection, creator: .uihPrivateCreator0065, named: "Image Private Header"),
               case .values(let d) = file.numbers(.uihGradientDirection), d.count == 3,
               d.allSatisfy({ abs($0) <= HeaderLimits.maximumDirectionComponent }) {
                let length = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot()
                if length > 1e-6 {
                    // The components are along the image row, column and normal (not patient axes): on an oblique
                    // uMR 770 DTI they equal dcm2niix's .bvec up to its y flip.
                    encoding.groupingDirection = Vector3(d[0] / length, d[1] / length, d[2] / length)
                    encoding.direction = imageFrameDirection(file, along: (d[0], d[1], d[2]))
                }
            }
            return DiffusionReading(encoding: encoding)
        }
    }
}
