import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import Pipeline

/// Trace-weighted image and ADC on synthetic signals S = S₀·e^(−b·D) with known D.
@Suite struct DiffusionMapsTests {
    static let grid = VolumeGeometry(size: Size3(3, 2, 1), spacing: Vector3(1, 1, 1), origin: Vector3(0, 0, 0), direction: .identity)
    /// D per voxel in mm²/s (0 to 3·10⁻³); voxel 5 has signal 0 (outside the body).
    static let d: [Double] = [0, 0.5e-3, 1e-3, 2e-3, 3e-3, 1e-3]

    static func signal(_ b: Double, scale: Double = 1) -> Volume<Float> {
        Volume(geometry: grid, voxels: d.indices.map { $0 == 5 ? 0 : Float(1000 * scale * exp(-b * d[$0])) })
    }

    @Test func traceIsTheGeometricMeanOverDirections() throws {
        let a = Volume<Float>(geometry: Self.grid, voxels: [1, 4, 9, 2, 0, 8])
        let b = Volume<Float>(geometry: Self.grid, voxels: [4, 4, 1, 8, -1, 2])
        let t = try DiffusionMaps.traceWeighted([a, b])
        let expected: [Float] = [2, 4, 3, 4, 0, 4]
        #expect(zip(t.voxels, expected).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func adcRecoversTheDiffusivityIn1e6mm2PerSecond() throws {
        let maps = try DiffusionMaps.apparentDiffusionCoefficient([(0, Self.signal(0, scale: 1.3)), (50, Self.signal(50)), (400, Self.signal(400)), (800, Self.signal(800))],
                                                                 lowBCutoff: 50)
        for v in 0..<5 { #expect(abs(Double(maps.voxels[v]) - Self.d[v] * 1e6) < 0.5, "voxel \(v)") }
        #expect(maps.voxels[5] == 0)
        // Without the cut-off the perfusion-like b = 0 excess (×1.3) biases the fit: the cut-off matters.
        let biased = try DiffusionMaps.apparentDiffusionCoefficient([(0, Self.signal(0, scale: 1.3)), (50, Self.signal(50)), (400, Self.signal(400)), (800, Self.signal(800))])
        #expect(abs(Double(biased.voxels[2]) - 1000) > 50)
    }

    @Test func adcNeedsTwoBValuesAndCongruentGrids() {
        #expect(throws: PipelineError.self) { try DiffusionMaps.apparentDiffusionCoefficient([(800, Self.signal(800))]) }
        var shifted = Self.signal(0)
        shifted.geometry.origin = Vector3(5, 0, 0)
        #expect(throws: PipelineError.self) { try DiffusionMaps.apparentDiffusionCoefficient([(0, shifted), (800, Self.signal(800))]) }
    }
}
