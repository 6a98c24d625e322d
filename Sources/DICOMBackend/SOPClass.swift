/// Standard SOP class UIDs we name in reports (DICOM PS3.4 Annex B). Standard UIDs identify object types,
/// not patients, so they may appear in outputs.
public enum SOPClass {
    /// Image storage classes with names.
    public static let names: [String: String] = [
        "1.2.840.10008.5.1.4.1.1.2": "CT Image Storage",
        "1.2.840.10008.5.1.4.1.1.2.1": "Enhanced CT Image Storage",
        "1.2.840.10008.5.1.4.1.1.2.2": "Legacy Converted Enhanced CT Image Storage",
        "1.2.840.10008.5.1.4.1.1.4": "MR Image Storage",
        "1.2.840.10008.5.1.4.1.1.4.1": "Enhanced MR Image Storage",
        "1.2.840.10008.5.1.4.1.1.4.4": "Legacy Converted Enhanced MR Image Storage",
        "1.2.840.10008.5.1.4.1.1.128": "PET Image Storage",
        "1.2.840.10008.5.1.4.1.1.7": "Secondary Capture Image Storage",
    ]

    /// Objects with pixel data that are not image volumes: handled elsewhere or ignored, with this reason.
    public static let nonVolume: [String: String] = [
        "1.2.840.10008.5.1.4.1.1.66.4": "segmentation object (DICOM SEG)",
        "1.2.840.10008.5.1.4.1.1.66.7": "label map segmentation object",
        "1.2.840.10008.5.1.4.1.1.481.2": "RT dose",
        "1.2.840.10008.5.1.4.1.1.104.1": "encapsulated PDF",
    ]

    /// Objects without pixel data we recognise, with the reason they are not converted.
    public static let nonImage: [String: String] = [
        "1.2.840.10008.5.1.4.1.1.481.3": "RT structure set (RTSTRUCT)",
        "1.2.840.10008.1.3.10": "media directory (DICOMDIR)",
    ]

    /// Media Storage Directory (DICOMDIR), skipped when found under another file name.
    public static let mediaDirectory = "1.2.840.10008.1.3.10"

    /// Whether a SOP class is a secondary capture (derived screenshots, not acquisitions).
    public static func isSecondaryCapture(_ uid: String) -> Bool { uid.hasPrefix("1.2.840.10008.5.1.4.1.1.7") }

    /// Whether a SOP class keeps its geometry in functional groups (enhanced multi-frame).
    public static func isEnhanced(_ uid: String) -> Bool {
        ["1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.2.2", "1.2.840.10008.5.1.4.1.1.4.1",
         "1.2.840.10008.5.1.4.1.1.4.4", "1.2.840.10008.5.1.4.1.1.130", "1.2.840.10008.5.1.4.1.1.128.1"].contains(uid)
    }
}
