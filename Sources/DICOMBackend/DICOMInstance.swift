import VolumeModule

/// Geometry and value transform of one frame (a single-frame object has one; an enhanced multi-frame
/// object one per frame, from its functional groups, DICOM PS3.3 C.7.6.16).
public struct FrameHeader: Sendable {
    /// 0-based frame number in the file.
    public var frame: Int
    /// ImagePositionPatient (LPS mm), if present.
    public var position: Vector3?
    /// ImageOrientationPatient: row (i) and column (j) direction cosines, if present.
    public var orientation: (row: Vector3, column: Vector3)?
    /// PixelSpacing as (row spacing, column spacing) in mm, if present.
    public var pixelSpacing: (row: Double, column: Double)?
    /// RescaleSlope (1 when absent).
    public var rescaleSlope: Double
    /// RescaleIntercept (0 when absent).
    public var rescaleIntercept: Double
    /// Frame acquisition time, for splitting repeated positions (text as in the file, not written out).
    var acquisitionTime: String?
    /// TemporalPositionIndex of enhanced objects.
    var temporalPosition: Int?
    /// Diffusion weighting of an MR frame (``DiffusionEncoding``), when the file gives one.
    public var diffusion: DiffusionEncoding? = nil
    /// Why a present diffusion attribute of this frame was ignored (names the attribute, never its text).
    var diffusionWarning: String? = nil
    /// MR echo time of this frame in ms (EchoTime (0018,0081), or EffectiveEchoTime (0018,9082) of the frame's
    /// MREchoSequence in enhanced MR): tells the echoes of a multi-echo series apart.
    public var echoTime: Double? = nil
    /// Tile of a Siemens mosaic this plane is (``DICOMInstance/mosaic``); `nil` for an ordinary frame.
    public var tile: Int? = nil
}

/// The attributes of one DICOM file that assembly, loading and sidecars need. Patient-identifying values
/// live only in ``identity`` and are never written to outputs, logs or errors.
public struct DICOMInstance: Sendable {
    /// Path as found by the scan.
    public var path: String
    public var sopClassUID: String
    var sopInstanceUID: String?
    var studyInstanceUID: String?
    var seriesInstanceUID: String?
    var frameOfReferenceUID: String?
    public var modality: String
    /// ImageType values (e.g. ORIGINAL, PRIMARY, AXIAL / LOCALIZER).
    public var imageType: [String]
    public var transferSyntaxUID: String
    public var pixelFormat: PixelFormat?
    public var instanceNumber: Int?
    public var acquisitionNumber: Int?
    public var seriesNumber: Int?
    public var rescaleType: String?
    /// PixelPaddingValue and PixelPaddingRangeLimit as stored values (DICOM PS3.3 C.7.5.1.1.2).
    public var pixelPadding: ClosedRange<Int64>?
    /// One header per frame.
    public var frames: [FrameHeader]
    /// Allow-listed acquisition attributes (safe to write to sidecars).
    public var acquisition: AcquisitionAttributes
    /// Patient-identifying values, for `--show-phi` and phase keywords only.
    public var identity: PatientIdentity
    /// Byte range of native pixel data in the file, when the scan found one (read by `pread`, no second parse).
    var pixelDataLocation: PixelDataLocation?
    /// How a Siemens mosaic packs its slices (``MosaicLayout``); `nil` for any other image. A mosaic's
    /// ``frames`` hold one header per tile.
    public var mosaic: MosaicLayout? = nil
    /// MR acquisition physics (``MRAcquisition``); `nil` for other modalities.
    public var mr: MRAcquisition? = nil

    /// The pixel format of one plane: a mosaic's tile, else ``pixelFormat``.
    public var planeFormat: PixelFormat? {
        guard let format = pixelFormat else { return nil }
        return mosaic?.tileFormat(of: format) ?? format
    }

    /// Whether the SOP class is an image we assemble into volumes.
    public var isVolumeImage: Bool { pixelFormat != nil && !SOPClass.nonVolume.keys.contains(sopClassUID) }
}

/// Values that identify a patient or a visit. Never serialised; shown only with `--show-phi`.
public struct PatientIdentity: Sendable {
    public var patientName: String?
    public var patientID: String?
    public var birthDate: String?
    public var accessionNumber: String?
    public var studyDate: String?
    public var studyDescription: String?
    public var seriesDescription: String?
    public var institutionName: String?
    /// ContentCreatorName (0070,0084) of a SEG or other content object (the reader who segmented).
    public var contentCreatorName: String? = nil
}

/// Acquisition physics from an allow-list (no dates, no free text about the patient).
public struct AcquisitionAttributes: Sendable, Codable, Equatable {
    public var kvp: Double?
    public var convolutionKernel: String?
    public var sliceThickness: Double?
    public var spacingBetweenSlices: Double?
    public var gantryDetectorTilt: Double?
    public var xRayTubeCurrent: Double?
    public var exposure: Double?
    public var exposureTime: Double?
    public var ctdiVol: Double?
    public var spiralPitchFactor: Double?
    public var reconstructionDiameter: Double?
    public var contrastBolusAgent: String?
    public var contrastBolusRoute: String?
    public var contrastBolusVolume: Double?
    public var contrastBolusStartTime: String?
    public var contrastBolusAgentPhase: String?
    public var acquisitionTime: String?
    public var contentTime: String?
    public var seriesTime: String?
}
