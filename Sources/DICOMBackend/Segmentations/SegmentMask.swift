import VolumeModule

/// The kind of DICOM object a mask was read from.
public enum SegmentationSource: String, Sendable, Codable {
    /// Segmentation IOD (DICOM PS3.3 A.51), SOP class 1.2.840.10008.5.1.4.1.1.66.4.
    case seg
    /// RT Structure Set IOD (DICOM PS3.3 A.19), SOP class 1.2.840.10008.5.1.4.1.1.481.3.
    case rtstruct
}

/// A coded concept (DICOM PS3.3 8.8, Code Sequence Macro): code value, coding scheme designator, meaning.
public struct CodedConcept: Sendable, Codable, Equatable {
    /// CodeValue (0008,0100), e.g. "10200004" (SCT "Liver").
    public var value: String
    /// CodingSchemeDesignator (0008,0102), e.g. "SCT".
    public var scheme: String
    /// CodeMeaning (0008,0104), e.g. "Liver".
    public var meaning: String

    public init(value: String, scheme: String, meaning: String) {
        self.value = value
        self.scheme = scheme
        self.meaning = meaning
    }
}

/// What a segment (SEG, PS3.3 C.8.20.2 Segment Description Macro) or ROI (RTSTRUCT, PS3.3 C.8.8.5
/// Structure Set ROI Sequence and C.8.8.6 ROI Contour) says about itself. Holds no patient data, so it may
/// be written to sidecars.
public struct SegmentDescription: Sendable, Codable, Equatable {
    /// The object it came from.
    public var source: SegmentationSource
    /// SegmentNumber (0062,0004), 1-based, or ROINumber (3006,0022).
    public var number: Int
    /// SegmentLabel (0062,0005) or ROIName (3006,0026).
    public var label: String
    /// SegmentedPropertyCategoryCodeSequence (0062,0003); SEG only.
    public var category: CodedConcept?
    /// SegmentedPropertyTypeCodeSequence (0062,000F); SEG only.
    public var type: CodedConcept?
    /// Display colour as 8-bit RGB: RecommendedDisplayCIELabValue (0062,000D) converted to sRGB for SEG,
    /// ROIDisplayColor (3006,002A) for RTSTRUCT.
    public var colour: [UInt8]?
    /// SegmentAlgorithmType (0062,0008: AUTOMATIC, SEMIAUTOMATIC, MANUAL) or ROIGenerationAlgorithm
    /// (3006,0036: AUTOMATIC, SEMIAUTOMATIC, MANUAL).
    public var algorithmType: String?
    /// SegmentAlgorithmName (0062,0009) or ROIGenerationDescription (3006,0038).
    public var algorithmName: String?

    public init(source: SegmentationSource, number: Int, label: String, category: CodedConcept? = nil,
                type: CodedConcept? = nil, colour: [UInt8]? = nil, algorithmType: String? = nil,
                algorithmName: String? = nil) {
        self.source = source
        self.number = number
        self.label = label
        self.category = category
        self.type = type
        self.colour = colour
        self.algorithmType = algorithmType
        self.algorithmName = algorithmName
    }
}

/// One segment or ROI placed on an image grid (normally exactly the referenced image volume's geometry:
/// same size, spacing, origin and direction, ITK index order).
public struct SegmentMask: Sendable {
    /// Metadata of the segment or ROI.
    public var description: SegmentDescription
    /// Binary mask, 1 inside, 0 outside. For a fractional SEG this is the fraction binarised at ≥ 0.5;
    /// for an RTSTRUCT the pixel-centre, even–odd rasterisation.
    public var binary: Mask
    /// Fraction of each voxel inside, 0…1: a FRACTIONAL SEG scaled by MaximumFractionalValue (0062,000E),
    /// or an RTSTRUCT partial-volume mask when asked for; `nil` otherwise.
    public var fraction: Volume<Float>?
    /// Problems that did not stop reading (contours on no slice plane, frames off the grid…). Never holds
    /// patient data.
    public var warnings: [String]

    public init(description: SegmentDescription, binary: Mask, fraction: Volume<Float>? = nil, warnings: [String] = []) {
        self.description = description
        self.binary = binary
        self.fraction = fraction
        self.warnings = warnings
    }
}
