import VolumeModule

/// Everything derived from one tumour mask in one call: the library entry point for a pipeline stage or
/// `radstation masks derive`.
///
/// ```swift
/// var configuration = MaskDerivation.Configuration()
/// configuration.shellBand = .init(innerRadius: 3, outerRadius: 3)
/// configuration.ring = .init(radius: 5)
/// let derived = try MaskDerivation.derive(.init(image: ct, tumour: tumour, liver: liver), configuration)
/// // derived.lipiodol, derived.shellBand, derived.ring, derived.shellMap, derived.measurements (Codable)
/// ```
public enum MaskDerivation {
    /// Which masks to derive and how. Codable, so it can live in a pipeline configuration file.
    public struct Configuration: Sendable, Codable, Hashable {
        /// Lipiodol inside the tumour on `Inputs.image` (the unenhanced post-TACE CT); `nil` skips it.
        public var lipiodol: LipiodolSegmentation?
        /// Shell band radii; `nil` skips it.
        public var shellBand: ShellBandParameters?
        /// Peritumoral ring; `nil` skips it.
        public var ring: RingParameters?
        /// Tumour core depth in mm; `nil` skips it.
        public var coreDepth: Double?
        /// Shell map over the shell band (needs `shellBand` and `Inputs.image`); `nil` skips it.
        public var shellMap: ShellMap.Configuration?
        /// Whether to compute the signed distance map of the tumour.
        public var signedDistanceMap: Bool
        /// 3D or per-slice morphology for band, ring and core.
        public var dimensionality: Dimensionality

        /// Creates a configuration (Lipiodol with defaults, everything else off, 3D).
        public init(lipiodol: LipiodolSegmentation? = LipiodolSegmentation(), shellBand: ShellBandParameters? = nil,
                    ring: RingParameters? = nil, coreDepth: Double? = nil, shellMap: ShellMap.Configuration? = nil,
                    signedDistanceMap: Bool = false, dimensionality: Dimensionality = .volume) {
            self.lipiodol = lipiodol
            self.shellBand = shellBand
            self.ring = ring
            self.coreDepth = coreDepth
            self.shellMap = shellMap
            self.signedDistanceMap = signedDistanceMap
            self.dimensionality = dimensionality
        }
    }

    /// Shell band radii in mm (see ``ShellBand/make(around:innerRadius:outerRadius:dimensionality:)``).
    public struct ShellBandParameters: Sendable, Codable, Hashable {
        /// mm inside the tumour boundary.
        public var innerRadius: Double
        /// mm outside the tumour boundary.
        public var outerRadius: Double
        /// Creates parameters.
        public init(innerRadius: Double, outerRadius: Double) {
            self.innerRadius = innerRadius
            self.outerRadius = outerRadius
        }
    }

    /// Peritumoral ring parameters (see ``PeritumoralRing/make(around:radius:within:excluding:dimensionality:)``).
    public struct RingParameters: Sendable, Codable, Hashable {
        /// Ring width in mm outside the tumour.
        public var radius: Double
        /// Clip to `Inputs.liver` when it is given.
        public var clipToLiver: Bool
        /// Creates parameters.
        public init(radius: Double, clipToLiver: Bool = true) {
            self.radius = radius
            self.clipToLiver = clipToLiver
        }
    }

    /// The volumes to derive from, all on the tumour's grid.
    public struct Inputs: Sendable {
        /// The image (HU): the unenhanced post-TACE CT for Lipiodol (unless `lipiodolImage` is given); also
        /// sampled by the shell map.
        public var image: Volume<Float>?
        /// The unenhanced CT (HU) on the tumour's grid for Lipiodol, when the tumour was outlined on another
        /// image (e.g. the arterial phase, where enhancing tumour would pass the Lipiodol threshold).
        public var lipiodolImage: Volume<Float>?
        /// The tumour (non-zero = inside).
        public var tumour: Mask
        /// The liver, to clip the ring.
        public var liver: Mask?
        /// Structures removed from the ring.
        public var excluded: [Mask]

        /// Creates inputs.
        public init(image: Volume<Float>? = nil, tumour: Mask, liver: Mask? = nil, excluded: [Mask] = [],
                    lipiodolImage: Volume<Float>? = nil) {
            self.image = image
            self.lipiodolImage = lipiodolImage
            self.tumour = tumour
            self.liver = liver
            self.excluded = excluded
        }
    }

    /// Measurements of everything derived; Codable for `measurements.json`.
    public struct Measurements: Sendable, Codable, Hashable {
        /// The tumour.
        public var tumour: MaskMeasurements
        /// Lipiodol coverage of the tumour, when Lipiodol was derived.
        public var lipiodol: LipiodolCoverage?
        /// The shell band, when derived.
        public var shellBand: MaskMeasurements?
        /// The ring, when derived.
        public var ring: MaskMeasurements?
        /// The core, when derived.
        public var core: MaskMeasurements?
        /// Why Lipiodol was or was not measured, set by the caller (e.g. `"not measured: pre-treatment"`);
        /// `nil` when the caller says nothing.
        public var lipiodolStatus: String? = nil
    }

    /// The derived volumes (binary masks 0/1 on the tumour's grid) and their measurements.
    public struct Result: Sendable {
        /// Lipiodol inside the tumour.
        public var lipiodol: Mask?
        /// How the Lipiodol boundary was drawn (`nil` when Lipiodol was not derived).
        public var lipiodolBoundary: LipiodolSegmentation.Boundary?
        /// Shell band.
        public var shellBand: Mask?
        /// Peritumoral ring.
        public var ring: Mask?
        /// Tumour core.
        public var core: Mask?
        /// Shell map.
        public var shellMap: ShellMap?
        /// Signed distance map of the tumour (mm, negative inside; ``SignedDistanceMap``).
        public var signedDistanceMap: Volume<Float>?
        /// Measurements.
        public var measurements: Measurements
    }

    /// Derives what `configuration` asks for.
    /// - Throws: ``MaskMorphologyError/emptyMask(what:)`` for an empty tumour,
    ///   ``MaskMorphologyError/invalidParameter(name:reason:)`` when Lipiodol or the shell map lack the image
    ///   or the shell map lacks the band, and the errors of each operation.
    public static func derive(_ inputs: Inputs, _ configuration: Configuration) throws -> Result {
        let tumour = inputs.tumour
        guard MorphologySupport.foregroundBox(tumour) != nil else { throw MaskMorphologyError.emptyMask(what: "tumour") }
        if let image = inputs.image { try MorphologySupport.checkCongruent(image.geometry, tumour.geometry, what: "image") }
        if let image = inputs.lipiodolImage {
            try MorphologySupport.checkCongruent(image.geometry, tumour.geometry, what: "Lipiodol image")
        }
        let mode = configuration.dimensionality

        var lipiodol: Mask?, coverage: LipiodolCoverage?
        if let rule = configuration.lipiodol {
            guard let image = inputs.lipiodolImage ?? inputs.image else {
                throw MaskMorphologyError.invalidParameter(name: "image", reason: "Lipiodol needs the unenhanced CT")
            }
            let mask = try rule.segment(image, within: tumour)
            lipiodol = mask
            coverage = try LipiodolCoverage.measure(lipiodol: mask, tumour: tumour)
        }
        let band = try configuration.shellBand.map {
            try ShellBand.make(around: tumour, innerRadius: $0.innerRadius, outerRadius: $0.outerRadius, dimensionality: mode)
        }
        let ring = try configuration.ring.map {
            try PeritumoralRing.make(around: tumour, radius: $0.radius, within: $0.clipToLiver ? inputs.liver : nil,
                                     excluding: inputs.excluded, dimensionality: mode)
        }
        let core = try configuration.coreDepth.map { try ShellBand.core(of: tumour, depth: $0, dimensionality: mode) }
        var shellMap: ShellMap?
        if let mapConfiguration = configuration.shellMap {
            guard let image = inputs.image, let band else {
                throw MaskMorphologyError.invalidParameter(name: "shellMap", reason: "needs the image and a shell band")
            }
            shellMap = try ShellMap.compute(image: image, tumour: tumour, band: band, configuration: mapConfiguration)
        }
        let sdm = configuration.signedDistanceMap ? try SignedDistanceMap.compute(tumour) : nil
        let measurements = Measurements(tumour: try MaskMeasurements.measure(tumour), lipiodol: coverage,
                                        shellBand: try band.map(MaskMeasurements.measure),
                                        ring: try ring.map(MaskMeasurements.measure),
                                        core: try core.map(MaskMeasurements.measure))
        return Result(lipiodol: lipiodol, lipiodolBoundary: configuration.lipiodol?.boundary, shellBand: band, ring: ring, core: core, shellMap: shellMap,
                      signedDistanceMap: sdm, measurements: measurements)
    }
}
