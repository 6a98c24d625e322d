import DICOMBackend
import Foundation
import MaskMorphology
import VolumeModule

/// Derived masks (Lipiodol, shell band, peritumoral ring, tumour core) as one BINARY DICOM Segmentation
/// (PS3.3 A.51) referencing the image series they lie on, through ``DICOMSegmentationWriter``.
///
/// Segment descriptions (PS3.3 C.8.20.2; category from CID 7150, types as below), algorithm type AUTOMATIC,
/// SegmentAlgorithmName "RadStation <derivation>", SoftwareVersions = ``version``:
///
/// | segment | category | type |
/// |---|---|---|
/// | Lipiodol | SCT 105590001 "Substance" | SCT 7140000 "Contrast agent" (CID 6402; Lipiodol is an iodized-oil contrast agent) |
/// | Shell band | SCT 85756007 "Tissue" | SCT 85756007 "Tissue" (band straddling the tumour border) |
/// | Peritumoral ring | SCT 85756007 "Tissue" | SCT 85756007 "Tissue" (liver tissue around the tumour) |
/// | Tumour core | SCT 49755003 "Morphologically Altered Structure" | SCT 108369006 "Neoplasm" |
///
/// Empty derived masks are written too (one empty frame), so segment numbers stay the same for every study
/// with the same configuration.
public enum DerivedSegmentation {
    /// Written into SoftwareVersions (0018,1020).
    public static let version = StudyProcessing.tools["radstation"] ?? "0.1"

    /// A derived structure: label, codes, colour, algorithm.
    public struct Structure: Sendable {
        /// SegmentLabel (0062,0005).
        public var label: String
        /// SegmentAlgorithmName (0062,0009).
        public var algorithm: String
        /// SegmentedPropertyCategoryCodeSequence (0062,0003).
        public var category: CodedConcept
        /// SegmentedPropertyTypeCodeSequence (0062,000F).
        public var type: CodedConcept
        /// Display colour, 8-bit sRGB (written as RecommendedDisplayCIELabValue).
        public var colour: [UInt8]
    }

    static let substance = CodedConcept(value: "105590001", scheme: "SCT", meaning: "Substance")
    static let tissue = CodedConcept(value: "85756007", scheme: "SCT", meaning: "Tissue")
    static let altered = CodedConcept(value: "49755003", scheme: "SCT", meaning: "Morphologically Altered Structure")

    /// Lipiodol deposits inside the tumour, the algorithm named by how their boundary was drawn
    /// (``LipiodolSegmentation/Boundary``): "RadStation lipiodol threshold" or "RadStation lipiodol half maximum".
    public static func lipiodol(_ boundary: LipiodolSegmentation.Boundary) -> Structure {
        Structure(label: "Lipiodol", algorithm: "RadStation lipiodol \(algorithmWords(boundary))", category: substance,
                  type: contrastAgent, colour: [255, 221, 0])
    }
    /// Off-target Lipiodol (patient course): deposits in the carried liver outside the target lesion, named like
    /// ``lipiodol(_:)`` ("RadStation course lipiodol …").
    public static func offTargetLipiodol(_ boundary: LipiodolSegmentation.Boundary) -> Structure {
        Structure(label: "Off-target Lipiodol", algorithm: "RadStation course lipiodol \(algorithmWords(boundary))", category: substance,
                  type: contrastAgent, colour: [255, 64, 160])
    }
    static let contrastAgent = CodedConcept(value: "7140000", scheme: "SCT", meaning: "Contrast agent")
    static func algorithmWords(_ boundary: LipiodolSegmentation.Boundary) -> String {
        switch boundary {
        case .threshold: "threshold"
        case .halfMaximum: "half maximum"
        }
    }
    /// Shell band: dilation minus erosion of the tumour (mm radii).
    public static let shellBand = Structure(label: "Shell band", algorithm: "RadStation shell band", category: tissue, type: tissue,
                                            colour: [0, 190, 255])
    /// Peritumoral ring: dilation minus the tumour, clipped to the liver when known.
    public static let ring = Structure(label: "Peritumoral ring", algorithm: "RadStation peritumoral ring", category: tissue, type: tissue,
                                       colour: [255, 128, 0])
    /// Tumour core: the tumour eroded by a depth in mm.
    public static let core = Structure(label: "Tumour core", algorithm: "RadStation tumour core", category: altered,
                                       type: CodedConcept(value: "108369006", scheme: "SCT", meaning: "Neoplasm"), colour: [200, 0, 200])

    /// The derived masks of `result` with their descriptions, in the order Lipiodol, shell band, ring, core
    /// (those that were derived).
    public static func segments(of result: MaskDerivation.Result) -> [(mask: Mask, description: SegmentDescription)] {
        let all: [(Mask?, Structure)] = [(result.lipiodol, lipiodol(result.lipiodolBoundary ?? .threshold)), (result.shellBand, shellBand),
                                         (result.ring, ring), (result.core, core)]
        return all.enumerated().compactMap { n, item in
            guard let mask = item.0 else { return nil }
            let s = item.1
            return (mask, SegmentDescription(source: .seg, number: n + 1, label: s.label, category: s.category, type: s.type,
                                             colour: s.colour, algorithmType: "AUTOMATIC", algorithmName: s.algorithm))
        }
    }

    /// Writes the derived masks of `result` (on `source`'s grid) as a DICOM SEG referencing `source`'s series.
    /// - Throws: ``PipelineError/noInput(_:)`` when nothing was derived; ``DICOMError`` from the writer
    ///   (`.inconsistent` when a mask is not on the source grid).
    public static func write(_ result: MaskDerivation.Result, source: LoadedVolume, instances: [DICOMInstance], to url: URL) throws {
        let grid = source.data.geometry
        // Masks read back from NIfTI carry float32-rounded geometry: put them on the exact DICOM grid when congruent.
        let segments = segments(of: result).map { s in
            s.mask.geometry.isCongruent(with: grid, tolerance: 1e-3) ? (Mask(geometry: grid, voxels: s.mask.voxels), s.description) : s
        }
        guard !segments.isEmpty else { throw PipelineError.noInput("no derived mask to write as DICOM SEG") }
        let writer = DICOMSegmentationWriter(softwareVersion: version, seriesDescription: "RadStation derived masks", seriesNumber: 9002,
                                             contentLabel: "DERIVED")
        try writer.write(segments, geometry: grid, plan: source.plan, instances: instances, to: url.path)
    }

    /// The image volume in `folder` whose grid is `geometry` (within `tolerance` mm / direction cosine), with
    /// the instances it was assembled from: where a mask read from NIfTI/NRRD came from.
    /// - Throws: ``PipelineError/noInput(_:)`` naming no path when no volume of the folder has that grid;
    ///   ``DICOMError`` when the folder cannot be scanned.
    public static func sourceVolume(in folder: URL, matching geometry: VolumeGeometry, tolerance: Double = 1e-3)
        throws -> (loaded: LoadedVolume, instances: [DICOMInstance]) {
        let scan = try FolderScan.scan(folder)
        let assembly = SeriesAssembly(scan.instances)
        guard let loaded = sourceVolume(in: assembly, matching: geometry, tolerance: tolerance) else {
            throw PipelineError.noInput("none of the \(assembly.plans.count) volume(s) of the DICOM folder has the tumour mask's grid")
        }
        return (loaded, assembly.instances)
    }

    /// The volume of `assembly` (primary volumes first) whose grid is `geometry`, or `nil`.
    public static func sourceVolume(in assembly: SeriesAssembly, matching geometry: VolumeGeometry, tolerance: Double = 1e-3) -> LoadedVolume? {
        let candidates = assembly.plans.filter { $0.role == .primary } + assembly.plans.filter { $0.role != .primary }
        for plan in candidates {
            guard let loaded = try? VolumeLoader.load(plan, instances: assembly.instances),
                  loaded.data.geometry.isCongruent(with: geometry, tolerance: tolerance) else { continue }
            return loaded
        }
        return nil
    }

    /// The patient course's Lipiodol of one follow-up (in the carried target lesion, and off target) as a BINARY
    /// DICOM SEG referencing `source`'s series (the follow-up's unenhanced CT): segment 1 ``lipiodol(_:)``, segment 2
    /// ``offTargetLipiodol(_:)`` when measured, both named by `boundary`.
    /// - Throws: ``DICOMError`` from the writer (`.inconsistent` when a mask is not on the source grid).
    public static func writeCourseLipiodol(inTarget: Mask, offTarget: Mask?, boundary: LipiodolSegmentation.Boundary,
                                           source: LoadedVolume, instances: [DICOMInstance], to url: URL) throws {
        let grid = source.data.geometry
        let all: [(Mask?, Structure)] = [(inTarget, lipiodol(boundary)), (offTarget, offTargetLipiodol(boundary))]
        let segments = all.enumerated().compactMap { n, item -> (mask: Mask, description: SegmentDescription)? in
            guard let mask = item.0 else { return nil }
            let s = item.1
            return (Mask(geometry: grid, voxels: mask.voxels),
                    SegmentDescription(source: .seg, number: n + 1, label: s.label, category: s.category, type: s.type,
                                       colour: s.colour, algorithmType: "AUTOMATIC", algorithmName: s.algorithm))
        }
        let writer = DICOMSegmentationWriter(softwareVersion: version, seriesDescription: "RadStation course Lipiodol", seriesNumber: 9003,
                                             contentLabel: "LIPIODOL")
        try writer.write(segments, geometry: grid, plan: source.plan, instances: instances, to: url.path)
    }
}
