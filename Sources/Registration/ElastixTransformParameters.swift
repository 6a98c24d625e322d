import Foundation
import VolumeModule

/// One elastix transform parameter file (`TransformParameters.N.txt`, elastix manual §4 "Transforms" and
/// appendix "parameter file"): lines `(Key value value …)`, strings in double quotes, `//` comments.
///
/// ``transform()`` turns it into an ``AffineTransform3D`` in elastix's convention: it maps **fixed-image** LPS
/// points to **moving-image** LPS points (elastix manual, "the transformation is defined as a mapping from the
/// fixed image to the moving image domain"). This file alone does not include its initial transform
/// (`InitialTransformParametersFileName`); ``ElastixTransformChain`` composes the chain.
public struct ElastixTransformParameters: Sendable, Equatable {
    /// Every key with its values as written (quotes removed).
    public var values: [String: [String]]

    /// Parses the text of a parameter file.
    /// - Throws: ``RegistrationError/unparsableTransform(reason:)`` for a line that is not `(Key …)`.
    public init(text: String) throws {
        var values: [String: [String]] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = Substring(raw)
            if let comment = line.range(of: "//") { line = line[..<comment.lowerBound] }
            line = line.drop(while: \.isWhitespace)
            while let last = line.last, last.isWhitespace { line = line.dropLast() }
            guard !line.isEmpty else { continue }
            guard line.first == "(", line.last == ")" else {
                throw RegistrationError.unparsableTransform(reason: "a line is not of the form (Key values)")
            }
            let tokens = Self.tokens(line.dropFirst().dropLast())
            guard let key = tokens.first else { continue }
            values[key] = Array(tokens.dropFirst())
        }
        self.values = values
    }

    /// Splits on white space, keeping double-quoted strings (without their quotes) whole.
    private static func tokens(_ s: Substring) -> [String] {
        var out: [String] = [], current = "", quoted = false, inToken = false
        for ch in s {
            if ch == "\"" { quoted.toggle(); inToken = true; continue }
            if ch.isWhitespace && !quoted {
                if inToken { out.append(current); current = ""; inToken = false }
            } else {
                current.append(ch); inToken = true
            }
        }
        if inToken { out.append(current) }
        return out
    }

    /// The first value of `key`, if present.
    public func string(_ key: String) -> String? { values[key]?.first }

    /// All values of `key` as numbers.
    /// - Throws: ``RegistrationError/unparsableTransform(reason:)`` when absent or not numeric.
    public func numbers(_ key: String, count: Int? = nil) throws -> [Double] {
        guard let strings = values[key] else { throw RegistrationError.unparsableTransform(reason: "\(key) missing") }
        let numbers = strings.compactMap(Double.init)
        guard numbers.count == strings.count, numbers.allSatisfy(\.isFinite), count.map({ $0 == numbers.count }) ?? true
        else { throw RegistrationError.unparsableTransform(reason: "\(key) is not \(count.map(String.init) ?? "a list of") number(s)") }
        return numbers
    }

    /// The elastix transform class (`Transform`), e.g. `EulerTransform`.
    public var transformName: String? { string("Transform") }

    /// The initial transform's file, or `nil` for `NoInitialTransform`.
    public var initialTransformFile: String? {
        guard let name = string("InitialTransformParametersFileName"), name != "NoInitialTransform" else { return nil }
        return name
    }

    /// This file's own transform (without its initial transform), fixed LPS → moving LPS, in mm.
    ///
    /// - `TranslationTransform`: `p + t`.
    /// - `EulerTransform` (3-D): parameters `(θx, θy, θz, tx, ty, tz)` in radians and mm, centre
    ///   `CenterOfRotationPoint`; `R(p − c) + c + t` with `R = Rz·Rx·Ry`, or `Rz·Ry·Rx` when `ComputeZYX` is
    ///   `"true"` (ITK `Euler3DTransform::ComputeMatrix`).
    /// - `AffineTransform`: 12 parameters, the matrix
    ///   row-major then the translation; `A(p − c) + c + t`.
    /// - Throws: ``RegistrationError/unparsableTransform(reason:)`` for another transform, another dimension,
    ///   `HowToCombineTransforms` other than `Compose`, or missing/invalid numbers.
    public func transform() throws -> AffineTransform3D {
        if let dimension = string("FixedImageDimension"), dimension != "3" {
            throw RegistrationError.unparsableTransform(reason: "only 3-D transforms are read")
        }
        switch transformName {
        case "TranslationTransform":
            return .translation(Vector3(try numbers("TransformParameters", count: 3)))
        case "EulerTransform":
            let p = try numbers("TransformParameters", count: 6)
            let center = Vector3(try numbers("CenterOfRotationPoint", count: 3))
            let zyx = string("ComputeZYX") == "true"
            let r = Self.eulerMatrix(angles: Vector3(p[0], p[1], p[2]), computeZYX: zyx)
            return AffineTransform3D(matrix: r, center: center, translation: Vector3(p[3], p[4], p[5]))
        case "AffineTransform":
            let p = try numbers("TransformParameters", count: 12)
            let center = Vector3(try numbers("CenterOfRotationPoint", count: 3))
            return AffineTransform3D(matrix: Matrix3(rowMajor: Array(p[0..<9])), center: center,
                                   translation: Vector3(p[9], p[10], p[11]))
        case let other:
            throw RegistrationError.unparsableTransform(reason: "transform \(other ?? "(none)") is not affine or not supported")
        }
    }

    /// ITK `Euler3DTransform` rotation: `Rz·Rx·Ry` (default) or `Rz·Ry·Rx` (`ComputeZYX`), angles in radians.
    public static func eulerMatrix(angles: Vector3, computeZYX: Bool) -> Matrix3 {
        let (cx, sx) = (cos(angles.x), sin(angles.x))
        let (cy, sy) = (cos(angles.y), sin(angles.y))
        let (cz, sz) = (cos(angles.z), sin(angles.z))
        let rx = Matrix3(rowMajor: [1, 0, 0, 0, cx, -sx, 0, sx, cx])
        let ry = Matrix3(rowMajor: [cy, 0, sy, 0, 1, 0, -sy, 0, cy])
        let rz = Matrix3(rowMajor: [cz, -sz, 0, sz, cz, 0, 0, 0, 1])
        return computeZYX ? rz * ry * rx : rz * rx * ry
    }
}
