import CDcmtk
import VolumeModule

/// A DICOM Segmentation object (SEG, DICOM PS3.3 A.51 and C.8.20), read with DCMTK's dcmseg: its segments,
/// and its frames with their functional-group geometry, ready to be placed on an image grid with
/// ``masks(onto:segments:)``.
///
/// Supported: BINARY (bit-packed, any byte alignment) and FRACTIONAL (PROBABILITY/OCCUPANCY) SEGs with
/// frames in any order, sparse frames (empty frames omitted) and overlapping segments. Refused with a
/// clear ``DICOMError``: Label Map SEG (SOP class 1.2.840.10008.5.1.4.1.1.66.7, Supplement 243, not read by
/// DCMTK 3.6.7) and SEGs without NumberOfFrames.
///
/// Identifiers (series and frame-of-reference UIDs) stay internal; they are used only by
/// ``references(_:)``.
public struct DICOMSegmentation: Sendable {
    /// The segmentation type (SegmentationType (0062,0001)).
    public enum Kind: String, Sendable, Codable {
        /// One bit per pixel, 0 or 1.
        case binary
        /// 8 bits per pixel, 0…MaximumFractionalValue (probability or occupancy).
        case fractional
    }

    /// One frame: its segment, where it lies, and its pixels.
    struct Frame: Sendable {
        /// ReferencedSegmentNumber (1-based).
        var segment: Int
        /// ImagePositionPatient (LPS mm) of its first pixel's centre.
        var position: Vector3?
        /// Row (i) and column (j) direction cosines.
        var orientation: (row: Vector3, column: Vector3)?
        /// PixelSpacing (row spacing, column spacing) in mm.
        var pixelSpacing: (row: Double, column: Double)?
        /// SpacingBetweenSlices, else SliceThickness, of its PixelMeasures (mm).
        var sliceStep: Double?
    }

    /// The file as the caller named it.
    public let path: String
    /// BINARY or FRACTIONAL.
    public let kind: Kind
    /// MaximumFractionalValue (0062,000E) for FRACTIONAL (the value meaning 1.0), 1 for BINARY.
    public let maximumFractionalValue: Int
    /// Rows and columns of every frame.
    public let rows: Int
    public let columns: Int
    /// The segments of the Segment Sequence (0062,0002), by segment number.
    public let descriptions: [SegmentDescription]
    /// Frame headers, in file order.
    let frames: [Frame]
    /// Pixels of every frame, frame after frame, rows × columns bytes each (row by row): 0/1 for BINARY,
    /// 0…``maximumFractionalValue`` for FRACTIONAL.
    let pixels: [UInt8]
    /// SeriesInstanceUIDs of ReferencedSeriesSequence (0008,1115) items.
    let referencedSeriesUIDs: [String]
    /// FrameOfReferenceUID (0020,0052).
    let frameOfReferenceUID: String?

    /// Number of frames.
    public var frameCount: Int { frames.count }

    /// Reads a SEG file.
    /// - Parameter path: the file.
    /// - Throws: ``DICOMError`` naming the file and the reason: `.unsupported` (Label Map SEG, not a SEG,
    ///   undecodable transfer syntax), `.corrupt` (no NumberOfFrames, damaged data), `.missingAttribute`
    ///   (frames without a segment number).
    public static func read(path: String) throws -> DICOMSegmentation {
        let header = try DICOMFile(path: path, headerOnly: true)
        let referencedSeries = Tag(0x0008, 0x1115)
        let series = (0..<header.itemCount(referencedSeries)).compactMap {
            header.text(.seriesInstanceUID, in: [DICOMFile.Step(sequence: referencedSeries, item: $0)])
        }
        let frameOfReference = header.text(.frameOfReferenceUID)
        let seg = try SegmentationHandle(path: path)
        let info = seg.info
        let kind: Kind = info.type == 1 ? .binary : .fractional
        if kind == .fractional && info.max_fractional == 0 {
            throw DICOMError(.missingAttribute, "FRACTIONAL segmentation without a MaximumFractionalValue (0062,000E)", file: path)
        }
        var descriptions: [SegmentDescription] = []
        for index in 0..<Int(info.segments) {
            let s = try seg.segment(at: index)
            descriptions.append(SegmentDescription(
                source: .seg, number: Int(s.number),
                label: seg.text(CDCM_SEG_LABEL, ofSegmentAt: index) ?? "Segment \(s.number)",
                category: concept(seg, index, CDCM_SEG_CATEGORY_VALUE, CDCM_SEG_CATEGORY_SCHEME, CDCM_SEG_CATEGORY_MEANING),
                type: concept(seg, index, CDCM_SEG_TYPE_VALUE, CDCM_SEG_TYPE_SCHEME, CDCM_SEG_TYPE_MEANING),
                colour: s.has_cielab != 0 ? CIELabColour.rgb(fromDICOM: (s.cielab.0, s.cielab.1, s.cielab.2)) : nil,
                algorithmType: seg.text(CDCM_SEG_ALGORITHM_TYPE, ofSegmentAt: index),
                algorithmName: seg.text(CDCM_SEG_ALGORITHM_NAME, ofSegmentAt: index)))
        }
        let planeSize = Int(info.rows) * Int(info.columns)
        let count = Int(info.frames)
        var pixels = [UInt8](repeating: 0, count: planeSize * count)
        var frames: [Frame] = []
        frames.reserveCapacity(count)
        try pixels.withUnsafeMutableBufferPointer { buffer in
            for n in 0..<count {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[(n * planeSize)..<((n + 1) * planeSize)])
                let f = try seg.frame(n, pixels: slice)
                guard f.segment > 0 else {
                    throw DICOMError(.missingAttribute, "frame \(n + 1) has no ReferencedSegmentNumber (0062,000B)", file: path)
                }
                let position = f.has_position != 0 ? [f.position.0, f.position.1, f.position.2] : nil
                let orientation = f.has_orientation != 0
                    ? [f.orientation.0, f.orientation.1, f.orientation.2, f.orientation.3, f.orientation.4, f.orientation.5] : nil
                let spacing = f.has_spacing != 0 ? [f.spacing.0, f.spacing.1] : nil
                frames.append(Frame(
                    segment: Int(f.segment),
                    position: try DICOMInstance.position(Self.numbers(position), file: path, frame: n + 1),
                    orientation: try DICOMInstance.orientation(Self.numbers(orientation), file: path, frame: n + 1),
                    pixelSpacing: try DICOMInstance.spacing(Self.numbers(spacing), file: path, frame: n + 1),
                    sliceStep: f.has_slice_step != 0 && HeaderLimits.pixelSpacing.contains(f.slice_step) ? f.slice_step : nil))
            }
        }
        return DICOMSegmentation(path: path, kind: kind, maximumFractionalValue: kind == .binary ? 1 : Int(info.max_fractional),
                                 rows: Int(info.rows), columns: Int(info.columns), descriptions: descriptions, frames: frames,
                                 pixels: pixels, referencedSeriesUIDs: series, frameOfReferenceUID: frameOfReference)
    }

    /// Values the shim read as numbers, checked like an image's header values (``HeaderLimits``).
    private static func numbers(_ values: [Double]?) -> HeaderNumbers {
        guard let values else { return .absent }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { return .invalid("value \(bad + 1) of \(values.count) is not finite") }
        return .values(values)
    }

    private static func concept(_ seg: SegmentationHandle, _ index: Int, _ value: cdcm_seg_text_field,
                                _ scheme: cdcm_seg_text_field, _ meaning: cdcm_seg_text_field) -> CodedConcept? {
        guard let v = seg.text(value, ofSegmentAt: index) else { return nil }
        return CodedConcept(value: v, scheme: seg.text(scheme, ofSegmentAt: index) ?? "",
                            meaning: seg.text(meaning, ofSegmentAt: index) ?? "")
    }

    /// Whether this SEG was made on the images of `plan`: the plan's SeriesInstanceUID is one of the SEG's
    /// referenced series (ReferencedSeriesSequence); when the SEG lists no referenced series, whether both
    /// share a FrameOfReferenceUID (weaker: every series of one scan may share it).
    public func references(_ plan: VolumePlan) -> Bool {
        if !referencedSeriesUIDs.isEmpty { return referencedSeriesUIDs.contains(plan.seriesInstanceUID) }
        guard let mine = frameOfReferenceUID, let theirs = plan.frameOfReferenceUID else { return false }
        return mine == theirs
    }
}
