import Foundation
import VolumeModule

/// An elastix result: a `TransformParameters.N.txt` and the chain of initial transforms it names
/// (`InitialTransformParametersFileName`), composed into one fixed → moving ``AffineTransform3D``.
///
/// elastix composes an initial transform `T₀` and the current `T₁` as `T(p) = T₁(T₀(p))` when
/// `HowToCombineTransforms` is `"Compose"` (elastix manual §4 "Transforms", `itk::CombinationTransform`): the
/// initial (earlier stage) transform is applied to the fixed point first.
public enum ElastixTransformChain {
    /// Reads `url` and its initial transforms (at most 16 deep) and composes them.
    ///
    /// An initial file named by a path that does not exist is looked up by its file name beside `url` (a
    /// result folder that was moved).
    /// - Returns: the composed transform (fixed LPS → moving LPS, mm) and the transform class names, first
    ///   applied first.
    /// - Throws: ``RegistrationError/unparsableTransform(reason:)``.
    public static func read(_ url: URL) throws -> (transform: AffineTransform3D, names: [String]) {
        var transforms: [(AffineTransform3D, String)] = []
        var next: URL? = url
        while let file = next {
            guard transforms.count < 16 else { throw RegistrationError.unparsableTransform(reason: "initial transform chain too long") }
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw RegistrationError.unparsableTransform(reason: "a transform parameter file cannot be read")
            }
            let parameters = try ElastixTransformParameters(text: text)
            let combine = parameters.string("HowToCombineTransforms") ?? "Compose"
            if parameters.initialTransformFile != nil && combine != "Compose" {
                throw RegistrationError.unparsableTransform(reason: "HowToCombineTransforms \(combine) is not supported")
            }
            transforms.append((try parameters.transform(), parameters.transformName ?? ""))
            next = parameters.initialTransformFile.map { resolve($0, beside: file) }
        }
        // transforms[0] is the last stage; the chain's deepest file is applied first.
        var total = AffineTransform3D.identity
        for (t, _) in transforms.reversed() { total = t.composed(after: total) }
        return (total, transforms.reversed().map { $0.1 })
    }

    private static func resolve(_ name: String, beside file: URL) -> URL {
        let direct = URL(fileURLWithPath: name, relativeTo: file.deletingLastPathComponent())
        if FileManager.default.fileExists(atPath: direct.path) { return direct }
        return file.deletingLastPathComponent().appendingPathComponent((name as NSString).lastPathComponent)
    }
}
