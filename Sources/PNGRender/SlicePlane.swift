/// The three standard planes, each with its fixed radiological display orientation.
///
/// Display conventions (radiological, as every PACS viewer; DICOM patient axes LPS, PS3.3 C.7.6.2.1.1):
/// - axial: patient left on image right, anterior at the top (viewed from the feet);
/// - coronal: patient left on image right, superior at the top (viewed from the front);
/// - sagittal: anterior on image left, superior at the top (viewed from the patient's left).
/// Letters: R/L right/left, A/P anterior/posterior, S/I superior/inferior.
public enum SlicePlane: String, CaseIterable, Sendable, Codable {
    /// Transverse plane (normal along patient z, superior–inferior).
    case axial
    /// Frontal plane (normal along patient y, anterior–posterior).
    case coronal
    /// Side plane (normal along patient x, right–left).
    case sagittal

    /// The LPS axis (0 = x, 1 = y, 2 = z) that runs toward image right, and its sign there.
    var horizontal: (axis: Int, sign: Int) {
        switch self {
        case .axial, .coronal: return (0, +1)  // toward +x = patient left
        case .sagittal: return (1, +1)  // toward +y = posterior
        }
    }

    /// The LPS axis that runs toward the image bottom (rows grow downward), and its sign there.
    var vertical: (axis: Int, sign: Int) {
        switch self {
        case .axial: return (1, +1)  // toward +y = posterior, so anterior is at the top
        case .coronal, .sagittal: return (2, -1)  // toward −z = inferior, so superior is at the top
        }
    }

    /// The LPS axis normal to the plane.
    var normal: Int {
        switch self {
        case .axial: return 2
        case .coronal: return 1
        case .sagittal: return 0
        }
    }

    /// The orientation letters shown at the middle of each image edge.
    public var edgeLetters: (top: String, bottom: String, left: String, right: String) {
        let h = horizontal, v = vertical
        return (Self.letter(v.axis, -v.sign), Self.letter(v.axis, v.sign),
                Self.letter(h.axis, -h.sign), Self.letter(h.axis, h.sign))
    }

    /// The letter of the patient direction along LPS axis `axis` with sign `sign` (+x = L, +y = P, +z = S).
    static func letter(_ axis: Int, _ sign: Int) -> String {
        switch (axis, sign > 0) {
        case (0, true): return "L"
        case (0, false): return "R"
        case (1, true): return "P"
        case (1, false): return "A"
        case (_, true): return "S"
        default: return "I"
        }
    }
}
