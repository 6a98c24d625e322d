import VolumeModule

/// The diffusion weighting of one frame: b-value and, when the file states it in patient coordinates, the
/// gradient direction (DICOM PS3.3 C.8.13.5.9, MR Diffusion Macro).
///
/// Sources, first found wins: the frame's MRDiffusionSequence (0018,9117) in the per-frame or shared
/// functional groups of an enhanced MR object; the top-level DiffusionBValue (0018,9087) and
/// DiffusionGradientOrientation (0018,9089); GE private (0043,1039) value 1, with the 10⁹ bias some
/// versions add removed (b modulo 10⁹, as dcm2niix since its issue 602); Philips private (2001,1003) with (2005,10B0–10B2); Siemens CSA; United Imaging private (0065,1009)/(0065,1037).
/// Private attributes are read only under their vendor's private creator and with a text or float VR
/// (never as "UN" bytes).
public struct DiffusionEncoding: Sendable, Codable, Equatable {
    /// b-value in s/mm², within ``HeaderLimits/diffusionBValue``.
    public var bValue: Double
    /// Unit gradient direction [x, y, z] in patient LPS, from (0018,9089); `nil` when not stated in patient
    /// coordinates (b = 0, or only a vendor private direction whose frame is not pinned down).
    public var direction: Vector3?
    /// The attribute the b-value came from, e.g. "DiffusionBValue (0018,9087)".
    public var source: String
    /// Any direction the file gives, patient or vendor frame (GE (0019,10BB–10BD)), rounded: used only to tell
    /// volumes of one b-value apart, never written out.
    var groupingDirection: Vector3?
    /// Whether this is the scanner's own isotropic (trace-weighted) image stored among the direction images:
    /// b > 0 with DiffusionDirectionality (0018,9075) ISOTROPIC, with the gradient orientation (0018,9089) stated
    /// as the zero vector, or Philips (2001,1004) DiffusionDirection "I". It is derived, not acquired: dcm2niix
    /// leaves it out of the `.bval`, and RadStation's own trace and ADC leave it out too.
    public var isotropic = false
    /// Whether the b-value was not stated and is taken as 0: a plane without any b-value attribute in a series
    /// whose other planes are diffusion-weighted (Canon/Toshiba b = 0 images; dcm2niix does the same).
    public var bValueAssumed = false

    private enum CodingKeys: String, CodingKey { case bValue, direction, source }

    /// Creates an encoding.
    /// - Parameters:
    ///   - bValue: s/mm².
    ///   - direction: unit vector in LPS, or `nil`.
    ///   - source: the attribute read.
    public init(bValue: Double, direction: Vector3?, source: String) {
        self.bValue = bValue
        self.direction = direction
        self.source = source
        groupingDirection = direction
    }

    /// Whether this frame is diffusion-weighted at all (b > 0 or a direction).
    var isWeighted: Bool { bValue > 0 || groupingDirection != nil }

    /// The nominal b-value in s/mm², rounded to an integer: the b-values that scanners write as 0.001, 0.002…
    /// for repeated b = 0 images (Philips) share the nominal value 0. Trace images and the ADC group by it.
    public var nominalBValue: Double { bValue.rounded() }
}
