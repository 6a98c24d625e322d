import DICOMBackend
import VolumeModule

/// MR acquisition fields of a sidecar, named and in the units of dcm2niix's BIDS JSON where they overlap (BIDS
/// "MR Sequence Specifics" / "Timing Parameters": times in seconds, angles in degrees, field strength in tesla),
/// from ``DICOMBackend/MRAcquisition``'s allow-list: no site, operator, patient or free-text value.
public struct BIDSFields: Sendable, Codable, Equatable {
    public var Manufacturer: String?
    public var ManufacturersModelName: String?
    public var MagneticFieldStrength: Double?
    public var MRAcquisitionType: String?
    public var ScanningSequence: String?
    public var SequenceVariant: String?
    public var ScanOptions: String?
    public var SequenceName: String?
    public var SliceThickness: Double?
    public var SpacingBetweenSlices: Double?
    /// Seconds.
    public var EchoTime: Double?
    public var RepetitionTime: Double?
    public var InversionTime: Double?
    public var FlipAngle: Double?
    public var EchoNumber: Int?
    public var ImagingFrequency: Double?
    public var PixelBandwidth: Double?
    public var InPlanePhaseEncodingDirectionDICOM: String?
    /// Seconds from the start of the volume, one per slice in the order of the written volume (slice k = index k).
    public var SliceTiming: [Double]?

    /// The fields of an MR plan, or `nil` for other modalities.
    public init?(plan: VolumePlan, instances: [DICOMInstance]) {
        let first = instances[plan.planes[0].instance]
        guard plan.modality == "MR", let mr = first.mr else { return nil }
        func joined(_ v: [String]) -> String? { v.isEmpty ? nil : v.joined(separator: "\\") }
        Manufacturer = mr.manufacturer.map(Self.vendor)
        ManufacturersModelName = mr.modelName
        MagneticFieldStrength = mr.fieldStrength
        MRAcquisitionType = mr.acquisitionType
        ScanningSequence = joined(mr.scanningSequence)
        SequenceVariant = joined(mr.sequenceVariant)
        ScanOptions = joined(mr.scanOptions)
        SequenceName = mr.sequenceName
        SliceThickness = first.acquisition.sliceThickness
        SpacingBetweenSlices = first.acquisition.spacingBetweenSlices
        EchoTime = (plan.planes[0].frame.echoTime ?? mr.echoTime).map { $0 / 1000 }
        RepetitionTime = mr.repetitionTime.map { $0 / 1000 }
        InversionTime = mr.inversionTime.map { $0 / 1000 }
        FlipAngle = mr.flipAngle
        EchoNumber = mr.echoNumber
        ImagingFrequency = mr.imagingFrequency
        PixelBandwidth = mr.pixelBandwidth
        InPlanePhaseEncodingDirectionDICOM = mr.phaseEncodingDirection
        // Mosaic slice times by tile, reordered as the volume's slices (sorted along row × column, as the loader).
        if let times = mr.sliceTimes {
            let normal = plan.rowDirection.cross(plan.columnDirection).normalized
            let tiles = plan.planes.filter { $0.instance == plan.planes[0].instance }
                .sorted { normal.dot($0.frame.position!) < normal.dot($1.frame.position!) }.compactMap(\.frame.tile)
            SliceTiming = tiles.count == times.count && tiles.allSatisfy({ $0 < times.count }) ? tiles.map { times[$0] / 1000 } : nil
        }
    }

    /// dcm2niix's short vendor names.
    static func vendor(_ manufacturer: String) -> String {
        let m = manufacturer.uppercased()
        if m.hasPrefix("GE") { return "GE" }
        if m.hasPrefix("SIEMENS") { return "Siemens" }
        if m.hasPrefix("PHILIPS") { return "Philips" }
        if m.hasPrefix("TOSHIBA") || m.hasPrefix("CANON") { return "Canon" }
        if m.hasPrefix("HITACHI") { return "Hitachi" }
        if m.hasPrefix("UIH") || m.hasPrefix("UNITED IMAGING") { return "UIH" }
        return manufacturer
    }
}
