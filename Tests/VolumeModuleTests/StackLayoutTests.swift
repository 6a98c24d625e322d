import Foundation
import Testing
import TestSupport
@testable import VolumeModule

@Suite struct StackLayoutTests {
    static func stack(_ z: [Double], numbers: [Int]? = nil, shear: Double = 0) -> PlaneStack {
        var s = PlaneStack(columns: 40, rows: 32, columnSpacing: 0.7, rowSpacing: 0.8,
                           rowDirection: Vector3(1, 0, 0), columnDirection: Vector3(0, 1, 0),
                           positions: z.map { Vector3(-100, -80 + shear * ($0 - z[0]), $0) })
        s.sequenceNumbers = numbers
        return s
    }

    @Test func classifiesSpacingPatterns() {
        #expect(Self.stack([10, 12.5, 15, 17.5]).layout.spacing == .uniform)
        let gapped = Self.stack([10, 12.5, 17.5, 20], numbers: [1, 2, 4, 5]).layout
        #expect(gapped.spacing == .gapped && gapped.missingPlanes == 1)
        #expect(Self.stack([10, 12.5, 17.5, 20], numbers: [1, 2, 3, 4]).layout.spacing == .variable)
        #expect(Self.stack([10, 12.5, 16, 20]).layout.spacing == .variable)
        #expect(Self.stack([10, 10, 12.5]).layout.spacing == .duplicatePositions)
        #expect(Self.stack([10]).layout.spacing == .single)
    }

    @Test func measuresShearAsTilt() {
        let tilt = 15.0 * Double.pi / 180
        let layout = Self.stack([10, 12.5, 15, 17.5], shear: tan(tilt)).layout
        #expect(layout.isSheared)
        #expect(abs(layout.tiltDegrees - 15) < 1e-9)
        #expect(!Self.stack([10, 12.5, 15], shear: 1e-4).layout.isSheared)
    }

    @Test func variableGridRunsExactlyFromFirstToLastPlane() {
        let grid = Self.stack([10, 12.5, 15, 17.5, 22.5, 27.5, 32.5, 37.5], numbers: Array(1...8)).uniformGrid()
        #expect(grid.size.k == 12)
        #expect(abs(grid.physicalPoint(i: 0, j: 0, k: 11).z - 37.5) < 1e-9)
    }

    @Test func resamplingALinearRampAcrossAGapIsExact() {
        let s = Self.stack([10, 12.5, 17.5, 20], numbers: [1, 2, 4, 5])
        let planes = s.positions.flatMap { p in (0..<(32 * 40)).map { _ in Float(p.z) } }
        let result = s.resample(planes: planes, onto: s.uniformGrid(), fill: -1024)
        #expect(result.interpolatedSlices == [2])
        #expect(result.volume[5, 5, 2] == 15)
        #expect(result.filledVoxels == 0)
    }
}

@Suite struct VolumeGeometryTests {
    @Test func indexAndPointAreInverse() throws {
        let g = Phantom.anisotropicGrid
        let p = g.physicalPoint(i: 3, j: 4, k: 5)
        #expect(p.maxAbsDifference(Vector3(-100 + 3 * 0.7, -80 + 4 * 0.8, 10 + 5 * 2.5)) < 1e-12)
        let c = try #require(g.continuousIndex(at: p))
        #expect(c.maxAbsDifference(Vector3(3, 4, 5)) < 1e-12)
    }

    @Test func congruenceRejectsAShiftedGrid() {
        var shifted = Phantom.anisotropicGrid
        shifted.origin.x += 0.01
        #expect(!Phantom.anisotropicGrid.isCongruent(with: shifted))
        #expect(Phantom.anisotropicGrid.isCongruent(with: Phantom.anisotropicGrid))
    }
}
