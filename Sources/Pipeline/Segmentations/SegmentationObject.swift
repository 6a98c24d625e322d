import DICOMBackend
import Foundation
import VolumeModule

/// One DICOM SEG (PS3.3 A.51) or RT Structure Set (PS3.3 A.19) of a study, read once, with what it says about
/// itself and which image volume it was drawn on. What ``SegmentationImport``, `radstation convert` and
/// `radstation masks list` work from.
public struct SegmentationObject: Sendable {
    /// What was read.
    public enum Content: Sendable {
        /// A DICOM Segmentation (BINARY or FRACTIONAL).
        case seg(DICOMSegmentation)
        /// An RT Structure Set (contours, rasterised on demand).
        case rtstruct(RTStructureSet)
    }

    /// 1-based number of the object within its study, in path order (the `k` of `<volume>_seg<k>-<n>`).
    public var number: Int
    /// The file (as scanned). Never printed by the pipeline's stage logs; only `convert`'s error list names it.
    public var path: String
    /// What was read from the file.
    public var content: Content
    /// Who made the object: ContentCreatorName (0070,0084), else SeriesDescription. Patient-data rules apply:
    /// used only to tell readers apart (``ReaderNumbering``), never written or logged.
    public var readerName: String? = nil

    /// SOP Class UID of Segmentation Storage (PS3.4 B.5).
    public static let segClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
    /// SOP Class UID of RT Structure Set Storage (PS3.4 B.5).
    public static let rtstructClassUID = "1.2.840.10008.5.1.4.1.1.481.3"

    /// SEG or RTSTRUCT.
    public var kind: SegmentationSource {
        if case .seg = content { return .seg }
        return .rtstruct
    }

    /// Every segment or ROI the object declares, in file order.
    public var descriptions: [SegmentDescription] {
        switch content {
        case .seg(let s): return s.descriptions
        case .rtstruct(let r): return r.descriptions
        }
    }

    /// Whether the object was drawn on the images of `plan` (referenced series, else frame of reference).
    public func references(_ plan: VolumePlan) -> Bool {
        switch content {
        case .seg(let s): return s.references(plan)
        case .rtstruct(let r): return r.references(plan)
        }
    }

    /// The index in `plans` of the volume the object lies on: a referenced primary volume first, else the
    /// only referenced one (a split series' primary acquisition wins over its localizer).
    /// - Throws: ``DICOMError`` naming the file when no plan, or several primary plans, are referenced.
    public func target(among plans: [VolumePlan]) throws -> Int {
        let matching = plans.indices.filter { references(plans[$0]) }
        let primary = matching.filter { plans[$0].role == .primary }
        if primary.count == 1 { return primary[0] }
        if primary.isEmpty, matching.count == 1 { return matching[0] }
        if matching.isEmpty {
            throw DICOMError(.inconsistent, "the image series this \(kindName) references is not among the \(plans.count) volume(s) found",
                             file: path)
        }
        if case .seg = content, let first = primary.first { return first }
        throw DICOMError(.inconsistent, "the \(kindName) references \(primary.count) volumes; cannot choose one", file: path)
    }

    /// "segmentation" or "structure set", for messages.
    public var kindName: String { kind == .seg ? "segmentation" : "structure set" }

    /// The segments or ROIs as masks on `geometry` (normally the target volume's grid).
    /// - Parameters:
    ///   - names: segment labels / ROI names to keep, compared case-insensitively; `nil` keeps all. Names the
    ///     object does not have are ignored here (the caller reports names found nowhere).
    ///   - partialVolume: RTSTRUCT only: also compute the fraction of each voxel inside, from
    ///     `partialVolume²` in-plane samples per pixel.
    /// - Throws: ``DICOMError`` naming the file (orientation/spacing mismatch, frames off the grid…).
    public func masks(onto geometry: VolumeGeometry, names: [String]? = nil, partialVolume: Int? = nil) throws -> [SegmentMask] {
        let wanted = names.map { Set($0.map { $0.lowercased() }) }
        let kept = descriptions.filter { wanted?.contains($0.label.lowercased()) ?? true }
        if names != nil && kept.isEmpty { return [] }
        switch content {
        case .seg(let s):
            return try s.masks(onto: geometry, segments: names == nil ? nil : kept.map(\.number))
        case .rtstruct(let r):
            return try r.masks(onto: geometry, roiNames: names == nil ? nil : kept.map(\.label), partialVolume: partialVolume)
        }
    }

    /// Reads every SEG and RTSTRUCT among `instances`, numbered 1, 2, … in path order.
    /// - Returns: the objects read, and one ``DICOMError`` (naming the file and the reason) per object that
    ///   could not be read.
    public static func read(_ instances: [DICOMInstance]) -> (objects: [SegmentationObject], failures: [DICOMError]) {
        let candidates = instances.filter { $0.sopClassUID == segClassUID || $0.sopClassUID == rtstructClassUID }
            .sorted { $0.path < $1.path }
        var objects: [SegmentationObject] = []
        var failures: [DICOMError] = []
        for (k, instance) in candidates.enumerated() {
            do {
                let content: Content = instance.sopClassUID == segClassUID
                    ? .seg(try DICOMSegmentation.read(path: instance.path))
                    : .rtstruct(try RTStructureSet.read(path: instance.path))
                var object = SegmentationObject(number: k + 1, path: instance.path, content: content)
                object.readerName = [instance.identity.contentCreatorName, instance.identity.seriesDescription]
                    .compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
                objects.append(object)
            } catch let error as DICOMError {
                failures.append(error)
            } catch {
                failures.append(DICOMError(.internalError, "\(error)", file: instance.path))
            }
        }
        return (objects, failures)
    }
}
