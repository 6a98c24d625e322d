import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct NecrosisRateTests {
    @Test func rateFromDiametersAndResponseThreshold() throws {
        let r = try NecrosisRate(baselineViableDiameter: 30, followUpViableDiameter: 21, baselineTumourDiameter: 30)
        #expect(abs(r.rate - 0.3) < 1e-12 && r.isResponse)
        let s = try NecrosisRate(baselineViableDiameter: 24, followUpViableDiameter: 20, baselineTumourDiameter: 40)
        #expect(s.rate == 0.1 && !s.isResponse)
        #expect(throws: MaskMorphologyError.self) {
            try NecrosisRate(baselineViableDiameter: 1, followUpViableDiameter: 1, baselineTumourDiameter: 0)
        }
    }

    @Test func syntheticBaselineAndFollowUpPairGiveTheAnalyticRate() throws {
        let g = Phantoms.ctLike(56, slices: 15)
        let tumour = Phantoms.sphere(g, radius: 15)  // D1 = 30 mm
        // Viable part at baseline: an ellipsoidal crescent-free region, longest axial 2·12 = 24 mm.
        let viable = AxialDiameterTests.ellipsoid(g, a: 12, b: 8, c: 8, angle: 0.4, centre: Vector3(1, 0, 0))
        // Follow-up: viable shrunk to a ball of radius 4.5 mm (9 mm).
        let followUp = Phantoms.sphere(g, radius: 4.5, centre: Vector3(-3, 2, 0))
        let rate = try NecrosisRate(baselineViable: viable, followUpViable: followUp, baselineTumour: tumour)
        let analytic = (24.0 - 9.0) / 30.0
        // Each diameter is within one in-plane voxel diagonal (0.99 mm) of the analytic one.
        let diagonal: Double = 0.99
        let tolerance: Double = (2.5 * diagonal) / 29.0  // d1 and d2 errors plus the rate (≤ 0.5) times the D1 error
        #expect(abs(rate.rate - analytic) <= tolerance)
        #expect(rate.isResponse)
        let none = try NecrosisRate(baselineViable: viable, followUpViable: Mask(geometry: g, repeating: 0), baselineTumour: tumour)
        #expect(none.followUpViableDiameter == 0)
    }
}
