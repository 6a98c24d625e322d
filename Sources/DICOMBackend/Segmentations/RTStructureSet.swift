import CDcmtk
import Foundation
import VolumeModule

/// An RT Structure Set (DICOM PS3.3 A.19; Structure Set module C.8.8.5, ROI Contour module C.8.8.6), read
/// through DCMTK's dcmrt: the ROIs with their descriptions, every contour in patient coordinates, and what
/// image series it was drawn on.
///
/// Turn it into masks on an image grid with ``masks(onto:roiNames:partialVolume:)``; check it belongs to
/// a volume with ``references(_:)``. The referenced series and frame-of-reference UIDs are kept internal
/// and never appear in messages.
public struct RTStructureSet: Sendable {
    /// One item of a Contour Sequence (3006,0040).
    public struct Contour: Sendable {
        /// ReferencedROINumber (3006,0084) of the ROI Contour item the contour belongs to.
        public var roiNumber: Int
        /// ContourGeometricType (3006,0042): `CLOSED_PLANAR` fills; `POINT`, `OPEN_PLANAR` and
        /// `OPEN_NONPLANAR` are ignored by the rasteriser (with a warning).
        public var geometricType: String
        /// ContourData (3006,0050): vertices in patient coordinates LPS, millimetres, in drawing order
        /// (the closing edge from the last vertex back to the first is implied for CLOSED_PLANAR).
        public var points: [Vector3]
        /// ReferencedSOPInstanceUIDs of the ContourImageSequence (3006,0016); informative only, since
        /// contours are placed on slices by geometry.
        var imageSOPInstanceUIDs: [String]
    }

    /// The file it was read from (as given).
    public var path: String
    /// The ROIs of the Structure Set ROI Sequence (3006,0020), in file order, as segment descriptions
    /// (`source` `.rtstruct`, `number` = ROINumber, `label` = ROIName, `colour` = ROIDisplayColor,
    /// `algorithmType` = ROIGenerationAlgorithm, `algorithmName` = ROIGenerationDescription).
    public var descriptions: [SegmentDescription]
    /// All contours of all ROIs, in ROI Contour Sequence order.
    public var contours: [Contour]
    /// Problems found while reading that did not stop it (contours of undeclared ROIs, malformed contour
    /// data). Never holds patient data.
    public var warnings: [String]
    /// SeriesInstanceUIDs of RTReferencedSeriesSequence (3006,0014) items.
    var referencedSeriesUIDs: Set<String>
    /// FrameOfReferenceUIDs of the Referenced Frame of Reference Sequence (3006,0010) and of the ROIs'
    /// ReferencedFrameOfReferenceUID (3006,0024).
    var frameOfReferenceUIDs: Set<String>

    /// Reads an RT Structure Set file.
    /// - Parameter path: the file.
    /// - Throws: ``DICOMError`` naming the file: `.notDICOM`, `.corrupt`, `.unsupported` when the file is
    ///   DICOM but not an RT Structure Set, `.fileAccess` when it cannot be opened.
    public static func read(path: String) throws -> RTStructureSet {
        var message = [CChar](repeating: 0, count: 512)
        var out: OpaquePointer?
        let status = cdcm_rtstruct_open(path, &out, &message, message.count)
        guard status == CDCM_OK, let handle = out else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let code: DICOMError.Code = reason.hasPrefix("cannot open") ? .fileAccess : DICOMFile.code(status)
            throw DICOMError(code, reason.isEmpty ? "RT Structure Set could not be read" : reason, file: path)
        }
        defer { cdcm_rtstruct_close(handle) }
        return RTStructureSet(path: path, handle: handle)
    }

    /// Copies everything out of a shim handle.
    private init(path: String, handle: OpaquePointer) {
        self.path = path
        descriptions = []
        contours = []
        warnings = []
        referencedSeriesUIDs = []
        frameOfReferenceUIDs = []
        for n in 0..<cdcm_rtstruct_reference_count(handle) {
            var reference = cdcm_rt_reference()
            guard cdcm_rtstruct_reference(handle, n, &reference) == CDCM_OK else { continue }
            let frame = String(cString: reference.frame_of_reference_uid)
            let series = String(cString: reference.series_instance_uid)
            if !frame.isEmpty { frameOfReferenceUIDs.insert(frame) }
            if !series.isEmpty { referencedSeriesUIDs.insert(series) }
        }
        for n in 0..<cdcm_rtstruct_roi_count(handle) {
            var roi = cdcm_rt_roi()
            guard cdcm_rtstruct_roi(handle, n, &roi) == CDCM_OK else { continue }
            let frame = String(cString: roi.frame_of_reference_uid)
            if !frame.isEmpty { frameOfReferenceUIDs.insert(frame) }
            let algorithm = String(cString: roi.generation_algorithm)
            let algorithmName = String(cString: roi.generation_description)
            let colour = roi.has_colour != 0 ? [roi.colour.0, roi.colour.1, roi.colour.2] : nil
            descriptions.append(SegmentDescription(
                source: .rtstruct, number: Int(roi.number), label: String(cString: roi.name), colour: colour,
                algorithmType: algorithm.isEmpty ? nil : algorithm, algorithmName: algorithmName.isEmpty ? nil : algorithmName))
        }
        let declared = Set(descriptions.map(\.number))
        var undeclared = Set<Int>()
        for n in 0..<cdcm_rtstruct_contour_count(handle) {
            var c = cdcm_rt_contour()
            guard cdcm_rtstruct_contour(handle, n, &c) == CDCM_OK else { continue }
            var points: [Vector3] = []
            points.reserveCapacity(c.point_count)
            if let p = c.points {
                for v in 0..<c.point_count { points.append(Vector3(p[3 * v], p[3 * v + 1], p[3 * v + 2])) }
            }
            let images = (0..<c.image_count).compactMap { cdcm_rtstruct_contour_image(handle, n, $0).map { String(cString: $0) } }
            let roiNumber = Int(c.roi_number)
            if !declared.contains(roiNumber) { undeclared.insert(roiNumber) }
            contours.append(Contour(roiNumber: roiNumber, geometricType: String(cString: c.geometric_type),
                                    points: points, imageSOPInstanceUIDs: images))
        }
        for number in undeclared.sorted() {
            warnings.append("contours reference ROI number \(number), which the Structure Set ROI Sequence does not declare; they are ignored")
        }
        if contours.contains(where: { $0.points.contains { !($0.x.isFinite && $0.y.isFinite && $0.z.isFinite) } }) {
            warnings.append("some contour data are not finite numbers; those contours are ignored")
        }
    }

    /// The description of ROI `number`, if declared.
    public func description(ofROI number: Int) -> SegmentDescription? {
        descriptions.first { $0.number == number }
    }
}
