import Testing
import TestSupport
@testable import VolumeModule

/// Interpolators, mask modes and grid builders on analytic phantoms (values known in closed form).
@Suite struct ResamplingAnalyticTests {
    static let grid = VolumeGeometry(size: Size3(40, 32, 20), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-10, 5, 30))

    /// f = 2i + 3j − 5k + 7 on `grid`.
    static let ramp: Volume<Float> = {
        var v = Volume<Float>(geometry: grid, repeating: 0)
        for k in 0..<20 { for j in 0..<32 { for i in 0..<40 { v[i, j, k] = Float(2 * i + 3 * j - 5 * k + 7) } } }
        return v
    }()

    static func rampValue(_ c: Vector3) -> Double { 2 * c.x + 3 * c.y - 5 * c.z + 7 }

    /// A one-row target grid through the given source continuous indices (i varies).
    static func probe(_ indices: [Vector3]) -> [VolumeGeometry] {
        indices.map { c in
            VolumeGeometry(size: Size3(1, 1, 1), spacing: Vector3(1, 1, 1), origin: grid.physicalPoint(at: c))
        }
    }

    static func sample(_ v: Volume<Float>, _ c: Vector3, _ interpolation: Interpolation, fill: Float = -999) throws -> Float {
        try v.resampled(onto: probe([c])[0], interpolation: interpolation, defaultValue: fill).voxels[0]
    }

    @Test func linearReproducesARampAndClampsTheOuterHalfVoxel() throws {
        for c in [Vector3(3.25, 7.5, 2.125), Vector3(0, 0, 0), Vector3(38.9, 30.01, 18.5), Vector3(12.3, 4.56, 7.89)] {
            #expect(abs(Double(try Self.sample(Self.ramp, c, .linear)) - Self.rampValue(c)) < 1e-4)
        }
        // Within the edge half voxel: clamped to the edge value along that axis.
        #expect(try Self.sample(Self.ramp, Vector3(39.3, 2, 3), .linear) == Float(Self.rampValue(Vector3(39, 2, 3))))
        #expect(try Self.sample(Self.ramp, Vector3(-0.5, 2, 3), .linear) == Float(Self.rampValue(Vector3(0, 2, 3))))
        // Outside [−0.5, N − 0.5): default value; N − 0.5 itself is outside (half-open).
        #expect(try Self.sample(Self.ramp, Vector3(39.5, 2, 3), .linear) == -999)
        #expect(try Self.sample(Self.ramp, Vector3(-0.5001, 2, 3), .linear) == -999)
        #expect(try Self.sample(Self.ramp, Vector3(5, 2, 19.6), .bSpline) == -999)
    }

    @Test func nearestRoundsHalfUp() throws {
        #expect(try Self.sample(Self.ramp, Vector3(1.5, 2.5, 3.5), .nearest) == Float(Self.rampValue(Vector3(2, 3, 4))))
        #expect(try Self.sample(Self.ramp, Vector3(1.49, 2.51, -0.5), .nearest) == Float(Self.rampValue(Vector3(1, 3, 0))))
    }

    @Test func bSplineInterpolatesSamplesAndReproducesARampInTheInterior() throws {
        // At voxel centres the cubic B-spline returns the samples (interpolating prefilter).
        #expect(abs(try Self.sample(Self.ramp, Vector3(0, 31, 19), .bSpline) - Float(Self.rampValue(Vector3(0, 31, 19)))) < 1e-3)
        // Far from the mirrored boundaries, linear functions are reproduced.
        let c = Vector3(20.3, 15.7, 9.45)
        #expect(abs(Double(try Self.sample(Self.ramp, c, .bSpline)) - Self.rampValue(c)) < 1e-3)
        // A spike overshoots: B-spline rings negative next to it, linear never does.
        var spike = Volume<Float>(geometry: Self.grid, repeating: 0)
        spike[20, 16, 10] = 1000
        #expect(try Self.sample(spike, Vector3(21.5, 16, 10), .bSpline) < -1)
        #expect(try Self.sample(spike, Vector3(21.5, 16, 10), .linear) == 0)
    }

    @Test func integerPixelTypesTruncateTowardZeroAndClamp() {
        #expect(ResampledPixelType.int16.cast(-3.99) == -3)
        #expect(ResampledPixelType.int16.cast(3.99) == 3)
        #expect(ResampledPixelType.int16.cast(40000) == 32767)
        #expect(ResampledPixelType.uint8.cast(-2) == 0)
        #expect(ResampledPixelType.float32.cast(3.99) == 3.99)
    }

    @Test func maskModesOnAHalfCoveredVoxel() throws {
        // Source: 1 mm voxels, label 2 in i < 10. Target: 2 mm voxels centred on source i = 9.5 and 3.5.
        let source = VolumeGeometry(size: Size3(20, 4, 4), spacing: Vector3(1, 1, 1), origin: .zero)
        var mask = Mask(geometry: source, repeating: 0)
        for k in 0..<4 { for j in 0..<4 { for i in 0..<10 { mask[i, j, k] = 2 } } }
        let target = VolumeGeometry(size: Size3(2, 1, 1), spacing: Vector3(6, 2, 2), origin: Vector3(3.5, 1.5, 1.5))
        let fraction = try mask.resampledFraction(of: 2, onto: target)
        #expect(fraction.voxels == [1, 0.5])
        #expect(try mask.resampledPartialVolume(of: 2, onto: target).voxels == [1, 1])
        #expect(try mask.resampledPartialVolume(of: 2, onto: target, threshold: 0.6).voxels == [1, 0])
        #expect(try mask.resampledNearest(onto: target).voxels == [2, 0])  // 9.5 rounds half up to 10
    }

    @Test func centreAlignedGridKeepsTheCentre() {
        let g = Self.grid.centreAlignedGrid(spacing: Vector3(1, 1, 1))
        #expect(g.size == Size3(28, 26, 50))  // ⌈40·0.7⌉, ⌈32·0.8⌉ = ⌈25.6⌉, ⌈20·2.5⌉
        let oldCentre = Self.grid.physicalPoint(at: Vector3(19.5, 15.5, 9.5))
        let newCentre = g.physicalPoint(at: Vector3(13.5, 12.5, 24.5))
        #expect(oldCentre.maxAbsDifference(newCentre) < 1e-9)
        // Exact ratios do not gain a voxel through rounding (10·0.7/0.7).
        let exact = VolumeGeometry(size: Size3(10, 10, 10), spacing: Vector3(0.7, 0.7, 0.7), origin: .zero)
        #expect(exact.centreAlignedGrid(spacing: Vector3(0.7, 0.7, 0.7)).size == Size3(10, 10, 10))
    }

    @Test func isotropicGridsCoverUnionOrIntersection() throws {
        let a = VolumeGeometry(size: Size3(10, 10, 10), spacing: Vector3(1, 1, 2), origin: .zero)
        let b = VolumeGeometry(size: Size3(10, 10, 10), spacing: Vector3(1, 1, 1), origin: Vector3(5, 0, 0))
        let union = try VolumeGeometry.isotropicGrid(covering: [a, b], spacing: 1, coverage: .union)
        #expect(union.size == Size3(15, 10, 20))
        #expect(union.origin.maxAbsDifference(Vector3(0, 0, -0.5)) < 1e-9)
        let common = try VolumeGeometry.isotropicGrid(covering: [a, b], spacing: 1, coverage: .intersection)
        #expect(common.size == Size3(5, 10, 10))
        #expect(common.origin.maxAbsDifference(Vector3(5, 0, 0)) < 1e-9)
        let far = VolumeGeometry(size: Size3(5, 5, 5), spacing: Vector3(1, 1, 1), origin: Vector3(100, 0, 0))
        #expect(throws: VolumeModuleError.emptyIntersection) {
            try VolumeGeometry.isotropicGrid(covering: [a, far], spacing: 1, coverage: .intersection)
        }
        var tilted = b
        tilted.direction = Matrix3(columns: Vector3(0, 1, 0), Vector3(-1, 0, 0), Vector3(0, 0, 1))
        #expect(throws: VolumeModuleError.directionMismatch) {
            try VolumeGeometry.isotropicGrid(covering: [a, tilted], spacing: 1, coverage: .union)
        }
    }

    @Test func pyRadiomicsGridFollowsTheFormula() {
        // s = 0.8, s′ = 1 → r = 0.8; bbox start 10, size 5, pad 2, N = 40:
        // lo = ⌊9.5·0.8 − 2⌋ = 5, hi = ⌈14.5·0.8 + 2⌉ = 14, size 10; origin index 0.5·0.2/0.8 + 5/0.8 = 6.375.
        let mask = VolumeGeometry(size: Size3(40, 40, 40), spacing: Vector3(0.8, 0.8, 0.8), origin: Vector3(1, 2, 3))
        let box = IndexBox(lower: Index3(10, 10, 0), upper: Index3(14, 10, 39))
        let spacing = PyRadiomicsResampling.effectiveSpacing(requested: Vector3(1, 1, 0), maskSpacing: mask.spacing,
                                                             boundingBox: box)
        #expect(spacing == Vector3(1, 0.8, 0.8))  // one-voxel-thick along j; 0 keeps the spacing along k
        let g = PyRadiomicsResampling.grid(mask: mask, boundingBox: box, spacing: spacing, padDistance: 2)
        #expect(g.size.i == 10)
        #expect(abs(g.origin.x - (1 + 6.375 * 0.8)) < 1e-12)
        // k: lo clamps to 0 and hi to ⌈40·1⌉ − 1 = 39.
        #expect(g.size.k == 40)
    }

    @Test func pyRadiomicsModeRejectsBadROIs() throws {
        let image = Self.ramp
        var mask = Mask(geometry: Self.grid, repeating: 0)
        #expect(throws: VolumeModuleError.labelAbsent(label: 1)) {
            try PyRadiomicsResampling.resample(image: image, mask: mask, spacing: Vector3(1, 1, 1), pixelType: .int16)
        }
        mask[5, 5, 5] = 1
        mask[6, 6, 6] = 1
        var shifted = mask
        shifted.geometry.origin = Self.grid.origin + Vector3(0, 0, 100)
        #expect(throws: VolumeModuleError.roiOutsideImage(label: 1)) {
            try PyRadiomicsResampling.resample(image: image, mask: shifted, spacing: Vector3(1, 1, 1), pixelType: .int16)
        }
        let ok = try PyRadiomicsResampling.resample(image: image, mask: mask, spacing: Vector3(1, 1, 1), pixelType: .int16)
        #expect(ok.interpolated && ok.mask.count(of: 1) > 0)
    }

    @Test func ibsiModeRoundsAndThresholdsTheMask() throws {
        var mask = Mask(geometry: Self.grid, repeating: 0)
        for k in 4..<12 { for j in 8..<20 { for i in 10..<30 { mask[i, j, k] = 1 } } }
        let result = try IBSIResampling.resample(image: Self.ramp, mask: mask, spacing: Vector3(1, 1, 1))
        #expect(result.image.geometry == Self.grid.centreAlignedGrid(spacing: Vector3(1, 1, 1)))
        #expect(result.image.voxels.allSatisfy { $0 == $0.rounded() })
        // Physical ROI volume 20·0.7 × 12·0.8 × 8·2.5 mm = 2688 mm³; the thresholded mask keeps it within a shell.
        let volume = Double(result.mask.count(of: 1))
        #expect(abs(volume - 2688) < 0.15 * 2688)
    }

    @Test func restrictedBSplineCoefficientsEqualTheWholeVolumeOnes() {
        var v = Self.ramp
        for n in v.voxels.indices { v.voxels[n] += Float((n * 7919) % 101) }  // break linearity
        let full = BSplineCoefficients(v, columns: 0...39, rows: 0...31)
        let part = BSplineCoefficients(v, columns: 5...17, rows: 20...31)
        var mismatches = 0
        for k in 0..<20 { for j in 20...31 { for i in 5...17 {
            let a = full.values[i + 40 * (j + 32 * k)]
            let b = part.values[(i - 5) + 13 * ((j - 20) + 12 * k)]
            if a != b { mismatches += 1 }
        } } }
        #expect(mismatches == 0)
        // And they are not trivially equal to the samples (the prefilter ran).
        #expect(full.values[3 + 40 * (4 + 32 * 5)] != Double(v[3, 4, 5]))
    }
}
