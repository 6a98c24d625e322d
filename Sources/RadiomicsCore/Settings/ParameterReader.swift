import Yams

/// Reads the individual sections of a PyRadiomics parameter file (see ``ExtractionParameters``).
enum ParameterReader {
    /// Setting keys that PyRadiomics' schema allows but that only configure filters or modes we do not run
    /// (they are accepted and ignored, as PyRadiomics ignores them when the filter is disabled).
    static let acceptedIgnored: Set<String> = [
        "label_channel", "lbp3DLevels", "lbp3DIcosphereRadius", "lbp3DIcosphereSubdivision",
        "kernelRadius", "maskedKernel", "initValue", "voxelBatch",
    ]

    static func apply(_ key: String, _ v: Node, to s: inout ExtractionSettings, section: String) throws {
        switch key {
        case "label": s.label = try int(v, key)
        case "binWidth": s.binWidth = try positive(v, key)
        case "binCount": s.binCount = try int(v, key, minimum: 1)
        case "minimumROIDimensions": s.minimumROIDimensions = try int(v, key, minimum: 1, maximum: 3)
        case "minimumROISize": s.minimumROISize = try int(v, key, minimum: 1)
        case "normalize": s.normalize = try bool(v, key)
        case "normalizeScale": s.normalizeScale = try positive(v, key)
        case "removeOutliers": s.removeOutliers = try positive(v, key)
        case "resampledPixelSpacing":
            let values = try doubles(v, key)
            guard values.count == 3, values.allSatisfy({ $0 >= 0 }) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected three non-negative spacings")
            }
            s.resampledPixelSpacing = values
        case "interpolator":
            guard let name = v.string else { throw RadiomicsError.invalidParameter(key: key, reason: "expected a name") }
            s.interpolator = name
        case "preCrop": s.preCrop = try bool(v, key)
        case "padDistance": s.padDistance = try int(v, key, minimum: 0)
        case "distances":
            let values = try doubles(v, key).map { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 >= 1 }) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected distances ≥ 1")
            }
            s.distances = values
        case "force2D": s.force2D = try bool(v, key)
        case "force2Ddimension": s.force2Ddimension = try int(v, key, minimum: 0, maximum: 2)
        case "resegmentRange":
            let values = try doubles(v, key)
            guard (1...2).contains(values.count) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected one or two thresholds")
            }
            s.resegmentRange = values
        case "resegmentMode":
            guard let raw = v.string, let mode = ExtractionSettings.ResegmentMode(rawValue: raw) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected absolute, relative or sigma")
            }
            s.resegmentMode = mode
        case "resegmentShape": s.resegmentShape = try bool(v, key)
        case "geometryTolerance": s.geometryTolerance = try positive(v, key)
        case "correctMask": s.correctMask = try bool(v, key)
        case "additionalInfo": s.additionalInfo = try bool(v, key)
        case "voxelArrayShift": s.voxelArrayShift = try number(v, key)
        case "symmetricalGLCM": s.symmetricalGLCM = try bool(v, key)
        case "weightingNorm":
            guard let raw = v.string, let norm = ExtractionSettings.WeightingNorm(rawValue: raw) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected manhattan, euclidean, infinity or no_weighting")
            }
            s.weightingNorm = norm
        case "gldm_a": s.gldmAlpha = try int(v, key, minimum: 0)
        case "sigma": s.sigma = try sigmas(v)
        case "wavelet":
            guard let name = v.string else { throw RadiomicsError.invalidParameter(key: key, reason: "expected a name") }
            s.wavelet = name
        case "start_level": s.startLevel = try int(v, key, minimum: 0)
        case "level": s.level = try int(v, key, minimum: 1)
        case "gradientUseSpacing": s.gradientUseSpacing = try bool(v, key)
        case "lbp2DRadius": s.lbp2DRadius = try positive(v, key)
        case "lbp2DSamples": s.lbp2DSamples = try int(v, key, minimum: 1, maximum: 32)
        case "lbp2DMethod":
            guard let raw = v.string, LocalBinaryPattern.methods.contains(raw) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected uniform or default")
            }
            s.lbp2DMethod = raw
        case "mode":
            guard let raw = v.string, let mode = ExtractionMode(rawValue: raw.lowercased()) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected pyradiomics or ibsi")
            }
            s.mode = mode
        case "filterPadding":
            guard let raw = v.string, let padding = IBSIFilters.Padding(rawValue: raw) else {
                throw RadiomicsError.invalidParameter(key: key, reason: "expected zero, nearest, mirror or periodic")
            }
            s.filterPadding = padding
        case "binOrigin": s.binOrigin = try number(v, key)
        case "outlierFiltering": s.outlierFiltering = try positive(v, key)
        default:
            guard acceptedIgnored.contains(key) else { throw RadiomicsError.unknownParameter(section: section, key: key) }
        }
    }

    /// The `imageType:` section as written: each type's name and its custom settings (applied later over the
    /// `setting:` section, as PyRadiomics merges them per image type).
    static func imageTypeEntries(_ node: Node) throws -> [(name: String, custom: [(String, Node)])] {
        var result: [(name: String, custom: [(String, Node)])] = []
        for (k, v) in node.mapping ?? [:] {
            let name = k.string ?? ""
            switch name {
            case "Original", "LoG", "Wavelet", "Square", "SquareRoot", "Logarithm", "Exponential", "Gradient", "LBP2D":
                let custom = (v.mapping ?? [:]).compactMap { key, value in value.isNull ? nil : (key.string ?? "", value) }
                result.append((name, custom))
            case "LBP3D":
                throw RadiomicsError.unsupportedImageType(name)
            default: throw RadiomicsError.unknownParameter(section: "imageType", key: name)
            }
        }
        return result
    }

    /// Resolves one image type entry over the merged settings: the type and the settings its features use.
    static func resolve(_ entry: (name: String, custom: [(String, Node)]), settings: ExtractionSettings) throws
        -> (ImageType, ExtractionSettings) {
        var merged = settings
        for (key, value) in entry.custom { try apply(key, value, to: &merged, section: "imageType/\(entry.name)") }
        switch entry.name {
        case "LoG": return (.laplacianOfGaussian(sigmas: merged.sigma), merged)
        case "Wavelet": return (.wavelet(name: merged.wavelet, startLevel: merged.startLevel, level: merged.level), merged)
        default: return (ImageType.simpleTypes[entry.name] ?? .original, merged)
        }
    }

    /// LoG σ list: positive numbers, their integer/float spelling kept for the image name.
    static func sigmas(_ v: Node) throws -> [LoGSigma] {
        let nodes = v.sequence.map(Array.init) ?? [v]
        return try nodes.map { node in
            let value = try positive(node, "sigma")
            return LoGSigma(value, writtenAsInteger: node.int != nil)
        }
    }

    static func featureClasses(_ node: Node) throws -> [(featureClass: FeatureClass, features: [String]?)] {
        var result: [(featureClass: FeatureClass, features: [String]?)] = []
        for (k, v) in node.mapping ?? [:] {
            let name = k.string ?? ""
            guard let featureClass = FeatureClass(rawValue: name) else {
                throw RadiomicsError.unknownParameter(section: "featureClass", key: name)
            }
            guard let list = v.sequence else { result.append((featureClass, nil)); continue }
            let names = list.compactMap(\.string)
            for feature in names where FeatureCatalog.descriptor(featureClass, feature) == nil {
                throw RadiomicsError.unknownFeature(featureClass: name, feature: feature)
            }
            result.append((featureClass, names.isEmpty ? nil : names))
        }
        return result
    }

    private static func number(_ v: Node, _ key: String) throws -> Double {
        guard let x = v.float ?? v.int.map(Double.init) else {
            throw RadiomicsError.invalidParameter(key: key, reason: "expected a number")
        }
        return x
    }

    private static func positive(_ v: Node, _ key: String) throws -> Double {
        let x = try number(v, key)
        guard x > 0 else { throw RadiomicsError.invalidParameter(key: key, reason: "expected a positive number") }
        return x
    }

    private static func int(_ v: Node, _ key: String, minimum: Int = .min, maximum: Int = .max) throws -> Int {
        guard let x = v.int, x >= minimum, x <= maximum else {
            throw RadiomicsError.invalidParameter(key: key, reason: "expected an integer in \(minimum)…\(maximum)")
        }
        return x
    }

    private static func bool(_ v: Node, _ key: String) throws -> Bool {
        guard let x = v.bool else { throw RadiomicsError.invalidParameter(key: key, reason: "expected true or false") }
        return x
    }

    private static func doubles(_ v: Node, _ key: String) throws -> [Double] {
        if let list = v.sequence { return try list.map { try number($0, key) } }
        return [try number(v, key)]
    }
}
