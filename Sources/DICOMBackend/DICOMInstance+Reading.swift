import VolumeModule

extension DICOMInstance {
    /// Reads the attributes of an opened file.
    /// - Throws: ``DICOMError`` with `.missingAttribute` when an image lacks what every volume needs
    ///   (SOPClassUID, BitsAllocated); `.invalidValue` / `.inconsistent` / `.corrupt` when a value of the
    ///   Image Pixel, Image Plane or rescale attributes is present but unusable, or the pixel data is shorter
    ///   than the header declares (``HeaderLimits``; see `DICOMInstance+Validation.swift`). One error per file.
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
            seriesDescription: file.text(.seriesDescription), institutionName: file.text(.institutionName),
            contentCreatorName: file.text(.contentCreatorName))
        acquisition = AcquisitionAttributes(reading: file)
        frames = []
        pixelPadding = nil
        rescaleType = file.text(.rescaleType)
        guard let format = try Self.checkedPixelFormat(file) else {
            pixelFormat = nil
            return
        }
        try Self.checkPixelData(file, format, requireData: !SOPClass.nonVolume.keys.contains(sopClass))
        pixelFormat = format
        pixelDataLocation = file.pixelDataLocation
        if let pad = file.int(.pixelPaddingValue) {
            let limit = file.int(.pixelPaddingRangeLimit) ?? pad
            let a = Self.storedValue(pad, format), b = Self.storedValue(limit, format)
            pixelPadding = min(a, b)...max(a, b)
        }
        if SOPClass.isEnhanced(sopClassUID) || file.itemCount(.perFrameFunctionalGroupsSequence) > 0 {
            frames = try (0..<format.frames).map { try Self.frameHeader(file, frame: $0) }
            if rescaleType == nil {
                rescaleType = Self.functionalGroup(file, frame: 0, .pixelValueTransformationSequence) { file.text(.rescaleType, in: $0) }
            }
            if acquisition.contrastBolusAgentPhase == nil {
                acquisition.contrastBolusAgentPhase = file.text(.contrastBolusAgentPhase, in: [.init(sequence: .contrastBolusUsageSequence, item: 0)])
                    ?? Self.functionalGroup(file, frame: 0, .contrastBolusUsageSequence) { file.text(.contrastBolusAgentPhase, in: $0) }
            }
        } else {
            frames = [FrameHeader(
                frame: 0, position: try Self.position(file.numbers(.imagePositionPatient), file: path, frame: nil),
                orientation: try Self.orientation(file.numbers(.imageOrientationPatient), file: path, frame: nil),
                pixelSpacing: try Self.spacing(file.numbers(.pixelSpacing), file: path, frame: nil),
                rescaleSlope: try Self.rescaleSlope(file.numbers(.rescaleSlope), file: path, frame: nil) ?? 1,
                rescaleIntercept: try Self.rescaleIntercept(file.numbers(.rescaleIntercept), file: path, frame: nil) ?? 0,
                acquisitionTime: file.text(.acquisitionTime) ?? file.text(.contentTime), temporalPosition: nil)]
        }
        if modality == "MR" {
            let enhanced = frames.count > 1 || file.itemCount(.perFrameFunctionalGroupsSequence) > 0
            let manufacturer = file.text(.manufacturer)
            let csa = (manufacturer ?? "").uppercased().hasPrefix("SIEMENS") ? Self.siemensCSAImageHeader(file) : .none
            for n in frames.indices {
                var reading = Self.diffusion(file, frame: enhanced ? frames[n].frame : nil, manufacturer: manufacturer, csa: csa.header)
                if reading.encoding == nil, reading.warning == nil, case .unreadable(let why) = csa {
                    reading.warning = "\(why); no b-value read from it"
                }
                frames[n].diffusion = reading.encoding
                frames[n].diffusionWarning = reading.warning
            }
            if imageType.contains("MOSAIC"), !enhanced, format.frames == 1, frames.count == 1,
               (manufacturer ?? "").uppercased().hasPrefix("SIEMENS") {
                (mosaic, frames) = try Self.mosaicFrames(file, frame: frames[0], format: format, csa: csa, acquisition: acquisition)
            } else if !enhanced, format.frames == 1, frames.count == 1, Self.isUIHMosaic(file, imageType: imageType, manufacturer: manufacturer) {
                (mosaic, frames) = try Self.uihMosaicFrames(file, frame: frames[0], format: format)
            }
            mr = MRAcquisition(reading: file, enhanced: enhanced, csa: csa.header, tiles: mosaic?.slices)
            for n in frames.indices {
                let perFrame = enhanced ? Self.functionalGroup(file, frame: frames[n].frame, .mrEchoSequence) { file.double(.effectiveEchoTime, in: $0) } : nil
                frames[n].echoTime = (perFrame ?? mr?.echoTime).flatMap { $0.isFinite && $0 >= 0 && $0 <= 1e6 ? $0 : nil }
            }
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

    /// A numeric attribute of a functional group (per-frame item first, then shared), else of the top-level
    /// data set; `.absent` when none has it.
    private static func functionalNumbers(_ file: DICOMFile, frame: Int, _ group: Tag, _ tag: Tag) -> HeaderNumbers {
        let found = functionalGroup(file, frame: frame, group) { steps -> HeaderNumbers? in
            let n = file.numbers(tag, in: steps)
            return n == .absent ? nil : n
        }
        return found ?? file.numbers(tag)
    }

    static func rescaleSlope(_ numbers: HeaderNumbers, file: String, frame: Int?) throws -> Double? {
        try rescale(numbers, "RescaleSlope (0028,1053)", limit: HeaderLimits.maximumRescaleSlope, file: file, frame: frame)
    }

    static func rescaleIntercept(_ numbers: HeaderNumbers, file: String, frame: Int?) throws -> Double? {
        try rescale(numbers, "RescaleIntercept (0028,1052)", limit: HeaderLimits.maximumRescaleIntercept, file: file, frame: frame)
    }

    /// The geometry and rescale of frame `frame` of an enhanced multi-frame object (PS3.3 C.7.6.16.2).
    /// - Throws: ``DICOMError`` `.invalidValue` naming the frame and the attribute.
    private static func frameHeader(_ file: DICOMFile, frame: Int) throws -> FrameHeader {
        let path = file.path
        let positionNumbers = functionalGroup(file, frame: frame, .planePositionSequence) { steps -> HeaderNumbers? in
            let n = file.numbers(.imagePositionPatient, in: steps)
            return n == .absent ? nil : n
        } ?? .absent
        return FrameHeader(
            frame: frame,
            position: try position(positionNumbers, file: path, frame: frame),
            orientation: try orientation(functionalNumbers(file, frame: frame, .planeOrientationSequence, .imageOrientationPatient),
                                         file: path, frame: frame),
            pixelSpacing: try spacing(functionalNumbers(file, frame: frame, .pixelMeasuresSequence, .pixelSpacing), file: path, frame: frame),
            rescaleSlope: try rescaleSlope(functionalNumbers(file, frame: frame, .pixelValueTransformationSequence, .rescaleSlope),
                                           file: path, frame: frame) ?? 1,
            rescaleIntercept: try rescaleIntercept(functionalNumbers(file, frame: frame, .pixelValueTransformationSequence, .rescaleIntercept),
                                                   file: path, frame: frame) ?? 0,
            acquisitionTime: functionalGroup(file, frame: frame, .frameContentSequence) { file.text(.frameAcquisitionDateTime, in: $0) },
            temporalPosition: functionalGroup(file, frame: frame, .frameContentSequence) { file.int(.temporalPositionIndex, in: $0) })
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
