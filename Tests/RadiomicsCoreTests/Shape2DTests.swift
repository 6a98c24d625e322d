import Foundation
@testable import RadiomicsCore
import Testing
import TestSupport
import VolumeModule

/// shape2D (force2D, single-slice ROI) against PyRadiomics 3.1.0's own extractor output
/// (`testdata/reference/shape2d-pyradiomics.json`, written by `tools/references/make_shape2d_references.py`:
/// synthetic masks, a sagittal slice, the largest axial slice of brain1, a two-slice error case and a run without
/// force2D), plus analytic values for a rectangle.
@Suite struct Shape2DTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String
            var size: [Int]
            var spacing: [Double]
            var force2D: Bool
            var force2Ddimension: Int
            var mask: String
            var features: [String: Double]?
            var error: String?
        }
        var cases: [Case]
    }

    static let allNames = FeatureClass.shape2D.featureNames

    static func load() throws -> [Reference.Case] {
        let data = try Data(contentsOf: TestPaths.testdata("reference/shape2d-pyradiomics.json"))
        return try JSONDecoder().decode(Reference.self, from: data).cases
    }

    static func run(_ c: Reference.Case) throws -> FeatureVector {
        let geometry = VolumeGeometry(size: Size3(c.size[0], c.size[1], c.size[2]),
                                      spacing: Vector3(c.spacing[0], c.spacing[1], c.spacing[2]),
                                      origin: Vector3(20.5, -13.25, 4.0))
        let voxels = [UInt8](Data(base64Encoded: c.mask) ?? Data())
        let mask = Mask(geometry: geometry, voxels: voxels)
        let image = Volume<Float>(geometry: geometry, voxels: (0..<geometry.voxelCount).map { Float(($0 * 37) % 113) })
        var parameters = ExtractionParameters()
        parameters.settings.force2D = c.force2D
        parameters.settings.force2Ddimension = c.force2Ddimension
        parameters.settings.additionalInfo = false
        parameters.featureClasses = [(.shape2D, allNames)]
        return try FeatureExtractor(parameters: parameters).execute(image: image, mask: mask)
    }

    /// The names whose value differs from `expected` by more than 1e-6 relative (1e-9 absolute near zero), and
    /// the names missing on either side.
    static func mismatches(_ vector: FeatureVector, _ expected: [String: Double]) -> [String] {
        var bad: [String] = []
        for (name, value) in expected {
            guard let mine = vector["original_shape2D_\(name)"]?.number else { bad.append("missing \(name)"); continue }
            if abs(mine - value) > max(1e-6 * abs(value), 1e-9) { bad.append("\(name): \(mine) vs \(value)") }
        }
        let extra = vector.features.map(\.key).filter { $0.hasPrefix("original_shape2D_") }
            .filter { expected["\($0.dropFirst("original_shape2D_".count))"] == nil }
        return bad + extra.map { "extra \($0)" }
    }

    @Test func matchesPyRadiomicsOnEveryReferenceMask() throws {
        let cases = try Self.load().filter { $0.features != nil && $0.error == nil }
        #expect(cases.count >= 6)
        for c in cases {
            let expected = try #require(c.features)
            if c.force2D { #expect(expected.count == Self.allNames.count, "\(c.name)") }
            let problems = Self.mismatches(try Self.run(c), expected)
            #expect(problems.isEmpty, "\(c.name): \(problems)")
        }
    }

    @Test func comparatorCatchesAWrongValueAndAMissingFeature() throws {
        let c = try #require(try Self.load().first { $0.name == "disc-axial" })
        var expected = try #require(c.features)
        let vector = try Self.run(c)
        #expect(Self.mismatches(vector, expected).isEmpty)
        expected["Perimeter"] = (expected["Perimeter"] ?? 0) * (1 + 3e-6)
        #expect(Self.mismatches(vector, expected).count == 1)
        expected["NotAFeature"] = 1
        #expect(Self.mismatches(vector, expected).count == 2)
    }

    @Test func thickROIIsAClearErrorWherePyRadiomicsRaises() throws {
        let c = try #require(try Self.load().first { $0.name == "error-two-slices" })
        #expect(c.error?.contains("more than 1") == true)
        #expect(throws: RadiomicsError.roiNotSingleSlice(dimension: 0, thickness: 2)) { try Self.run(c) }
    }

    @Test func withoutForce2DShape2DIsSkippedWithAWarning() throws {
        let c = try #require(try Self.load().first { $0.name == "skipped-without-force2D" })
        #expect(c.features?.isEmpty == true)
        let vector = try Self.run(c)
        #expect(!vector.features.contains { $0.key.hasPrefix("original_shape2D_") })
        #expect(vector.warnings == [.shape2DNeedsForce2D])
    }

    /// A w × h pixel rectangle: marching squares cuts each corner by a half-pixel diagonal.
    @Test func rectangleHasAnalyticMeshValues() {
        let (w, h, sx, sy) = (7, 4, 0.8, 1.7)
        let size = Size3(w + 2, h + 3, 1)
        var inside = [Bool](repeating: false, count: size.count)
        for j in 1...h { for i in 1...w { inside[i + size.i * j] = true } }
        let values = Dictionary(uniqueKeysWithValues: Shape2DFeatures.compute(
            inside: inside, size: size, spacing: Vector3(sx, sy, 3), excludedAxis: 0, names: Self.allNames))
        let (W, H) = (Double(w), Double(h))
        let diagonal = (sx * sx + sy * sy).squareRoot()
        let close = { (a: Double?, b: Double) in a.map { abs($0 - b) <= 1e-12 * max(1, abs(b)) } == true }
        #expect(close(values["PixelSurface"], W * H * sx * sy))
        #expect(close(values["MeshSurface"], W * H * sx * sy - sx * sy / 2))
        #expect(close(values["Perimeter"], 2 * (W - 1) * sx + 2 * (H - 1) * sy + 2 * diagonal))
        // The farthest vertices are two of the eight corner-cut points (pixel-edge coordinates, origin at the
        // rectangle's outer corner).
        let cuts = [(0.5, 0.0), (0.0, 0.5), (W - 0.5, 0.0), (W, 0.5), (0.0, H - 0.5), (0.5, H), (W, H - 0.5), (W - 0.5, H)]
        var farthest = 0.0
        for a in cuts { for b in cuts { farthest = max(farthest, hypot((a.0 - b.0) * sx, (a.1 - b.1) * sy)) } }
        #expect(close(values["MaximumDiameter"], farthest))
        // Uniform grid of n points with step s: variance s²(n² − 1)/12.
        let vx = sx * sx * (W * W - 1) / 12, vy = sy * sy * (H * H - 1) / 12
        #expect(close(values["MajorAxisLength"], 4 * max(vx, vy).squareRoot()))
        #expect(close(values["MinorAxisLength"], 4 * min(vx, vy).squareRoot()))
        #expect(close(values["Elongation"], (min(vx, vy) / max(vx, vy)).squareRoot()))
    }
}
