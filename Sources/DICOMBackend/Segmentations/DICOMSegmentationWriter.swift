import CDcmtk
import Foundation
import VolumeModule

/// Writes masks as a BINARY DICOM Segmentation (PS3.3 A.51) with DCMTK's dcmseg, referencing the image
/// series they were made on.
///
/// The SEG's frames lie on the image volume's grid: rows × columns = size.j × size.i, shared
/// PlaneOrientation (direction columns 1–2) and PixelMeasures (PixelSpacing = [spacing.y, spacing.x],
/// SliceThickness = SpacingBetweenSlices = spacing.z), per-frame PlanePosition = centre of voxel (0, 0, k),
/// dimensions (ReferencedSegmentNumber, ImagePositionPatient). Patient, study and frame of reference come
/// from the first source image; the series is new. Every source instance is listed in
/// ReferencedSeriesSequence; each frame whose slice is an acquired plane names it in DerivationImageSequence
/// (slices the loader interpolated have none).
///
/// Frames: by default only slices where the segment is non-empty (as highdicom's `omit_empty_frames`), and
/// one empty frame at slice 0 for a segment that is empty everywhere, so every segment has a frame;
/// ``includeEmptySlices`` writes every slice of every segment.
public struct DICOMSegmentationWriter: Sendable {
    /// Manufacturer (0008,0070) and ManufacturerModelName (0008,1090).
    public var manufacturer: String
    /// SoftwareVersions (0018,1020); also appended to the default SegmentAlgorithmName.
    public var softwareVersion: String
    /// SeriesDescription (0008,103E) of the new series.
    public var seriesDescription: String
    /// SeriesNumber (0020,0011) of the new series.
    public var seriesNumber: Int
    /// ContentLabel (0070,0080): upper case letters, digits, "_" (CS), at most 16 characters.
    public var contentLabel: String
    /// ContentCreatorName (0070,0084), a person name, or empty.
    public var contentCreator: String
    /// Write a frame for every slice of every segment, empty or not.
    public var includeEmptySlices: Bool

    /// Creates a writer; the defaults name RadStation as manufacturer and algorithm.
    public init(manufacturer: String = "RadStation", softwareVersion: String = "0.1", seriesDescription: String = "RadStation segmentation",
                seriesNumber: Int = 9001, contentLabel: String = "RADSTATION", contentCreator: String = "",
                includeEmptySlices: Bool = false) {
        self.manufacturer = manufacturer
        self.softwareVersion = softwareVersion
        self.seriesDescription = seriesDescription
        self.seriesNumber = seriesNumber
        self.contentLabel = contentLabel
        self.contentCreator = contentCreator
        self.includeEmptySlices = includeEmptySlices
    }

    /// Writes `segments` (segment numbers are assigned 1, 2, … in this order) as one SEG file.
    /// - Parameters:
    ///   - segments: masks (non-zero = inside) on `geometry`, with what to say about each. A missing
    ///     category or type defaults to SCT 91723000 "Anatomical Structure" / SCT 85756007 "Tissue"; a
    ///     missing algorithm type to AUTOMATIC and name to "RadStation <version>"; MANUAL segments carry no
    ///     SegmentAlgorithmName (PS3.3 C.8.20.2 requires it only for the other types; dcmseg drops it).
    ///   - geometry: the image volume's grid (as loaded from `plan`).
    ///   - plan, instances: the source series, from ``SeriesAssembly``.
    ///   - path: the output file.
    /// - Throws: ``DICOMError``: `.inconsistent` when a mask is not on `geometry` or there is nothing to
    ///   write; DCMTK's reason when the object cannot be built or written.
    public func write(_ segments: [(mask: Mask, description: SegmentDescription)], geometry: VolumeGeometry,
                      plan: VolumePlan, instances: [DICOMInstance], to path: String) throws {
        guard !segments.isEmpty else { throw DICOMError(.inconsistent, "no segments to write", file: path) }
        for (n, s) in segments.enumerated() where !s.mask.geometry.isCongruent(with: geometry) {
            throw DICOMError(.inconsistent, "mask \(n + 1) (\(s.description.label)) is not on the image grid", file: path)
        }
        let size = geometry.size
        guard size.i <= 65535 && size.j <= 65535 else {
            throw DICOMError(.inconsistent, "frames larger than 65535 pixels cannot be written", file: path)
        }
        let writer = try Handle(source: instances[plan.planes[0].instance].path, rows: size.j, columns: size.i, options: self, path: path)
        let d = geometry.direction.columns
        try writer.call("geometry") { message, capacity in
            let orientation = [d.0.x, d.0.y, d.0.z, d.1.x, d.1.y, d.1.z]
            let spacing = [geometry.spacing.y, geometry.spacing.x]
            return cdcm_seg_writer_set_geometry(writer.pointer, orientation, spacing, geometry.spacing.z, message, capacity)
        }
        for plane in plan.planes {
            let instance = instances[plane.instance]
            guard let series = instance.seriesInstanceUID, let sop = instance.sopInstanceUID else { continue }
            try writer.call("reference") { cdcm_seg_writer_add_reference(writer.pointer, series, instance.sopClassUID, sop, $0, $1) }
        }
        let sources = sourcePlanes(of: geometry, plan: plan, instances: instances)
        let planeSize = size.i * size.j
        for (mask, description) in segments {
            let number = try writer.addSegment(description, defaultAlgorithm: "RadStation \(softwareVersion)")
            var written = 0
            try mask.voxels.withUnsafeBufferPointer { voxels in
                for k in 0..<size.k {
                    let plane = UnsafeBufferPointer(rebasing: voxels[(k * planeSize)..<((k + 1) * planeSize)])
                    let empty = !plane.contains { $0 != 0 }
                    let lastChance = k == size.k - 1 && written == 0
                    guard includeEmptySlices || !empty || lastChance else { continue }
                    let frame = lastChance && empty ? UnsafeBufferPointer(rebasing: voxels[0..<planeSize]) : plane
                    let slice = lastChance && empty ? 0 : k
                    let position = geometry.physicalPoint(i: 0, j: 0, k: slice)
                    let source = sources[slice]
                    try writer.call("frame") { message, capacity in
                        cdcm_seg_writer_add_frame(writer.pointer, number, frame.baseAddress, frame.count,
                                                  [position.x, position.y, position.z], UInt32(slice + 1),
                                                  source?.sopClass, source?.sopInstance, message, capacity)
                    }
                    written += 1
                }
            }
        }
        try writer.call("save") { cdcm_seg_writer_save(writer.pointer, path, $0, $1) }
    }

    /// The acquired plane (SOP class and instance UID) at each grid slice, `nil` for interpolated slices.
    private func sourcePlanes(of geometry: VolumeGeometry, plan: VolumePlan, instances: [DICOMInstance])
        -> [(sopClass: String, sopInstance: String)?] {
        var result = [(sopClass: String, sopInstance: String)?](repeating: nil, count: geometry.size.k)
        for plane in plan.planes {
            let instance = instances[plane.instance]
            guard let position = plane.frame.position, let sop = instance.sopInstanceUID,
                  let c = geometry.continuousIndex(at: position) else { continue }
            let k = c.z.rounded()
            guard abs(c.z - k) <= 0.01, k >= 0, Int(k) < geometry.size.k else { continue }
            result[Int(k)] = (instance.sopClassUID, sop)
        }
        return result
    }
}

extension DICOMSegmentationWriter {
    /// Owns a shim writer handle (DESIGN.md §9.4).
    fileprivate final class Handle {
        let pointer: OpaquePointer
        let path: String

        init(source: String, rows: Int, columns: Int, options: DICOMSegmentationWriter, path: String) throws {
            self.path = path
            var message = [CChar](repeating: 0, count: 512)
            var out: OpaquePointer?
            let status = options.manufacturer.withCString { manufacturer in
                options.softwareVersion.withCString { version in
                    options.seriesDescription.withCString { description in
                        options.contentLabel.withCString { label in
                            options.contentCreator.withCString { creator in
                                "".withCString { empty in
                                    "1".withCString { serial in
                                        var o = cdcm_seg_writer_options(
                                            manufacturer: manufacturer, model_name: manufacturer, device_serial_number: serial,
                                            software_versions: version, series_description: description,
                                            series_number: UInt32(max(0, options.seriesNumber)), content_label: label,
                                            content_description: empty, content_creator: creator)
                                        return cdcm_seg_writer_create(source, UInt32(rows), UInt32(columns), &o, &out, &message, message.count)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            guard status == CDCM_OK, let opened = out else {
                throw DICOMError(DICOMFile.code(status), SegmentationHandle.text(message), file: path)
            }
            pointer = opened
        }

        deinit { cdcm_seg_writer_destroy(pointer) }

        /// Runs a shim call with a message buffer and turns a failure into a ``DICOMError``.
        func call(_ what: String, _ body: (UnsafeMutablePointer<CChar>, Int) -> cdcm_status) throws {
            var message = [CChar](repeating: 0, count: 512)
            let status = message.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
            guard status == CDCM_OK else {
                throw DICOMError(DICOMFile.code(status), "writing the segmentation (\(what)): " + SegmentationHandle.text(message), file: path)
            }
        }

        /// Adds a segment and returns its number.
        func addSegment(_ d: SegmentDescription, defaultAlgorithm: String) throws -> UInt32 {
            let category = d.category ?? CodedConcept(value: "91723000", scheme: "SCT", meaning: "Anatomical Structure")
            let type = d.type ?? CodedConcept(value: "85756007", scheme: "SCT", meaning: "Tissue")
            let algorithmType: Int32 = switch d.algorithmType?.uppercased() {
            case "SEMIAUTOMATIC": 2
            case "MANUAL": 3
            default: 1
            }
            let name = d.algorithmName ?? defaultAlgorithm
            let lab: [UInt16]? = d.colour.flatMap { $0.count == 3 ? CIELabColour.dicomLab(fromRGB: $0) : nil }.map { [$0.0, $0.1, $0.2] }
            var number: UInt32 = 0
            try call("segment \(d.label)") { message, capacity in
                if let lab {
                    return cdcm_seg_writer_add_segment(pointer, d.label, category.value, category.scheme, category.meaning, type.value,
                                                       type.scheme, type.meaning, algorithmType, name, lab, &number, message, capacity)
                }
                return cdcm_seg_writer_add_segment(pointer, d.label, category.value, category.scheme, category.meaning, type.value,
                                                   type.scheme, type.meaning, algorithmType, name, nil, &number, message, capacity)
            }
            return number
        }
    }
}
