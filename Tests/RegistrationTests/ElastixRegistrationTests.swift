import Foundation
import Testing
import VolumeModule
@testable import Registration

/// elastix on a phantom moved by a known rigid motion: the recovered fixed → moving transform, the carried
/// lesion mask, and the error cases. Skipped (with a printed reason) when `elastix` is not on PATH.
@Suite(.serialized) struct ElastixRegistrationTests {
    /// Truth: follow-up (fixed) point → baseline (moving) point. 4° about a skew axis, (12, −9, 6) mm.
    static let truth = AffineTransform3D(matrix: .rotation(axis: Vector3(0.3, 0.5, 1), angle: 4 * Double.pi / 180),
                                         center: Vector3(10, -5, 0), translation: Vector3(12, -9, 6))

    /// Points spread over the body (LPS mm) where the error is measured.
    static let probes: [Vector3] = [-1, 1].flatMap { x in [-1, 1].flatMap { y in [-1, 1].map { z in
        Vector3(100 * x, 70 * y, 20 + 50 * z) } } } + [RegistrationPhantom.lesionCentre]

    /// Largest angle (degrees) between the images of the unit axes under `a` and under `b` (insensitive to
    /// the small scalings an affine stage adds, unlike the trace of a·bᵀ).
    static func axisAngleError(_ a: Matrix3, _ b: Matrix3) -> Double {
        (0..<3).map { c in
            let u = a.column(c).normalized, v = b.column(c).normalized
            return acos(min(1, u.dot(v))) * 180 / Double.pi
        }.max() ?? 0
    }

    static var elastixAvailable: Bool {
        if ElastixProcess.locate("elastix") != nil { return true }
        print("skipped: elastix is not on PATH (Debian package elastix)")
        return false
    }

    /// Baseline, and a follow-up on its own grid (other origin and slice spacing) made with the resampler.
    static func fixture() throws -> (baseline: Volume<Float>, followUp: Volume<Float>) {
        let baseline = RegistrationPhantom.baseline()
        var grid = baseline.geometry
        grid.origin = grid.origin + Vector3(3, -4, 6)
        grid.spacing.z = 3.5
        grid.size.k = 44
        let followUp = try baseline.resampled(onto: grid, through: truth, interpolation: .linear, defaultValue: -1000)
        return (baseline, followUp)
    }

    @Test func recoversAKnownRigidMotion() throws {
        guard Self.elastixAvailable else { return }
        let (baseline, followUp) = try Self.fixture()
        var registration = try ElastixRegistration()
        if ProcessInfo.processInfo.environment["RADSTATION_KEEP_ELASTIX"] != nil {
            registration.keepsWorkFolder = true
            registration.workParent = URL(fileURLWithPath: "/tmp/elastix-debug")
        }
        let result = try registration.register(fixed: followUp, moving: baseline)
        print("recovered \(result.transform.matrix.rowMajor) \(result.transform.translation); truth \(Self.truth.matrix.rowMajor) \(Self.truth.translation)")
        let error = result.transform.maxDistance(to: Self.truth, over: Self.probes)
        let rotationError = Self.axisAngleError(result.transform.matrix, Self.truth.matrix)
        print("registration: \(String(format: "%.2f", result.seconds ?? 0)) s, max point error \(String(format: "%.3f", error)) mm, rotation error \(String(format: "%.3f", rotationError))°, metrics \(result.stages.map { $0.finalMetric ?? .nan })")
        #expect(error <= 1.0)
        #expect(rotationError <= 0.5)
        // The opposite convention (moving → fixed) would be off by about twice the motion.
        let inverse = try #require(Self.truth.inverse)
        #expect(result.transform.maxDistance(to: inverse, over: Self.probes) > 10)
        #expect(result.stages.map(\.transform) == ["EulerTransform", "AffineTransform"])
        #expect(result.stages.allSatisfy { ($0.finalMetric ?? 0) < 0 })
        #expect(result.method.hasPrefix("elastix 5.") && !result.sameFrameOfReference)

        // The baseline lesion carried onto the follow-up grid overlaps the truth.
        let lesion = RegistrationPhantom.lesionMask(on: baseline.geometry)
        let carried = try result.carried(lesion, onto: followUp.geometry)
        let expected = RegistrationPhantom.lesionMask(on: followUp.geometry, through: Self.truth)
        let dice = RegistrationPhantom.dice(carried, expected)
        print("carried lesion Dice \(String(format: "%.3f", dice))")
        #expect(dice >= 0.9)
        // Carried through the wrong direction, it would not.
        let wrong = try lesion.resampledPartialVolume(of: 1, onto: followUp.geometry, through: inverse)
        #expect(RegistrationPhantom.dice(wrong, expected) < 0.5)

        let json = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(RegistrationResult.self, from: json) == result)
    }

    @Test func movingMaskRestrictsTheMetricAndStillRecoversTheMotion() throws {
        guard Self.elastixAvailable else { return }
        let (baseline, followUp) = try Self.fixture()
        // Baseline liver region, dilated by hand (the caller's job): an ellipsoid around the liver block.
        var region = Mask(geometry: baseline.geometry, repeating: 0)
        let g = baseline.geometry
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i
            where RegistrationPhantom.inside(g.physicalPoint(i: i, j: j, k: k), Vector3(-45, 5, 10), Vector3(85, 80, 75)) {
            region[i, j, k] = 1
        } } }
        let result = try ElastixRegistration().register(fixed: followUp, moving: baseline, movingMask: region)
        let lesionError = (result.transform.transformPoint(Self.truth.inverse!.transformPoint(RegistrationPhantom.lesionCentre))
                           - RegistrationPhantom.lesionCentre).length
        print("masked registration: \(String(format: "%.2f", result.seconds ?? 0)) s, lesion-centre error \(String(format: "%.3f", lesionError)) mm")
        #expect(result.restriction == "moving")
        #expect(lesionError <= 1.0)

        // The same region seen from the follow-up (fixed mask: samples drawn only inside it).
        let fixedRegion = try region.resampledNearest(onto: followUp.geometry, through: Self.truth)
        let both = try ElastixRegistration().register(fixed: followUp, moving: baseline, fixedMask: fixedRegion,
                                                      movingMask: region)
        #expect(both.restriction == "fixed+moving")
        let lesionInFollowUp = try #require(Self.truth.inverse).transformPoint(RegistrationPhantom.lesionCentre)
        #expect(both.transform.maxDistance(to: Self.truth, over: [lesionInFollowUp]) <= 1.0)
    }

    @Test func patientCoordinatesIsTheIdentity() throws {
        let result = RegistrationResult.patientCoordinates()
        #expect(result.sameFrameOfReference && result.transform == .identity && result.stages.isEmpty)
        #expect(result.method == "patient coordinates (same FrameOfReferenceUID)")
    }

    @Test func reportsAMissingExecutableAndAFailure() throws {
        let image = RegistrationPhantom.baseline(size: Size3(8, 8, 4))
        var missing = try ElastixRegistration()
        missing.executable = URL(fileURLWithPath: "/nonexistent/elastix")
        #expect(throws: RegistrationError.elastixMissing(debianPackage: "elastix")) {
            try missing.register(fixed: image, moving: image)
        }
        guard Self.elastixAvailable else { return }
        var broken = try ElastixRegistration()
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).txt")
        try "(Transform \"NoSuchTransform\")\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        broken.parameterFiles = [bad]
        do {
            _ = try broken.register(fixed: image, moving: image)
            Issue.record("expected a failure")
        } catch let RegistrationError.elastixFailed(status, tail) {
            #expect(status != 0 && !tail.isEmpty)
            #expect(!tail.joined().contains("radstation-elastix-"))  // work folder hidden
        }
    }

    @Test func killsTheProcessAtTheTimeout() throws {
        // A stand-in executable that never finishes (exec: the killed process is the sleeping one).
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("slow-elastix-\(UUID().uuidString)")
        try "#!/bin/sh\nexec sleep 30\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        defer { try? FileManager.default.removeItem(at: script) }
        var slow = try ElastixRegistration()
        slow.executable = script
        slow.timeout = 0.5
        let image = RegistrationPhantom.baseline(size: Size3(8, 8, 4))
        let start = Date()
        #expect(throws: RegistrationError.timeout(seconds: 0.5)) { try slow.register(fixed: image, moving: image) }
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
