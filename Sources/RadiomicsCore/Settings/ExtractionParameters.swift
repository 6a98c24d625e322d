import Yams

/// Everything a PyRadiomics parameter file says: settings, image types and feature classes, in file order.
///
/// Read with ``init(yaml:)`` from a PyRadiomics 3.1.0 parameter file *as is* (`setting`, `imageType`,
/// `featureClass`, `voxelSetting` sections). Keys PyRadiomics' schema (`paramSchema.yaml`) does not allow are
/// refused with ``RadiomicsError/unknownParameter(section:key:)``; allowed keys that this build does not use
/// (e.g. LBP settings) are accepted and ignored, as PyRadiomics ignores settings of disabled filters.
public struct ExtractionParameters: Sendable, Equatable {
    /// The `setting:` section merged over PyRadiomics' defaults.
    public var settings = ExtractionSettings()
    /// Enabled image types in file order (default: original only).
    public var imageTypes: [ImageType] = [.original]
    /// Settings of image types that carry their own (the `setting:` section with the type's custom settings
    /// applied, e.g. a `binWidth` for LoG only), keyed by ``ImageType/pyRadiomicsName``. Types without an entry
    /// use ``settings``.
    public var imageTypeSettings: [String: ExtractionSettings] = [:]

    /// The settings the features of `imageType` are computed with.
    public func settings(for imageType: ImageType) -> ExtractionSettings {
        imageTypeSettings[imageType.pyRadiomicsName] ?? settings
    }
    /// Enabled classes in file order; `nil` feature list = every non-deprecated feature of the class.
    public var featureClasses: [(featureClass: FeatureClass, features: [String]?)] =
        FeatureClass.allCases.filter { $0 != .shape2D }.map { ($0, nil) }

    /// PyRadiomics' defaults: original image, every class except shape2D, every default feature.
    public init() {}

    public static func == (a: ExtractionParameters, b: ExtractionParameters) -> Bool {
        a.settings == b.settings && a.imageTypes == b.imageTypes && a.imageTypeSettings == b.imageTypeSettings
            && a.featureClasses.map(\.featureClass) == b.featureClasses.map(\.featureClass)
            && a.featureClasses.map(\.features) == b.featureClasses.map(\.features)
    }

    /// Parses a PyRadiomics parameter file (YAML, or JSON which is YAML).
    /// - Throws: ``RadiomicsError/unreadableParameterFile(reason:)``, ``RadiomicsError/unknownParameter(section:key:)``,
    ///   ``RadiomicsError/invalidParameter(key:reason:)``, ``RadiomicsError/unknownFeature(featureClass:feature:)``.
    public init(yaml text: String) throws {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw RadiomicsError.unreadableParameterFile(reason: "not valid YAML")
        }
        guard let root else { return }
        guard let top = root.mapping else {
            throw RadiomicsError.unreadableParameterFile(reason: "the top level must be a mapping")
        }
        var sawImageTypes = false
        var entries: [(name: String, custom: [(String, Node)])] = []
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            switch key {
            case "setting", "voxelSetting":
                for (k, v) in value.mapping ?? [:] where !v.isNull {
                    try ParameterReader.apply(k.string ?? "", v, to: &settings, section: key)
                }
            case "imageType":
                sawImageTypes = true
                entries = try ParameterReader.imageTypeEntries(value)
            case "featureClass":
                let classes = try ParameterReader.featureClasses(value)
                if !classes.isEmpty { featureClasses = classes } else {
                    featureClasses = FeatureClass.allCases.map { ($0, nil) }
                }
            default:
                throw RadiomicsError.unknownParameter(section: "top level", key: key)
            }
        }
        if sawImageTypes {
            // Resolved after the whole file is read: custom settings apply over the final `setting:` section.
            imageTypes = []
            for entry in entries {
                let (type, typeSettings) = try ParameterReader.resolve(entry, settings: settings)
                imageTypes.append(type)
                if typeSettings != settings { imageTypeSettings[type.pyRadiomicsName] = typeSettings }
            }
            if imageTypes.isEmpty { imageTypes = [.original] }
        }
    }
}

extension Node {
    /// Whether the node is YAML null (`~`, `null`, or an empty value).
    var isNull: Bool {
        guard let scalar = scalar else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string) && scalar.style == .plain
    }
}
