import DICOMBackend
import Foundation
import MaskMorphology
import Yams

/// The pipeline configuration of `radstation process` and `radstation watch` (YAML). Every key is
/// optional; the defaults below are the ones the seed studies use. Unknown keys and bad values are
/// errors before any work starts.
///
/// ```yaml
/// format: nii.gz            # nii | nii.gz | nrrd | nrrd-raw: volume and mask files
/// strict_geometry: false    # refuse gapped/variable/tilted series instead of resampling them
/// qa: true                  # QA pictures and qa/index.html
/// lipiodol_threshold_hu: 100   # Lipiodol detection threshold
/// lipiodol_boundary: half_maximum  # or threshold: a detected voxel counts at ≥ background + ½ (local peak − background)
/// lipiodol_margin_mm: 0     # patient course: Lipiodol counted in the carried target lesion grown by this margin
/// enhancement_threshold_hu: 20  # patient course: viable tumour = target-lesion voxels with AP − NC ≥ this
/// shell_mm: [3, 3]          # shell band inside and outside the tumour border, mm
/// ring_mm: 5                # peritumoral ring outside the tumour, mm (clipped to the liver if present)
/// dicom_seg: false          # also write the derived masks as DICOM SEG (derived/derived-seg.dcm) referencing the tumour's
///                           # series; it carries the patient and study identity DICOM requires, so it is off in the
///                           # de-identified output tree unless asked for
/// features: true            # radiomics features of the tumour on every phase
/// feature_parameters: null  # PyRadiomics parameter file (YAML/JSON); null = the 1316-feature default (1 mm, binWidth 25, LoG σ 1–5 mm, wavelet),
///                           # for MR the mr-1688 preset (DefaultFeatureParameters.mrYAML)
/// mr_sequences: {}          # MR sequence type by series key or volume name (T1W, T2W, PDW, DWI, ADC), over the header rules
/// max_voxels: 1073741824    # ceiling for one volume (after resampling); larger ones are refused before allocation
/// adc_low_b_cutoff: 0       # diffusion MR: the ADC is fitted to the b-values (s/mm²) at or above this (e.g. 100 leaves perfusion out)
/// feature_rois: [tumour]   # also shell_band, ring, core, lipiodol (on the unenhanced CT), liver: a feature row each
/// treatments: null          # CSV of PatientID and first TACE date (TreatmentSchedule); null = the earliest study of
///                           # each patient is pre-treatment, later ones post-treatment
/// ```
public struct ProcessConfiguration: Sendable, Codable, Equatable {
    public var format: OutputFormat = .niftiGz
    public var strictGeometry = false
    public var qa = true
    public var lipiodolThresholdHU: Double = 100
    /// How a detected Lipiodol deposit's boundary is drawn (``LipiodolSegmentation/Boundary``): at half maximum
    /// (the default; partial-volume rim left out) or at the detection threshold.
    public var lipiodolBoundary: LipiodolSegmentation.Boundary = .halfMaximum
    /// Patient course (``PatientCourseOutput``): Lipiodol is counted inside the carried target lesion grown by
    /// this margin in mm (registration error, deposits on the border); 0 = the lesion itself.
    public var lipiodolMarginMM: Double = 0
    /// Patient course: the arterial enhancement (arterial − unenhanced HU) from which a target-lesion voxel is
    /// viable tumour (mRECIST's "arterially enhancing" part, Lencioni & Llovet 2010, gives no number; 20 HU is
    /// a project default — set your protocol's).
    public var enhancementThresholdHU: Double = 20
    public var shellMM: [Double] = [3, 3]
    public var ringMM: Double = 5
    /// Write the derived masks as a DICOM SEG (`derived/derived-seg.dcm`) when the tumour lies on a DICOM volume.
    /// Off by default: a SEG must carry the source's Patient and Study modules and UIDs (PS3.3 A.51) to be
    /// filed beside its series, and the output tree is otherwise free of patient data.
    public var dicomSeg = false
    public var features = true
    /// Path of a PyRadiomics parameter file; `nil` = the default configuration.
    public var featureParameters: String?
    /// The most voxels one volume may have after resampling (`LoadOptions.maximumVoxels`); a volume assembled
    /// or resampled beyond it is refused, naming the volume, before anything is allocated.
    public var maxVoxels: Int = LoadOptions.defaultMaximumVoxels
    /// Path of a `treatments.csv` (``TreatmentSchedule``); `nil` = the earliest study of a patient is
    /// pre-treatment. Not part of ``hash``: its effect is each study's ``StudyContext``, which the manifest records.
    public var treatments: String?
    /// The regions features are computed on (``FeatureROI``), in order; default: the tumour only.
    public var featureROIs: [FeatureROI] = [.tumour]
    /// Diffusion MR (``DiffusionOutputs``): the ADC is fitted to the b-values at or above this, s/mm²; 0 = all.
    public var adcLowBCutoff: Double = 0
    /// MR sequence types chosen by the user (`mr_sequences: {se-…: T2W}`), keyed by series key or volume name;
    /// they win over ``DICOMBackend/MRSequenceIdentifier``'s header rules.
    public var mrSequences: [String: MRSequenceType] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, strictGeometry = "strict_geometry", qa, lipiodolThresholdHU = "lipiodol_threshold_hu",
             lipiodolBoundary = "lipiodol_boundary",
             lipiodolMarginMM = "lipiodol_margin_mm", enhancementThresholdHU = "enhancement_threshold_hu",
             shellMM = "shell_mm", ringMM = "ring_mm", dicomSeg = "dicom_seg", features, featureParameters = "feature_parameters",
             maxVoxels = "max_voxels", treatments, featureROIs = "feature_rois", adcLowBCutoff = "adc_low_b_cutoff",
             mrSequences = "mr_sequences"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ProcessConfiguration()
        format = try c.decodeIfPresent(OutputFormat.self, forKey: .format) ?? d.format
        strictGeometry = try c.decodeIfPresent(Bool.self, forKey: .strictGeometry) ?? d.strictGeometry
        qa = try c.decodeIfPresent(Bool.self, forKey: .qa) ?? d.qa
        lipiodolThresholdHU = try c.decodeIfPresent(Double.self, forKey: .lipiodolThresholdHU) ?? d.lipiodolThresholdHU
        lipiodolBoundary = try c.decodeIfPresent(LipiodolSegmentation.Boundary.self, forKey: .lipiodolBoundary) ?? d.lipiodolBoundary
        lipiodolMarginMM = try c.decodeIfPresent(Double.self, forKey: .lipiodolMarginMM) ?? d.lipiodolMarginMM
        enhancementThresholdHU = try c.decodeIfPresent(Double.self, forKey: .enhancementThresholdHU) ?? d.enhancementThresholdHU
        shellMM = try c.decodeIfPresent([Double].self, forKey: .shellMM) ?? d.shellMM
        ringMM = try c.decodeIfPresent(Double.self, forKey: .ringMM) ?? d.ringMM
        dicomSeg = try c.decodeIfPresent(Bool.self, forKey: .dicomSeg) ?? d.dicomSeg
        features = try c.decodeIfPresent(Bool.self, forKey: .features) ?? d.features
        featureParameters = try c.decodeIfPresent(String.self, forKey: .featureParameters)
        maxVoxels = try c.decodeIfPresent(Int.self, forKey: .maxVoxels) ?? d.maxVoxels
        treatments = try c.decodeIfPresent(String.self, forKey: .treatments)
        featureROIs = try c.decodeIfPresent([FeatureROI].self, forKey: .featureROIs) ?? d.featureROIs
        adcLowBCutoff = try c.decodeIfPresent(Double.self, forKey: .adcLowBCutoff) ?? d.adcLowBCutoff
        for (key, text) in try c.decodeIfPresent([String: String].self, forKey: .mrSequences) ?? [:] {
            guard let type = MRSequenceType(userText: text) else {
                throw PipelineError.configuration("mr_sequences: \(key) names no sequence type (\(MRSequenceType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            mrSequences[key] = type
        }
    }

    /// Encodes every key; `max_voxels`, `feature_rois`, `lipiodol_margin_mm`, `enhancement_threshold_hu` and `adc_low_b_cutoff` only
    /// when they are not the default, so configurations written before them existed keep their ``hash`` (and
    /// their published studies stay up to date); `lipiodol_boundary` unless it is `threshold`, the rule before the key
    /// existed (so the half-maximum default makes studies processed before it out of date: their Lipiodol differs).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(strictGeometry, forKey: .strictGeometry)
        try c.encode(qa, forKey: .qa)
        try c.encode(lipiodolThresholdHU, forKey: .lipiodolThresholdHU)
        if lipiodolBoundary != .threshold { try c.encode(lipiodolBoundary, forKey: .lipiodolBoundary) }
        if lipiodolMarginMM != 0 { try c.encode(lipiodolMarginMM, forKey: .lipiodolMarginMM) }
        if enhancementThresholdHU != 20 { try c.encode(enhancementThresholdHU, forKey: .enhancementThresholdHU) }
        try c.encode(shellMM, forKey: .shellMM)
        try c.encode(ringMM, forKey: .ringMM)
        try c.encode(dicomSeg, forKey: .dicomSeg)
        try c.encode(features, forKey: .features)
        try c.encodeIfPresent(featureParameters, forKey: .featureParameters)
        if maxVoxels != LoadOptions.defaultMaximumVoxels { try c.encode(maxVoxels, forKey: .maxVoxels) }
        try c.encodeIfPresent(treatments, forKey: .treatments)
        if featureROIs != [.tumour] { try c.encode(featureROIs, forKey: .featureROIs) }
        if adcLowBCutoff != 0 { try c.encode(adcLowBCutoff, forKey: .adcLowBCutoff) }
        if !mrSequences.isEmpty { try c.encode(mrSequences.mapValues(\.rawValue), forKey: .mrSequences) }
    }

    /// Reads and checks a YAML file.
    /// - Throws: ``PipelineError/configuration(_:)`` naming the unknown key or the bad value.
    public static func read(_ url: URL) throws -> ProcessConfiguration {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw PipelineError.configuration("the configuration file cannot be read")
        }
        return try parse(text)
    }

    /// Parses and checks YAML text.
    public static func parse(_ text: String) throws -> ProcessConfiguration {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw PipelineError.configuration("the configuration is not valid YAML (\(error))")
        }
        guard let node else { return ProcessConfiguration() }
        guard let mapping = node.mapping else { throw PipelineError.configuration("the configuration must be a mapping of keys to values") }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        for key in mapping.keys {
            guard let name = key.string, known.contains(name) else {
                throw PipelineError.configuration("unknown key '\(key.string ?? "?")' (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        let configuration: ProcessConfiguration
        do { configuration = try YAMLDecoder().decode(ProcessConfiguration.self, from: text) } catch {
            throw PipelineError.configuration("a value has the wrong type (\(error))")
        }
        try configuration.validate()
        return configuration
    }

    /// Checks value ranges.
    public func validate() throws {
        guard shellMM.count == 2, shellMM.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw PipelineError.configuration("shell_mm must be two non-negative numbers [inside, outside]")
        }
        guard ringMM >= 0, ringMM.isFinite else { throw PipelineError.configuration("ring_mm must be a non-negative number") }
        guard maxVoxels >= 1 else { throw PipelineError.configuration("max_voxels must be a positive number of voxels") }
        guard lipiodolMarginMM >= 0, lipiodolMarginMM.isFinite else {
            throw PipelineError.configuration("lipiodol_margin_mm must be a non-negative number")
        }
        guard enhancementThresholdHU.isFinite else { throw PipelineError.configuration("enhancement_threshold_hu must be a number") }
        guard lipiodolThresholdHU.isFinite else { throw PipelineError.configuration("lipiodol_threshold_hu must be a number") }
        guard adcLowBCutoff >= 0, adcLowBCutoff.isFinite else {
            throw PipelineError.configuration("adc_low_b_cutoff must be a non-negative b-value in s/mm²")
        }
        if let path = featureParameters, !FileManager.default.fileExists(atPath: path) {
            throw PipelineError.configuration("feature_parameters names a file that does not exist")
        }
        guard !featureROIs.isEmpty, Set(featureROIs).count == featureROIs.count else {
            throw PipelineError.configuration("feature_rois must name each region once (\(FeatureROI.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let path = treatments, !FileManager.default.fileExists(atPath: path) {
            throw PipelineError.configuration("treatments names a file that does not exist")
        }
    }

    /// SHA-256 of the canonical JSON of the configuration: part of a study version's identity.
    public var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hashed = self
        hashed.treatments = nil
        var text = String(decoding: (try? encoder.encode(hashed)) ?? Data(), as: UTF8.self)
        if let path = featureParameters, let data = FileManager.default.contents(atPath: path) {
            text += "\n" + ContentHash.sha256(data)
        }
        return ContentHash.sha256(Data(text.utf8))
    }
}
