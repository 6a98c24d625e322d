import Foundation
import Testing
@testable import VolumeModule

/// `AffineTransform3D` algebra and resampling through a transform (ITK `ResampleImageFilter` convention).
@Suite struct AffineTransform3DTests {
    static let rotation = Matrix3.rotation(axis: Vector3(1, 2, 3), angle: 5 * Double.pi / 180)
    static let motion = AffineTransform3D(matrix: rotation, center: Vector3(10, -20, 30), translation: Vector3(12, -8, 5))
    static let points = [Vector3(0, 0, 0), Vector3(100, -50, 20), Vector3(-30, 40, -70)]

    @Test func centredFormFixesTheCentrePlusTranslation() {
        let c = Vector3(10, -20, 30)
        #expect(Self.motion.transformPoint(c).maxAbsDifference(c + Vector3(12, -8, 5)) < 1e-12)
        // A point 1 mm from the centre along the axis moves with the translation only.
        let onAxis = c + Vector3(1, 2, 3).normalized
        #expect(Self.motion.transformPoint(onAxis).maxAbsDifference(onAxis + Vector3(12, -8, 5)) < 1e-12)
    }

    @Test func rotationIsRightHandedAndHasItsAngle() {
        let quarter = Matrix3.rotation(axis: Vector3(0, 0, 2), angle: Double.pi / 2)
        #expect((quarter * Vector3(1, 0, 0)).maxAbsDifference(Vector3(0, 1, 0)) < 1e-15)
        #expect(abs(Self.rotation.rotationAngle - 5 * Double.pi / 180) < 1e-12)
        #expect(Self.rotation.isOrthonormal(tolerance: 1e-12))
    }

    @Test func compositionAppliesTheArgumentFirst() {
        let shift = AffineTransform3D.translation(Vector3(1, 0, 0))
        let quarter = AffineTransform3D(matrix: .rotation(axis: Vector3(0, 0, 1), angle: Double.pi / 2), translation: .zero)
        // rotate after shifting: (0,0,0) → (1,0,0) → (0,1,0); the other order gives (1,0,0).
        #expect(quarter.composed(after: shift).transformPoint(.zero).maxAbsDifference(Vector3(0, 1, 0)) < 1e-15)
        #expect(shift.composed(after: quarter).transformPoint(.zero).maxAbsDifference(Vector3(1, 0, 0)) < 1e-15)
        for p in Self.points {
            let direct = Self.motion.transformPoint(shift.transformPoint(p))
            #expect(Self.motion.composed(after: shift).transformPoint(p).maxAbsDifference(direct) < 1e-12)
        }
    }

    @Test func inverseUndoesTheTransform() throws {
        let inverse = try #require(Self.motion.inverse)
        for p in Self.points {
            #expect(inverse.transformPoint(Self.motion.transformPoint(p)).maxAbsDifference(p) < 1e-10)
        }
        #expect(inverse.composed(after: Self.motion).maxDistance(to: .identity, over: Self.points) < 1e-10)
        #expect(AffineTransform3D(matrix: Matrix3(rowMajor: [1, 0, 0, 0, 0, 0, 0, 0, 1]), translation: .zero).inverse == nil)
    }

    @Test func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(Self.motion)
        #expect(try JSONDecoder().decode(AffineTransform3D.self, from: data) == Self.motion)
    }

    /// f = 2x − 3y + 0.5z + 1 in LPS mm, sampled on `grid`.
    static let grid = VolumeGeometry(size: Size3(30, 28, 20), spacing: Vector3(1.5, 1.25, 2), origin: Vector3(-20, -15, 10))
    static func field(_ p: Vector3) -> Double { 2 * p.x - 3 * p.y + 0.5 * p.z + 1 }
    static let ramp: Volume<Float> = {
        var v = Volume<Float>(geometry: grid, repeating: 0)
        for k in 0..<20 { for j in 0..<28 { for i in 0..<30 { v[i, j, k] = Float(field(grid.physicalPoint(i: i, j: j, k: k))) } } }
        return v
    }()

    @Test func resamplingSamplesTheSourceAtTheTransformedTargetPoint() throws {
        // A small rotation plus translation, target grid rotated and smaller, well inside the source.
        let t = AffineTransform3D(matrix: .rotation(axis: Vector3(0.3, -1, 0.5), angle: 0.07), center: Vector3(2, 2, 30),
                                translation: Vector3(1.7, -2.2, 1.1))
        let target = VolumeGeometry(size: Size3(12, 10, 6), spacing: Vector3(1, 1, 1.5), origin: Vector3(-6, -4, 22),
                                    direction: .rotation(axis: Vector3(0, 0, 1), angle: 0.2))
        let out = try Self.ramp.resampled(onto: target, through: t, interpolation: .linear, defaultValue: -9999)
        var worstForward = 0.0, worstInverse = 0.0
        let inverse = try #require(t.inverse)
        for k in 0..<6 { for j in 0..<10 { for i in 0..<12 {
            let x = target.physicalPoint(i: i, j: j, k: k)
            let v = Double(out[i, j, k])
            worstForward = max(worstForward, abs(v - Self.field(t.transformPoint(x))))
            worstInverse = max(worstInverse, abs(v - Self.field(inverse.transformPoint(x))))
        } } }
        #expect(worstForward < 1e-3)  // linear interpolation of a linear field is exact (up to Float)
        #expect(worstInverse > 1)     // the other convention is clearly different
    }

    @Test func identityTransformIsBitIdenticalToPatientCoordinates() throws {
        let target = VolumeGeometry(size: Size3(17, 13, 9), spacing: Vector3(0.9, 1.1, 1.7), origin: Vector3(-13, -9, 14),
                                    direction: .rotation(axis: Vector3(1, 1, 0), angle: 0.1))
        for interpolation in Interpolation.allCases {
            let plain = try Self.ramp.resampled(onto: target, interpolation: interpolation)
            let through = try Self.ramp.resampled(onto: target, through: .identity, interpolation: interpolation)
            #expect(plain.voxels.map(\.bitPattern) == through.voxels.map(\.bitPattern))
        }
    }

    @Test func maskThroughAWholeVoxelShiftMovesByOneVoxel() throws {
        var mask = Mask(geometry: Self.grid, repeating: 0)
        mask[10, 11, 5] = 1
        mask[11, 11, 5] = 2
        // Target = source grid; sampling at x + (1.5, 0, 0) mm (one voxel along i) moves labels to i − 1.
        let shifted = try mask.resampledNearest(onto: Self.grid, through: .translation(Vector3(1.5, 0, 0)))
        #expect(shifted[9, 11, 5] == 1 && shifted[10, 11, 5] == 2 && shifted.count(of: 1) == 1 && shifted.count(of: 2) == 1)
        let partial = try mask.resampledPartialVolume(of: 2, onto: Self.grid, through: .translation(Vector3(1.5, 0, 0)))
        #expect(partial[10, 11, 5] == 1 && partial.count(of: 1) == 1)
    }
}
