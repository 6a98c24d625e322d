/// The MR acquisition physics of one file, from an allow-list (DICOM PS3.3 C.8.3.1 MR Image Module, C.8.13 Enhanced
/// MR functional groups; Siemens CSA for slice times): no patient, operator, site or free-text value. Times in
/// milliseconds as DICOM stores them (sidecars convert to seconds, ``BIDSFields``).
public struct MRAcquisition: Sendable, Codable, Equatable {
    /// Manufacturer (0008,0070) and ManufacturerModelName (0008,1090).
    public var manufacturer: String?
    public var modelName: String?
    /// MagneticFieldStrength (0018,0087), tesla.
    public var fieldStrength: Double?
    /// MRAcquisitionType (0018,0023): 2D or 3D.
    public var acquisitionType: String?
    /// ScanningSequence (0018,0020) values: SE, IR, GR, EP, RM.
    public var scanningSequence: [String]
    /// SequenceVariant (0018,0021) values: SK, MTC, SS, TRSS, SP, MP, OSP, NONE.
    public var sequenceVariant: [String]
    /// ScanOptions (0018,0022) values: PER, RG, CG, PPG, FC, PFF, PFP, SP, FS, IR…
    public var scanOptions: [String]
    /// SequenceName (0018,0024), the vendor's technical pulse-sequence name (e.g. Siemens `*tse2d1_15`).
    public var sequenceName: String?
    /// RepetitionTime (0018,0080), EchoTime (0018,0081), InversionTime (0018,0082) in ms; enhanced MR:
    /// MRTimingAndRelatedParametersSequence and MREchoSequence EffectiveEchoTime of the first frame.
    public var repetitionTime: Double?
    public var echoTime: Double?
    public var inversionTime: Double?
    /// FlipAngle (0018,1314), degrees.
    public var flipAngle: Double?
    /// EchoNumbers (0018,0086).
    public var echoNumber: Int?
    /// ImagingFrequency (0018,0084), MHz; PixelBandwidth (0018,0095), Hz/pixel.
    public var imagingFrequency: Double?
    public var pixelBandwidth: Double?
    /// InPlanePhaseEncodingDirection (0018,1312): ROW or COL.
    public var phaseEncodingDirection: String?
    /// AcquisitionContrast (0008,9209) of enhanced MR (MR Image Frame Type): T1, T2, PROTON_DENSITY, DIFFUSION…
    public var acquisitionContrast: String?
    /// TemporalPositionIdentifier (0020,0100) and NumberOfTemporalPositions (0020,0105) of a dynamic series.
    public var temporalPosition: Int?
    public var temporalPositions: Int?
    /// Slice acquisition times within the volume in ms, by slice in storage order (Siemens mosaic CSA
    /// `MosaicRefAcqTimes`); `nil` when the file does not state them.
    public var sliceTimes: [Double]?

    /// Reads the allow-listed attributes; numbers outside physical ranges are dropped (never trusted).
    init(reading file: DICOMFile, enhanced: Bool, csa: SiemensCSAHeader?, tiles: Int?) {
        func values(_ tag: Tag) -> [String] {
            file.text(tag)?.split(separator: "\\").map { DICOMFile.trimmingWhitespace($0).uppercased() }.filter { !$0.isEmpty } ?? []
        }
        func number(_ tag: Tag, in steps: [DICOMFile.Step] = [], _ range: ClosedRange<Double>) -> Double? {
            guard let v = file.double(tag, in: steps), range.contains(v) else { return nil }
            return v
        }
        let timing: [DICOMFile.Step] = [.init(sequence: .sharedFunctionalGroupsSequence, item: 0),
                                         .init(sequence: .mrTimingAndRelatedParametersSequence, item: 0)]
        let perFrameEcho: [DICOMFile.Step] = [.init(sequence: .perFrameFunctionalGroupsSequence, item: 0), .init(sequence: .mrEchoSequence, item: 0)]
        let sharedEcho: [DICOMFile.Step] = [.init(sequence: .sharedFunctionalGroupsSequence, item: 0), .init(sequence: .mrEchoSequence, item: 0)]
        let frameType: [[DICOMFile.Step]] = [
            [.init(sequence: .sharedFunctionalGroupsSequence, item: 0), .init(sequence: .mrImageFrameTypeSequence, item: 0)],
            [.init(sequence: .perFrameFunctionalGroupsSequence, item: 0), .init(sequence: .mrImageFrameTypeSequence, item: 0)]]
        let milliseconds = 0.0...1e6
        manufacturer = file.text(.manufacturer)
        modelName = file.text(.manufacturerModelName)
        fieldStrength = number(.magneticFieldStrength, 0.0...30)
        acquisitionType = file.text(.mrAcquisitionType)?.uppercased()
        scanningSequence = values(.scanningSequence)
        sequenceVariant = values(.sequenceVariant)
        scanOptions = values(.scanOptions)
        sequenceName = file.text(.sequenceName)
        repetitionTime = number(.repetitionTime, milliseconds) ?? (enhanced ? number(.repetitionTime, in: timing, milliseconds) : nil)
        echoTime = number(.echoTime, milliseconds)
            ?? (enhanced ? number(.effectiveEchoTime, in: perFrameEcho, milliseconds) ?? number(.effectiveEchoTime, in: sharedEcho, milliseconds) : nil)
        inversionTime = number(.inversionTime, milliseconds)
        flipAngle = number(.flipAngle, 0.0...360) ?? (enhanced ? number(.flipAngle, in: timing, 0.0...360) : nil)
        echoNumber = file.int(.echoNumbers).flatMap { (0...10_000).contains($0) ? $0 : nil }
        imagingFrequency = number(.imagingFrequency, 0.0...10_000)
        pixelBandwidth = number(.pixelBandwidth, 0.0...10_000_000)
        phaseEncodingDirection = file.text(.inPlanePhaseEncodingDirection)?.uppercased()
        acquisitionContrast = file.text(.acquisitionContrast)?.uppercased()
            ?? frameType.lazy.compactMap { file.text(.acquisitionContrast, in: $0)?.uppercased() }.first
        temporalPosition = file.int(.temporalPositionIdentifier).flatMap { (0...100_000).contains($0) ? $0 : nil }
        temporalPositions = file.int(.numberOfTemporalPositions).flatMap { (0...100_000).contains($0) ? $0 : nil }
        if let tiles, let times = csa?.numbers("MosaicRefAcqTimes"), times.count >= tiles,
           times.prefix(tiles).allSatisfy({ milliseconds.contains($0) }) {
            sliceTimes = Array(times.prefix(tiles))
        } else {
            sliceTimes = nil
        }
    }
}
