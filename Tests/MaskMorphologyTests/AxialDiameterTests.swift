import Foundation
import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct AxialDiameterTests {
    static func ellipsoid(_ g: VolumeGeometry, a: Double, b: Double, c: Double, angle: Double, centre: Vector3 = .zero) -> Mask {
        let (cs, sn) = (cos(angle), sin(angle))
        return Phantoms.mask(g) { p in
            let q = p - centre
            let u = q.x * cs + q.y * sn, v = -q.x * sn + q.y * cs
            return (u / a) * (u / a) + (v / b) * (v / b) + (q.z / c) * (q.z / c) <= 1
        }
    }

    @Test(arguments: [0.0, 0.52, 1.1, 2.3])
    func rotatedEllipsoidGivesTheAnalyticLongestAxialDiameter(angle: Double) throws {
        let g = Phantoms.ctLike(60, slices: 13)
        let m = Self.ellipsoid(g, a: 14, b: 6, c: 9, angle: angle)
        let d = try #require(try AxialDiameter.longest(in: m))
        let diagonal = (0.7 * 0.7 * 2).squareRoot()
        #expect(abs(d.length - 28) <= diagonal)
        #expect(d.slice == 6)  // the central slice, z = 0
        #expect(abs((d.end - d.start).length - d.length) < 1e-9)
        let direction = atan2(d.end.y - d.start.y, d.end.x - d.start.x)
        let off = abs(remainder(direction - angle, Double.pi))
        #expect(off < 0.1)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func equalsAllPairsBruteForceOnRandomSlices(seed: UInt64) throws {
        let g = VolumeGeometry(size: Size3(15, 12, 3), spacing: Vector3(0.7, 0.9, 2.5), origin: Vector3(5, 5, 5))
        let m = BruteForce.randomMask(g, fraction: 0.08 * Double(seed), seed: seed)
        var best = 0.0
        for k in 0..<3 {
            var points: [Vector3] = []
            for j in 0..<12 { for i in 0..<15 where m[i, j, k] != 0 { points.append(g.physicalPoint(i: i, j: j, k: k)) } }
            for a in points { for b in points { best = max(best, (a - b).length) } }
        }
        let d = try #require(try AxialDiameter.longest(in: m))
        #expect(abs(d.length - best) < 1e-9)
    }

    @Test func singleVoxelAndEmpty() throws {
        var m = Mask(geometry: Phantoms.ctLike(5, slices: 3), repeating: 0)
        #expect(try AxialDiameter.longest(in: m) == nil)
        m[2, 2, 1] = 1
        #expect(try AxialDiameter.longest(in: m)?.length == 0)
    }

    @Test func measurementsOfABall() throws {
        let g = Phantoms.ctLike(50, slices: 15)
        let centre = Vector3(1.2, -2.1, 2.5)
        let m = Phantoms.sphere(g, radius: 10, centre: centre)
        let result = try MaskMeasurements.measure(m)
        #expect(result.voxelCount == m.count(of: 1))
        #expect(abs(result.volumeML / (4.0 / 3.0 * .pi * 1000 / 1000) - 1) < 0.03)  // 2.5 mm slices: ~2 % discretisation
        #expect((try #require(result.centroid) - centre).length < 0.05)
        let json = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(MaskMeasurements.self, from: json) == result)
    }
}
