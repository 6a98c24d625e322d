import VolumeModule

/// Standardized necrosis rate between a baseline and a follow-up: `(d1 − d2) / D1`, with d1 and d2 the
/// longest axial diameters of the enhancing (viable) tumour at baseline and follow-up and D1 the baseline
/// longest diameter of the whole tumour. A rate ≥ ``responseThreshold`` counts as response.
public struct NecrosisRate: Sendable, Codable, Hashable {
    /// Rate at or above which the tumour responded (30 %, as the mRECIST partial-response cut-off).
    public static let responseThreshold = 0.30

    /// d1: baseline viable longest diameter, mm.
    public var baselineViableDiameter: Double
    /// d2: follow-up viable longest diameter, mm.
    public var followUpViableDiameter: Double
    /// D1: baseline whole-tumour longest diameter, mm.
    public var baselineTumourDiameter: Double
    /// (d1 − d2) / D1.
    public var rate: Double
    /// `rate ≥ responseThreshold`.
    public var isResponse: Bool

    /// Computes the rate from diameters in mm.
    /// - Throws: ``MaskMorphologyError/invalidParameter(name:reason:)`` when D1 ≤ 0 or a diameter is negative
    ///   or not finite.
    public init(baselineViableDiameter d1: Double, followUpViableDiameter d2: Double, baselineTumourDiameter bigD1: Double) throws {
        guard bigD1 > 0, bigD1.isFinite else {
            throw MaskMorphologyError.invalidParameter(name: "baselineTumourDiameter", reason: "must be > 0 mm")
        }
        guard d1 >= 0, d2 >= 0, d1.isFinite, d2.isFinite else {
            throw MaskMorphologyError.invalidParameter(name: "viableDiameter", reason: "must be ≥ 0 mm")
        }
        baselineViableDiameter = d1
        followUpViableDiameter = d2
        baselineTumourDiameter = bigD1
        rate = (d1 - d2) / bigD1
        isResponse = rate >= Self.responseThreshold
    }

    /// Computes the rate from masks: longest axial diameters (``AxialDiameter/longest(in:)``) of the viable
    /// tumour at both timepoints and of the baseline tumour. An empty viable mask has diameter 0.
    /// - Throws: ``MaskMorphologyError/emptyMask(what:)`` for an empty baseline tumour, and as the diameter.
    public init(baselineViable: Mask, followUpViable: Mask, baselineTumour: Mask) throws {
        guard let bigD1 = try AxialDiameter.longest(in: baselineTumour) else {
            throw MaskMorphologyError.emptyMask(what: "baseline tumour")
        }
        try self.init(baselineViableDiameter: try AxialDiameter.longest(in: baselineViable)?.length ?? 0,
                      followUpViableDiameter: try AxialDiameter.longest(in: followUpViable)?.length ?? 0,
                      baselineTumourDiameter: bigD1.length)
    }
}
