import VolumeModule

extension DICOMInstance {
    /// Reads the attributes of an opened file.
    /// - Throws: ``DICOMError`` with `.missingAttribute` when an image lacks what every volume needs
    ///   (SOPClassUID, Rows/Columns, BitsAllocated), `.unsupported` for colour images.
    init(reading file: DICOMFile) throws {
        path = file.path
        guard let sopClass = file.text(.sopClassUID) ?? file.text(.mediaStorageSOPClassUID) else {
            throw DICOMError(.missingAttribute, "no SOPClassUID (0008,0016)", file: file.path)
        }
        sopClassUID = sopClass
        sopInstanceUID = file.text(.sopInstanceUID)
        studyInstanceUID = file.text(.studyInstanceUID)
        seriesInstanceUID = file.text(.seriesInstanceUID)
        frameOfReferenceUID = file.text(.frameOfReferenceUID)
        modality = file.text(.modality)?.uppercased() ?? "OT"
        imageType = file.text(.imageType)?.split(separator: "\\").map { DICOMFile.trimmingWhitespace($0).uppercased() } ?? []
        transferSyntaxUID = file.transferSyntaxUID
        instanceNumber = file.int(.instanceNumber)
        acquisitionNumber = file.int(.acquisitionNumber)
        seriesNumber = file.int(.seriesNumber)
        identity = PatientIdentity(
            patientName: file.text(.patientName), patientID: file.text(.patientID),
            birthDate: file.text(.patientBirthDate), accessionNumber: file.text(.accessionNumber),
            studyDate: file.text(.studyDate), studyDescription: file.text(.studyDescription),
            seriesDescription: file.text(.seriesDescription), institutionName: file.text(.institutionName))
        acquisition = AcquisitionAttributes(reading: file)
        frames = []
        pixelPadding = nil
        rescaleType = file.text(.rescaleType)
        guard let rows = file.int(.rows), let columns = file.int(.columns) else {
            pixelFormat = nil
            return
        }
        guard let bitsAllocated = file.int(.bitsAllocated) else {
            throw DICOMError(.missingAttribute, "image without BitsAllocated (0028,0100)", file: file.path)
        }
        let bitsStored = file.int(.bitsStored) ?? bitsAllocated
        let format = PixelFormat(
            rows: rows, columns: columns, frames: max(1, file.int(.numberOfFrames) ?? 1),
            bitsAllocated: bitsAllocated, bitsStored: bitsStored, highBit: file.int(.highBit) ?? bitsStored - 1,
            pixelRepresentation: file.int(.pixelRepresentation) ?? 0,
            samplesPerPixel: file.int(.samplesPerPixel) ?? 1,
            photometricInterpretation: file.text(.photometricInterpretation) ?? "MONOCHROME2")
        pixelFormat = format
        pixelDataLocation = file.pixelDataLocation
        if let pad = file.int(.pixelPaddingValue) {
            let limit = file.int(.pixelPaddingRangeLimit) ?? pad
            let a = Self.storedValue(pad, format), b = Self.storedValue(limit, format)
            pixelPadding = min(a, b)...max(a, b)
        }
        if SOPClass.isEnhanced(sopClassUID) || file.itemCount(.perFrameFunctionalGroupsSequence) > 0 {
            frames = (0..<format.frames).map { Self.frameHeader(file, frame: $0) }
            if rescaleType == nil {
                rescaleType = Self.functionalGroup(file, frame: 0, .pixelValueTransformationSequence) { file.text(.rescaleType, in: $0) }
            }
            if acquisition.contrastBolusAgentPhase == nil {
                acquisition.contrastBolusAgentPhase = file.text(.contrastBolusAgentPhase, in: [.init(sequence: .contrastBolusUsageSequence, item: 0)])
                    ?? Self.functionalGroup(file, frame: 0, .contrastBolusUsageSequence) { file.text(.contrastBolusAgentPhase, in: $0) }
            }
        } else {
            frames = [FrameHeader(
                frame: 0, position: file.doubles(.imagePositionPatient).flatMap(Self.vector),
                orientation: file.doubles(.imageOrientationPatient).flatMap(Self.orientation),
                pixelSpacing: file.doubles(.pixelSpacing).flatMap(Self.spacing),
                rescaleSlope: file.double(.rescaleSlope) ?? 1, rescaleIntercept: file.double(.rescaleIntercept) ?? 0,
                acquisitionTime: file.text(.acquisitionTime) ?? file.text(.contentTime), temporalPosition: nil)]
        }
        if format.frames > 1 && frames.count == 1 {
            // A multi-frame object without per-frame geometry: frames cannot be placed in space.
            frames = (0..<format.frames).map { f in var h = frames[0]; h.frame = f; h.position = nil; return h }
        }
    }

    /// A padding value read through a VR that may be US even for signed data, as a stored value.
    private static func storedValue(_ value: Int, _ format: PixelFormat) -> Int64 {
        var v = Int64(value)
        if format.pixelRepresentation == 1, format.bitsAllocated <= 16, v >= 1 << 15 { v -= 1 << 16 }
        return v
    }

    /// Looks a functional group up in the frame's per-frame item, then in the shared item (PS3.3 C.7.6.16).
    private static func functionalGroup<T>(_ file: DICOMFile, frame: Int, _ group: Tag,
                                           _ read: ([DICOMFile.Step]) -> T?) -> T? {
        let perFrame: [DICOMFile.Step] = [.init(sequence: .perFrameFunctionalGroupsSequence, item: frame), .init(sequence: group, item: 0)]
        if let v = read(perFrame) { return v }
        return read([.init(sequence: .sharedFunctionalGroupsSequence, item: 0), .init(sequence: group, item: 0)])
    }

    private static func frameHeader(_ file: DICOMFile, frame: Int) -> FrameHeader {
        FrameHeader(
            frame: frame,
            position: functionalGroup(file, frame: frame, .planePositionSequence) { file.doubles(.imagePositionPatient, in: $0) }
                .flatMap(vector),
            orientation: (functionalGroup(file, frame: frame, .planeOrientationSequence) { file.doubles(.imageOrientationPatient, in: $0) }
                ?? file.doubles(.imageOrientationPatient)).flatMap(orientation),
            pixelSpacing: (functionalGroup(file, frame: frame, .pixelMeasuresSequence) { file.doubles(.pixelSpacing, in: $0) }
                ?? file.doubles(.pixelSpacing)).flatMap(spacing),
            rescaleSlope: functionalGroup(file, frame: frame, .pixelValueTransformationSequence) { file.double(.rescaleSlope, in: $0) }
                ?? file.double(.rescaleSlope) ?? 1,
            rescaleIntercept: functionalGroup(file, frame: frame, .pixelValueTransformationSequence) { file.double(.rescaleIntercept, in: $0) }
                ?? file.double(.rescaleIntercept) ?? 0,
            acquisitionTime: functionalGroup(file, frame: frame, .frameContentSequence) { file.text(.frameAcquisitionDateTime, in: $0) },
            temporalPosition: functionalGroup(file, frame: frame, .frameContentSequence) { file.int(.temporalPositionIndex, in: $0) })
    }

    private static func vector(_ v: [Double]) -> Vector3? { v.count == 3 ? Vector3(v) : nil }

    private static func orientation(_ v: [Double]) -> (row: Vector3, column: Vector3)? {
        guard v.count == 6 else { return nil }
        let row = Vector3(v[0], v[1], v[2]), column = Vector3(v[3], v[4], v[5])
        guard row.length > 0.5, column.length > 0.5, abs(row.normalized.dot(column.normalized)) < 0.01 else { return nil }
        return (row.normalized, column.normalized)
    }

    private static func spacing(_ v: [Double]) -> (row: Double, column: Double)? {
        guard v.count == 2, v[0] > 0, v[1] > 0 else { return nil }
        return (v[0], v[1])
    }
}

extension AcquisitionAttributes {
    init(reading file: DICOMFile) {
        kvp = file.double(.kvp)
        convolutionKernel = file.text(.convolutionKernel)
        sliceThickness = file.double(.sliceThickness)
        spacingBetweenSlices = file.double(.spacingBetweenSlices)
        gantryDetectorTilt = file.double(.gantryDetectorTilt)
        xRayTubeCurrent = file.double(.xRayTubeCurrent)
        exposure = file.double(.exposure)
        exposureTime = file.double(.exposureTime)
        ctdiVol = file.double(.ctdiVol)
        spiralPitchFactor = file.double(.spiralPitchFactor)
        reconstructionDiameter = file.double(.reconstructionDiameter)
        contrastBolusAgent = file.text(.contrastBolusAgent)
        contrastBolusRoute = file.text(.contrastBolusRoute)
        contrastBolusVolume = file.double(.contrastBolusVolume)
        contrastBolusStartTime = file.text(.contrastBolusStartTime)
        contrastBolusAgentPhase = file.text(.contrastBolusAgentPhase)
        acquisitionTime = file.text(.acquisitionTime)
        contentTime = file.text(.contentTime)
        seriesTime = file.text(.seriesTime)
    }
}
