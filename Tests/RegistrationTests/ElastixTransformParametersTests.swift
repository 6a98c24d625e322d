import Foundation
import Testing
import VolumeModule
@testable import Registration

/// The TransformParameters parser and chain on hand-written files with numbers worked out by hand, and the
/// fixed → moving convention against `transformix -def` (skipped when transformix is absent).
@Suite struct ElastixTransformParametersTests {
    static func euler(angles: String, center: String, translation: String, zyx: Bool = false) -> String {
        """
        // hand-written
        (Transform "EulerTransform")
        (NumberOfParameters 6)
        (TransformParameters \(angles) \(translation))
        (InitialTransformParametersFileName "NoInitialTransform")
        (HowToCombineTransforms "Compose")
        (FixedImageDimension 3)
        (MovingImageDimension 3)
        (CenterOfRotationPoint \(center))
        (ComputeZYX "\(zyx)")
        """ + Self.gridLines
    }

    static func affine(_ parameters: String, center: String, initial: String) -> String {
        """
        (Transform "AffineTransform")
        (NumberOfParameters 12)
        (TransformParameters \(parameters))
        (InitialTransformParametersFileName "\(initial)")
        (HowToCombineTransforms "Compose")
        (FixedImageDimension 3)
        (MovingImageDimension 3)
        (CenterOfRotationPoint \(center))
        """ + Self.gridLines
    }

    /// What transformix needs besides the transform.
    static let gridLines = """

        (FixedInternalImagePixelType "float")
        (MovingInternalImagePixelType "float")
        (Size 20 20 20)
        (Index 0 0 0)
        (Spacing 1.0000000000 1.0000000000 1.0000000000)
        (Origin -10.0000000000 -10.0000000000 -10.0000000000)
        (Direction 1.0000000000 0.0000000000 0.0000000000 0.0000000000 1.0000000000 0.0000000000 0.0000000000 0.0000000000 1.0000000000)
        (UseDirectionCosines "true")
        (ResampleInterpolator "FinalBSplineInterpolator")
        (FinalBSplineInterpolationOrder 1)
        (Resampler "DefaultResampler")
        (DefaultPixelValue 0)
        (ResultImageFormat "nii")
        (ResultImagePixelType "float")
        (CompressResultImage "false")

        """

    static let halfPi = String(Double.pi / 2)

    @Test func eulerRotatesAboutItsCentreThenTranslates() throws {
        let p = try ElastixTransformParameters(text: Self.euler(angles: "0 0 \(Self.halfPi)", center: "10 0 0", translation: "1 2 3"))
        // R_z(90°)·((11,0,0) − c) + c + t = (0,1,0) + (10,0,0) + (1,2,3)
        #expect(try p.transform().transformPoint(Vector3(11, 0, 0)).maxAbsDifference(Vector3(11, 3, 3)) < 1e-12)
    }

    @Test func eulerAxisOrderFollowsComputeZYX() throws {
        let angles = "\(Self.halfPi) \(Self.halfPi) 0"
        let zxy = try ElastixTransformParameters(text: Self.euler(angles: angles, center: "0 0 0", translation: "0 0 0"))
        let zyx = try ElastixTransformParameters(text: Self.euler(angles: angles, center: "0 0 0", translation: "0 0 0", zyx: true))
        // Rz·Rx·Ry·(1,0,0) = Rx·(0,0,−1) = (0,1,0);  Rz·Ry·Rx·(1,0,0) = Ry·(1,0,0) = (0,0,−1).
        #expect(try zxy.transform().transformPoint(Vector3(1, 0, 0)).maxAbsDifference(Vector3(0, 1, 0)) < 1e-12)
        #expect(try zyx.transform().transformPoint(Vector3(1, 0, 0)).maxAbsDifference(Vector3(0, 0, -1)) < 1e-12)
    }

    @Test func chainAppliesTheInitialTransformFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reg-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.euler(angles: "0 0 \(Self.halfPi)", center: "10 0 0", translation: "1 2 3")
            .write(to: folder.appendingPathComponent("TransformParameters.0.txt"), atomically: true, encoding: .utf8)
        // The stored path is stale (another folder): found beside the file by name.
        try Self.affine("2 0 0 0 1 0 0 0 1 0 0 0", center: "0 0 0", initial: "/elsewhere/TransformParameters.0.txt")
            .write(to: folder.appendingPathComponent("TransformParameters.1.txt"), atomically: true, encoding: .utf8)
        let (t, names) = try ElastixTransformChain.read(folder.appendingPathComponent("TransformParameters.1.txt"))
        #expect(names == ["EulerTransform", "AffineTransform"])
        // Euler first: (11,0,0) → (11,3,3), then x doubled: (22,3,3). The other order would give (11,14,3).
        #expect(t.transformPoint(Vector3(11, 0, 0)).maxAbsDifference(Vector3(22, 3, 3)) < 1e-12)
    }

    @Test func rejectsWhatItCannotRead() {
        #expect(throws: RegistrationError.self) { try ElastixTransformParameters(text: "Transform Euler") }
        #expect(throws: RegistrationError.unparsableTransform(reason: "transform BSplineTransform is not affine or not supported")) {
            try ElastixTransformParameters(text: "(Transform \"BSplineTransform\")").transform()
        }
        #expect(throws: RegistrationError.unparsableTransform(reason: "TransformParameters is not 6 number(s)")) {
            try ElastixTransformParameters(text: Self.euler(angles: "0 0", center: "0 0 0", translation: "1 2 3")).transform()
        }
    }

    @Test func finalMetricsPerStageFromTheLog() {
        let log = """
            Running elastix with parameter file 0: "rigid.txt".
            Final metric value  = -0.5
            Final metric value  = -0.75
            Running elastix with parameter file 0: "rigid.txt", has finished.
            Running elastix with parameter file 1: "affine.txt".
            Final metric value  = -0.8125
            """
        #expect(ElastixLog.finalMetrics(log) == [-0.75, -0.8125])
        #expect(ElastixRegistration.version("x\nELASTIX version: 5.0.1\n") == "5.0.1")
        #expect(ElastixLog.tail("a /tmp/w/x.nii\n\nb", workFolder: "/tmp/w") == ["a <work>/x.nii", "b"])
    }

    /// transformix applies the same files to points: our fixed → moving reading of a non-commuting chain
    /// (Euler with all three angles, then a sheared affine) must give its OutputPoints.
    @Test func matchesTransformixOnPoints() throws {
        guard let transformix = ElastixProcess.locate("transformix") else {
            print("skipped: transformix is not on PATH (Debian package elastix)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reg-tfx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("TransformParameters.0.txt")
        try Self.euler(angles: "0.1 -0.2 0.3", center: "5 -3 2", translation: "4 -6 8")
            .write(to: first, atomically: true, encoding: .utf8)
        let second = folder.appendingPathComponent("TransformParameters.1.txt")
        try Self.affine("1.1 0.05 -0.02 0.03 0.95 0.04 -0.01 0.02 1.05 2 1 -3", center: "1 2 3", initial: first.path)
            .write(to: second, atomically: true, encoding: .utf8)
        let points = [Vector3(0, 0, 0), Vector3(7.5, -3.25, 4), Vector3(-9, 8, -6)]
        try ("point\n\(points.count)\n" + points.map { "\($0.x) \($0.y) \($0.z)" }.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("points.txt"), atomically: true, encoding: .utf8)
        let status = try ElastixProcess.run(transformix, ["-def", folder.appendingPathComponent("points.txt").path,
                                                          "-out", folder.path, "-tp", second.path],
                                            log: folder.appendingPathComponent("log.txt"), timeout: 60)
        #expect(status == 0)
        let output = try String(contentsOf: folder.appendingPathComponent("outputpoints.txt"), encoding: .utf8)
        let outputs = output.split(whereSeparator: \.isNewline).compactMap { line -> Vector3? in
            guard let r = line.range(of: "OutputPoint = [") else { return nil }
            let numbers = line[r.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
            return numbers.count == 3 ? Vector3(numbers) : nil
        }
        try #require(outputs.count == points.count)
        let (t, _) = try ElastixTransformChain.read(second)
        let inverse = try #require(t.inverse)
        for (p, expected) in zip(points, outputs) {
            #expect(t.transformPoint(p).maxAbsDifference(expected) < 1e-3)      // transformix prints 6 digits
            #expect(inverse.transformPoint(p).maxAbsDifference(expected) > 1)  // the opposite convention fails
        }
    }
}
