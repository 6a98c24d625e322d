/// A DICOM attribute tag (group, element), named by its standard keyword (DICOM PS3.6).
public struct Tag: Hashable, Sendable, CustomStringConvertible {
    public var group: UInt16
    public var element: UInt16

    /// Creates a tag from its group and element numbers.
    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// The tag as one 32-bit number (group << 16 | element), as the shim takes it.
    var packed: UInt32 { UInt32(group) << 16 | UInt32(element) }

    public var description: String {
        "(" + String(group, radix: 16, uppercase: true).leftPadded(4) + ","
            + String(element, radix: 16, uppercase: true).leftPadded(4) + ")"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension Tag {
    // File meta and identification.
    public static let mediaStorageSOPClassUID = Tag(0x0002, 0x0002)
    public static let imageType = Tag(0x0008, 0x0008)
    public static let sopClassUID = Tag(0x0008, 0x0016)
    public static let sopInstanceUID = Tag(0x0008, 0x0018)
    public static let studyDate = Tag(0x0008, 0x0020)
    public static let seriesDate = Tag(0x0008, 0x0021)
    public static let acquisitionDate = Tag(0x0008, 0x0022)
    public static let acquisitionDateTime = Tag(0x0008, 0x002A)
    public static let studyTime = Tag(0x0008, 0x0030)
    public static let seriesTime = Tag(0x0008, 0x0031)
    public static let acquisitionTime = Tag(0x0008, 0x0032)
    public static let contentTime = Tag(0x0008, 0x0033)
    public static let accessionNumber = Tag(0x0008, 0x0050)
    public static let modality = Tag(0x0008, 0x0060)
    public static let manufacturer = Tag(0x0008, 0x0070)
    public static let institutionName = Tag(0x0008, 0x0080)
    public static let studyDescription = Tag(0x0008, 0x1030)
    public static let seriesDescription = Tag(0x0008, 0x103E)
    /// ContentCreatorName (0070,0084): who made a SEG (a person name; patient-data rules apply).
    public static let contentCreatorName = Tag(0x0070, 0x0084)
    public static let manufacturerModelName = Tag(0x0008, 0x1090)
    public static let frameType = Tag(0x0008, 0x9007)
    // Patient.
    public static let patientName = Tag(0x0010, 0x0010)
    public static let patientID = Tag(0x0010, 0x0020)
    public static let patientBirthDate = Tag(0x0010, 0x0030)
    // Acquisition.
    public static let contrastBolusAgent = Tag(0x0018, 0x0010)
    public static let bodyPartExamined = Tag(0x0018, 0x0015)
    public static let sliceThickness = Tag(0x0018, 0x0050)
    public static let kvp = Tag(0x0018, 0x0060)
    public static let spacingBetweenSlices = Tag(0x0018, 0x0088)
    public static let dataCollectionDiameter = Tag(0x0018, 0x0090)
    public static let contrastBolusRoute = Tag(0x0018, 0x1040)
    public static let contrastBolusVolume = Tag(0x0018, 0x1041)
    public static let contrastBolusStartTime = Tag(0x0018, 0x1042)
    public static let reconstructionDiameter = Tag(0x0018, 0x1100)
    public static let gantryDetectorTilt = Tag(0x0018, 0x1120)
    public static let tableHeight = Tag(0x0018, 0x1130)
    public static let exposureTime = Tag(0x0018, 0x1150)
    public static let xRayTubeCurrent = Tag(0x0018, 0x1151)
    public static let exposure = Tag(0x0018, 0x1152)
    public static let convolutionKernel = Tag(0x0018, 0x1210)
    public static let patientPosition = Tag(0x0018, 0x5100)
    public static let frameAcquisitionDateTime = Tag(0x0018, 0x9074)
    public static let spiralPitchFactor = Tag(0x0018, 0x9311)
    public static let ctImageFrameTypeSequence = Tag(0x0018, 0x9329)
    public static let contrastBolusUsageSequence = Tag(0x0018, 0x9341)
    public static let contrastBolusAgentPhase = Tag(0x0018, 0x9344)
    public static let ctdiVol = Tag(0x0018, 0x9345)
    // Relationship and geometry.
    public static let studyInstanceUID = Tag(0x0020, 0x000D)
    public static let seriesInstanceUID = Tag(0x0020, 0x000E)
    public static let seriesNumber = Tag(0x0020, 0x0011)
    public static let acquisitionNumber = Tag(0x0020, 0x0012)
    public static let instanceNumber = Tag(0x0020, 0x0013)
    public static let imagePositionPatient = Tag(0x0020, 0x0032)
    public static let imageOrientationPatient = Tag(0x0020, 0x0037)
    public static let frameOfReferenceUID = Tag(0x0020, 0x0052)
    public static let frameContentSequence = Tag(0x0020, 0x9111)
    public static let planePositionSequence = Tag(0x0020, 0x9113)
    public static let planeOrientationSequence = Tag(0x0020, 0x9116)
    public static let temporalPositionIndex = Tag(0x0020, 0x9128)
    // Image pixel.
    public static let samplesPerPixel = Tag(0x0028, 0x0002)
    public static let photometricInterpretation = Tag(0x0028, 0x0004)
    public static let numberOfFrames = Tag(0x0028, 0x0008)
    public static let rows = Tag(0x0028, 0x0010)
    public static let columns = Tag(0x0028, 0x0011)
    public static let pixelSpacing = Tag(0x0028, 0x0030)
    public static let bitsAllocated = Tag(0x0028, 0x0100)
    public static let bitsStored = Tag(0x0028, 0x0101)
    public static let highBit = Tag(0x0028, 0x0102)
    public static let pixelRepresentation = Tag(0x0028, 0x0103)
    public static let pixelPaddingValue = Tag(0x0028, 0x0120)
    public static let pixelPaddingRangeLimit = Tag(0x0028, 0x0121)
    public static let rescaleIntercept = Tag(0x0028, 0x1052)
    public static let rescaleSlope = Tag(0x0028, 0x1053)
    public static let rescaleType = Tag(0x0028, 0x1054)
    public static let pixelMeasuresSequence = Tag(0x0028, 0x9110)
    public static let pixelValueTransformationSequence = Tag(0x0028, 0x9145)
    // Diffusion (DICOM PS3.3 C.8.13.5.9 MR Diffusion Macro) and vendor private equivalents.
    public static let diffusionDirectionality = Tag(0x0018, 0x9075)
    public static let diffusionGradientDirectionSequence = Tag(0x0018, 0x9076)
    public static let diffusionBValue = Tag(0x0018, 0x9087)
    public static let diffusionGradientOrientation = Tag(0x0018, 0x9089)
    public static let mrDiffusionSequence = Tag(0x0018, 0x9117)
    /// GE private creator of block 0x10 in group 0043 ("GEMS_PARM_01").
    static let gePrivateCreator0043 = Tag(0x0043, 0x0010)
    /// GE (0043,1039) "SlopInteger6ToSlopInteger9": value 1 is the b-value (plus 10⁹ in some versions).
    static let geDiffusionBValue = Tag(0x0043, 0x1039)
    /// GE private creator of block 0x10 in group 0019 ("GEMS_ACQU_01").
    static let gePrivateCreator0019 = Tag(0x0019, 0x0010)
    /// GE (0019,10BB/10BC/10BD): gradient direction components (frame not pinned down; used to tell directions apart).
    static let geGradientX = Tag(0x0019, 0x10BB)
    static let geGradientY = Tag(0x0019, 0x10BC)
    static let geGradientZ = Tag(0x0019, 0x10BD)
    /// Philips private creator of block 0x10 in group 2001 ("Philips Imaging DD 001").
    static let philipsPrivateCreator2001 = Tag(0x2001, 0x0010)
    /// Philips (2001,1003) "DiffusionBFactor" (FL, s/mm²).
    static let philipsDiffusionBFactor = Tag(0x2001, 0x1003)
    static let philipsPrivateCreator2005 = Tag(0x2005, 0x0010)
    /// Philips (2005,10B0–10B2) "DiffusionDirectionRL/AP/FH" (FL): the gradient direction's patient x, y, z (LPS).
    static let philipsDirectionRL = Tag(0x2005, 0x10B0)
    static let philipsDirectionAP = Tag(0x2005, 0x10B1)
    static let philipsDirectionFH = Tag(0x2005, 0x10B2)
    /// Philips (2001,1004) "DiffusionDirection" (CS: R, P, S, O for directions, I for the isotropic image).
    static let philipsDiffusionDirection = Tag(0x2001, 0x1004)
    /// Siemens private creator of block 0x10 in group 0029 ("SIEMENS CSA HEADER").
    static let siemensPrivateCreator0029 = Tag(0x0029, 0x0010)
    /// Siemens CSAImageHeaderInfo (0029,1010), OB: the binary CSA image header (``SiemensCSAHeader``).
    static let siemensCSAImageHeader = Tag(0x0029, 0x1010)
    /// Siemens private creator of block 0x10 in group 0019 ("SIEMENS MR HEADER"; GE uses the same slot).
    static let siemensPrivateCreator0019 = Tag(0x0019, 0x0010)
    /// Siemens (0019,100A) NumberOfImagesInMosaic (US).
    static let siemensNumberOfImagesInMosaic = Tag(0x0019, 0x100A)
    /// Siemens (0019,100C) B_value (IS, s/mm²).
    static let siemensBValue = Tag(0x0019, 0x100C)
    /// Siemens (0019,100E) DiffusionGradientDirection (FD × 3, patient LPS).
    static let siemensGradientDirection = Tag(0x0019, 0x100E)
    /// United Imaging private block (0065,00xx) "Image Private Header".
    static let uihPrivateCreator0065 = Tag(0x0065, 0x0010)
    /// United Imaging (0065,1009): b-value (FD, s/mm²).
    static let uihBValue = Tag(0x0065, 0x1009)
    /// United Imaging (0065,1037): gradient direction (FD × 3).
    static let uihGradientDirection = Tag(0x0065, 0x1037)
    /// United Imaging (0065,1050): number of slices in a VFRAME mosaic (DS).
    static let uihMosaicSliceCount = Tag(0x0065, 0x1050)
    /// United Imaging (0065,1051): per-slice sequence of a VFRAME mosaic (one item per tile, ImagePositionPatient inside).
    static let uihMosaicSliceSequence = Tag(0x0065, 0x1051)
    /// AcquisitionMatrix (0018,1310): frequency rows, frequency columns, phase rows, phase columns (US × 4).
    public static let acquisitionMatrix = Tag(0x0018, 0x1310)
    // MR acquisition (DICOM PS3.3 C.8.3.1 MR Image Module; C.8.13.5 enhanced MR functional groups).
    public static let scanningSequence = Tag(0x0018, 0x0020)
    public static let sequenceVariant = Tag(0x0018, 0x0021)
    public static let scanOptions = Tag(0x0018, 0x0022)
    public static let mrAcquisitionType = Tag(0x0018, 0x0023)
    public static let sequenceName = Tag(0x0018, 0x0024)
    public static let repetitionTime = Tag(0x0018, 0x0080)
    public static let echoTime = Tag(0x0018, 0x0081)
    public static let inversionTime = Tag(0x0018, 0x0082)
    public static let imagingFrequency = Tag(0x0018, 0x0084)
    public static let echoNumbers = Tag(0x0018, 0x0086)
    public static let magneticFieldStrength = Tag(0x0018, 0x0087)
    public static let pixelBandwidth = Tag(0x0018, 0x0095)
    public static let inPlanePhaseEncodingDirection = Tag(0x0018, 0x1312)
    public static let flipAngle = Tag(0x0018, 0x1314)
    public static let effectiveEchoTime = Tag(0x0018, 0x9082)
    public static let mrTimingAndRelatedParametersSequence = Tag(0x0018, 0x9112)
    public static let mrEchoSequence = Tag(0x0018, 0x9114)
    public static let mrImageFrameTypeSequence = Tag(0x0018, 0x9226)
    public static let acquisitionContrast = Tag(0x0008, 0x9209)
    public static let temporalPositionIdentifier = Tag(0x0020, 0x0100)
    public static let numberOfTemporalPositions = Tag(0x0020, 0x0105)
    // Functional groups.
    public static let sharedFunctionalGroupsSequence = Tag(0x5200, 0x9229)
    public static let perFrameFunctionalGroupsSequence = Tag(0x5200, 0x9230)
}
