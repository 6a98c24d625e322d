import Foundation

/// The committed elastix parameter files (`Sources/Registration/Parameters`, SwiftPM resources).
public enum ElastixParameterFiles {
    /// Stage 1: `EulerTransform` (rigid), geometric-centre initialisation, 4 resolutions.
    public static var rigid: URL? { Bundle.module.url(forResource: "rigid", withExtension: "txt", subdirectory: "Parameters") }
    /// Stage 2: `AffineTransform3D`, started from stage 1, 3 resolutions.
    public static var affine: URL? { Bundle.module.url(forResource: "affine", withExtension: "txt", subdirectory: "Parameters") }
}
