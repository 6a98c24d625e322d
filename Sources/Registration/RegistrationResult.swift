import VolumeModule

/// How a follow-up was put into the baseline's space, for `response.json` / the manifest.
///
/// ``transform`` maps **follow-up (fixed) LPS points to baseline (moving) LPS points**, in mm — elastix's
/// convention and ITK `ResampleImageFilter`'s, so the baseline's image and masks are carried onto the
/// follow-up grid by sampling the baseline at `transform(x)` for every follow-up voxel centre `x`.
public struct RegistrationResult: Sendable, Codable, Equatable {
    /// One stage (one elastix parameter file).
    public struct Stage: Sendable, Codable, Equatable {
        /// elastix transform class, e.g. `EulerTransform`.
        public var transform: String
        /// The metric's final value (AdvancedMattesMutualInformation: negative mutual information, lower is
        /// better; from random samples, so approximate), or `nil` when the log had none.
        public var finalMetric: Double?

        /// Creates a stage record.
        public init(transform: String, finalMetric: Double?) {
            self.transform = transform
            self.finalMetric = finalMetric
        }
    }

    /// Words describing the method, e.g. `elastix 5.0.1 rigid+affine, Mattes MI, 4+3 levels`.
    public var method: String
    /// `true` when baseline and follow-up share a FrameOfReferenceUID and patient coordinates were used
    /// (identity transform, no registration).
    public var sameFrameOfReference: Bool
    /// Fixed (follow-up) LPS point → moving (baseline) LPS point, mm.
    public var transform: AffineTransform3D
    /// The stages run, first applied first (empty for patient coordinates).
    public var stages: [Stage]
    /// Which mask restricted the metric (`"moving"`, `"fixed"`, `"fixed+moving"`), or `nil`.
    public var restriction: String?
    /// Wall time of the registration in seconds (`nil` for patient coordinates).
    public var seconds: Double?

    /// Creates a result.
    public init(method: String, sameFrameOfReference: Bool, transform: AffineTransform3D, stages: [Stage],
                restriction: String? = nil, seconds: Double? = nil) {
        self.method = method
        self.sameFrameOfReference = sameFrameOfReference
        self.transform = transform
        self.stages = stages
        self.restriction = restriction
        self.seconds = seconds
    }

    /// The result for a follow-up in the baseline's frame of reference: identity through patient
    /// coordinates. The caller decides by comparing FrameOfReferenceUIDs (which never reach this module).
    public static func patientCoordinates() -> RegistrationResult {
        RegistrationResult(method: "patient coordinates (same FrameOfReferenceUID)", sameFrameOfReference: true,
                           transform: .identity, stages: [])
    }
}
