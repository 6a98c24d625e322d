import DICOMBackend
import Foundation
import MaskMorphology
import RadiomicsCore
import VolumeIO
import VolumeModule

/// The mask and feature stages of `process`: SEG/RTSTRUCT masks on their image grids, the derived masks
/// of the tumour, and its radiomics features on every aligned-in-frame phase it lies on.
extension StageRun {
    /// Segment labels that name the tumour and the liver (case-insensitive, whole or part of the label).
    static let tumourWords = ["tumor", "tumour", "lesion", "hcc", "gtv", "neoplasm", "mass"]
    static let liverWords = ["liver"]

    /// Stage "segmentations": every SEG/RTSTRUCT of the study onto the grid of the volume it references,
    /// under `masks/`.
    mutating func importSegmentations() throws -> String? {
        let result = SegmentationImport.run(assembly: study.assembly, volumes: volumes.map { ($0.name, $0.loaded) },
                                            folder: folder.appendingPathComponent("masks"), format: configuration.format)
        warnings += result.problems
        segmentations = result.imported
        guard !result.imported.isEmpty || !result.problems.isEmpty else { return "no SEG or RTSTRUCT in the study" }
        if result.imported.isEmpty { throw PipelineError.noInput(result.problems.joined(separator: "; ")) }
        return "\(result.imported.count) object(s), \(result.imported.map(\.masks.count).reduce(0, +)) mask(s)"
    }

    /// The first segment whose label contains one of `words`, with its image volume; for the tumour with several
    /// readers, reader 1's (``tumourReaders()``), so derived masks and `features.csv` follow one reader everywhere.
    func segment(matching words: [String]) -> (volume: String, mask: Mask)? {
        if words == Self.tumourWords, let first = tumourReaders().first { return (first.volume, first.mask) }
        for object in segmentations {
            for m in object.masks {
                let label = m.description.label.lowercased()
                if words.contains(where: { label.contains($0) }) { return (object.volume, m.binary) }
            }
        }
        return nil
    }

    /// The tumour of each reader when two or more SEG/RTSTRUCT objects of the study outline one: `reader-1`,
    /// `reader-2`, … in the order of the objects' reader names (ContentCreatorName, else SeriesDescription;
    /// unnamed objects last, then by object number), so the same readers get the same numbers in every study.
    /// The names never leave this function. Empty with fewer than two such objects.
    func tumourReaders() -> [(reader: String, object: Int, volume: String, mask: Mask)] {
        var found: [(name: String?, object: Int, volume: String, mask: Mask)] = []
        for object in segmentations {
            guard let m = object.masks.first(where: { m in Self.tumourWords.contains { m.description.label.lowercased().contains($0) } })
            else { continue }
            found.append((object.readerName, object.object, object.volume, m.binary))
        }
        guard found.count >= 2 else { return [] }
        let ordered = found.sorted { ($0.name ?? "\u{10FFFF}", $0.object) < ($1.name ?? "\u{10FFFF}", $1.object) }
        return ordered.enumerated().map { n, f in ("reader-\(n + 1)", f.object, f.volume, f.mask) }
    }

    /// Stage "derived": Lipiodol, shell band, ring, core and shell map of the tumour, and
    /// `derived/measurements.json`, on the tumour's image grid; with `dicom_seg` (default), the derived masks
    /// also as `derived/derived-seg.dcm` referencing the tumour's image series (``DerivedSegmentation``).
    mutating func deriveMasks() throws -> String? {
        guard let tumour = segment(matching: Self.tumourWords) else {
            throw StageSkip("no segment labelled as a tumour (\(Self.tumourWords.joined(separator: "/"))) in the study")
        }
        guard let image = volumes.first(where: { $0.name == tumour.volume }) else { throw PipelineError.noInput("the tumour's volume is missing") }
        let liver = segment(matching: Self.liverWords).flatMap { $0.volume == tumour.volume ? $0.mask : nil }
        // Lipiodol only after TACE: before it, dense voxels are enhancing vessels or calcifications.
        let treatment = study.effectiveContext.treatment
        let unenhanced = treatment == .postTreatment ? try unenhancedImage(onGridOf: image) : nil
        let lipiodolStatus: String
        switch (treatment, unenhanced) {
        case (.preTreatment, _): lipiodolStatus = "not measured: pre-treatment"
        case (.unknown, _): lipiodolStatus = "not measured: treatment timing unknown (undated study)"
        case (.postTreatment, nil):
            lipiodolStatus = "not measured: no unenhanced CT in the tumour's frame of reference"
            warnings.append("Lipiodol not measured: the tumour lies on the \(image.phase.phase.rawValue.lowercased().replacingOccurrences(of: "_", with: " ")) phase, where enhancing tissue would pass the Lipiodol threshold, and the study has no unenhanced CT in the same frame of reference")
        case (.postTreatment, let plain?): lipiodolStatus = "measured on \(plain.name)"
        }
        let configuration = MaskDerivation.Configuration(
            lipiodol: unenhanced.map { _ in
                LipiodolSegmentation(range: IntensityRange(lower: self.configuration.lipiodolThresholdHU), boundary: self.configuration.lipiodolBoundary)
            },
            shellBand: .init(innerRadius: self.configuration.shellMM[0], outerRadius: self.configuration.shellMM[1]),
            ring: .init(radius: self.configuration.ringMM, clipToLiver: liver != nil),
            shellMap: ShellMap.Configuration())
        var result = try MaskDerivation.derive(.init(image: image.loaded.data.floatVolume, tumour: tumour.mask, liver: liver,
                                                     lipiodolImage: unenhanced?.volume), configuration)
        result.measurements.lipiodolStatus = lipiodolStatus
        warnings += emptyStructureWarnings(result, grid: tumour.mask.geometry)
        let written = try MaskDerivationJob.write(result, tumour: tumour.mask, to: folder.appendingPathComponent("derived"))
        // The target lesion the derived masks come from (reader 1's when several readers outlined it), so that
        // later steps (patient course, training exports) need not repeat the label and reader rules.
        try NIfTI.write(tumour.mask, to: folder.appendingPathComponent("derived/tumour.nii.gz"))
        derived = result
        lipiodolImage = unenhanced?.volume
        var count = written.files.count
        if self.configuration.dicomSeg {
            try DerivedSegmentation.write(result, source: image.loaded, instances: study.assembly.instances,
                                          to: folder.appendingPathComponent("derived/derived-seg.dcm"))
            count += 1
        }
        return "\(count) file(s) on \(tumour.volume); Lipiodol \(lipiodolStatus)"
    }

    /// The unenhanced CT for Lipiodol, on the tumour image's grid: the tumour's own image unless it is a
    /// contrast-enhanced phase, else the study's first non-contrast CT in the same frame of reference,
    /// resampled linearly (−1024 HU outside it); `nil` when there is none. `volume` is `nil` when the
    /// tumour's own image serves.
    func unenhancedImage(onGridOf image: (name: String, loaded: LoadedVolume, phase: PhaseIdentification)) throws
        -> (volume: Volume<Float>?, name: String)?
    {
        let enhanced: Set<ContrastPhase> = [.arterial, .portalVenous, .delayed]
        guard enhanced.contains(image.phase.phase) else { return (nil, image.name) }
        guard let plain = volumes.first(where: {
            $0.phase.phase == .nonContrast && $0.loaded.plan.modality == "CT" && $0.loaded.plan.sharesFrameOfReference(with: image.loaded.plan)
        }) else { return nil }
        let volume = try plain.loaded.data.resampled(onto: image.loaded.data.geometry, interpolation: .linear,
                                                                  defaultValue: -1024)
        return (volume, plain.name)
    }

    /// Warnings for derived structures that came out empty (radii below the voxel spacing, a ring clipped
    /// away by the liver), so that an empty mask is never mistaken for a measurement.
    func emptyStructureWarnings(_ result: MaskDerivation.Result, grid: VolumeGeometry) -> [String] {
        let spacing = String(format: "%.2f × %.2f × %.2f mm", grid.spacing.x, grid.spacing.y, grid.spacing.z)
        var out: [String] = []
        if let band = result.measurements.shellBand, band.voxelCount == 0 {
            out.append("the shell band is empty: radii \(configuration.shellMM.map { String(format: "%g", $0) }.joined(separator: ":")) mm are too small for the tumour image's \(spacing) voxels")
        }
        if let ring = result.measurements.ring, ring.voxelCount == 0 {
            out.append("the peritumoral ring is empty: \(String(format: "%g", configuration.ringMM)) mm on \(spacing) voxels (or clipped away by the liver mask)")
        }
        return out
    }

    /// Stage "features": radiomics features (a PyRadiomics parameter file, or ``DefaultFeatureParameters``: the
    /// 1316 features of the seed studies) of every ROI `feature_rois` names, on the tumour's image (Lipiodol on the
    /// unenhanced CT it was measured on; the liver on its own image). `features/features.csv` is the tumour's (long
    /// format: name, value), `features/<roi>.csv` the others', and `features/extractions.json` indexes them all
    /// (``FeatureExtractionIndex``) for the cohort table.
    mutating func extractFeatures() throws -> String? {
        guard let tumour = segment(matching: Self.tumourWords) else {
            throw StageSkip("no segment labelled as a tumour in the study")
        }
        guard let image = volumes.first(where: { $0.name == tumour.volume }) else { throw PipelineError.noInput("the tumour's volume is missing") }
        // MR without a parameter file: the seed MR study's 1688-feature preset (PyRadiomics normalize).
        let isMR = image.loaded.plan.modality == "MR"
        let parameters = try configuration.featureParameters.map { try FeatureExtraction.parameters(from: URL(fileURLWithPath: $0)) }
            ?? (isMR ? DefaultFeatureParameters.mrParameters() : DefaultFeatureParameters.parameters())
        let extractor = FeatureExtractor(parameters: parameters)
        let out = folder.appendingPathComponent("features")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var index = FeatureExtractionIndex()
        var skipped: [String] = []
        // Two readers' outlines of the lesion: a tumour row per reader (the first object's in features.csv).
        let readers = tumourReaders()
        let labels = isMR ? mrLabels() : [:]
        func phase(of volume: String, _ identified: PhaseIdentification?) -> String {
            labels[volume]?.uppercased() ?? identified?.phase.rawValue ?? ContrastPhase.unknown.rawValue
        }
        let primary = readers.first?.object
        for reader in readers where configuration.featureROIs.contains(.tumour) {
            guard let volume = volumes.first(where: { $0.name == reader.volume }), reader.mask.count(of: 1) > 0 else { continue }
            let vector = try extractor.execute(image: volume.loaded.data.floatVolume, mask: reader.mask)
            let file = reader.object == primary ? "features.csv" : "tumour-\(reader.reader).csv"
            try FeatureTable.longCSV(vector).write(to: out.appendingPathComponent(file), atomically: false, encoding: .utf8)
            index.extractions.append(.init(file: "features/" + file, roi: FeatureROI.tumour.rawValue, series: reader.volume,
                                           phase: phase(of: reader.volume, volume.phase), reader: reader.reader, features: vector.features.count))
        }
        for roi in configuration.featureROIs where !(roi == .tumour && !readers.isEmpty) {
            guard let (mask, volume, onImage) = try roiForFeatures(roi, tumour: tumour.mask, image: image) else {
                skipped.append(roi.rawValue)
                continue
            }
            guard mask.count(of: 1) > 0 else {
                skipped.append(roi.rawValue + " (empty)")
                continue
            }
            let vector = try extractor.execute(image: onImage, mask: mask)
            let file = roi == .tumour ? "features.csv" : "\(roi.rawValue).csv"
            try FeatureTable.longCSV(vector).write(to: out.appendingPathComponent(file), atomically: false, encoding: .utf8)
            index.extractions.append(.init(file: "features/" + file, roi: roi.rawValue, series: volume,
                                           phase: phase(of: volume, volumes.first { $0.name == volume }?.phase),
                                           reader: nil, features: vector.features.count))
        }
        if isMR && configuration.featureROIs.contains(.tumour) {
            index.extractions += try mrSequenceFeatures(tumour: tumour.mask, on: image.name, extractor: extractor, into: out)
        }
        try index.write(to: out.appendingPathComponent(FeatureExtractionIndex.fileName))
        if !skipped.isEmpty { warnings.append("no features for: \(skipped.joined(separator: ", ")) (not derived in this study)") }
        return "\(index.extractions.map(\.roi).joined(separator: ", ")) on \(tumour.volume)"
    }

    /// MR: the tumour's features on every other primary MR volume of the study in its frame of reference (T2W,
    /// DWI per b-value, each T1W phase…), the mask put on each volume's grid through patient coordinates (nearest
    /// neighbour, registration-free as the phases' alignment). Files `features/tumour-<label>.csv`, where the label
    /// is the sequence (``DICOMBackend/MRSequenceIdentification/fileLabel(bValue:)``); the index's `phase` is that
    /// label in upper case.
    private func mrSequenceFeatures(tumour: Mask, on tumourVolume: String, extractor: FeatureExtractor,
                                    into out: URL) throws -> [FeatureExtractionIndex.Extraction] {
        guard let source = volumes.first(where: { $0.name == tumourVolume }) else { return [] }
        let labels = mrLabels()
        let stems = MRFileStems.stems(volumes.compactMap { v in
            labels[v.name].map { .init(volume: v.name, label: $0, isScannerTrace: v.loaded.plan.diffusion?.isotropic == true) }
        })
        var extractions: [FeatureExtractionIndex.Extraction] = []
        for v in volumes where v.name != tumourVolume && v.loaded.plan.modality == "MR"
            && v.loaded.plan.sharesFrameOfReference(with: source.loaded.plan) {
            let image = v.loaded.data.floatVolume
            let mask = tumour.geometry.isCongruent(with: image.geometry, tolerance: 1e-6) ? tumour : try tumour.resampledNearest(onto: image.geometry)
            guard mask.count(of: 1) > 0 else { continue }
            let label = labels[v.name] ?? "unknown"
            let name = stems[v.name] ?? label + "_" + v.name
            let vector = try extractor.execute(image: image, mask: mask)
            let file = "tumour-\(name).csv"
            try FeatureTable.longCSV(vector).write(to: out.appendingPathComponent(file), atomically: false, encoding: .utf8)
            extractions.append(.init(file: "features/" + file, roi: FeatureROI.tumour.rawValue, series: v.name, phase: label.uppercased(),
                                     reader: nil, features: vector.features.count))
        }
        return extractions
    }

    /// MR sequence labels (``DICOMBackend/MRSequenceIdentification/fileLabel(bValue:)``) by volume name.
    func mrLabels() -> [String: String] {
        let identified = MRSequenceIdentifier.identify(study.assembly, overrides: mrOverrides)
        var labels: [String: String] = [:]
        for (n, plan) in study.assembly.plans.enumerated() {
            if let id = identified[n] { labels[names.volumeName(for: plan)] = id.fileLabel(bValue: plan.diffusion?.bValue) }
        }
        return labels
    }

    /// The mask of `roi`, the volume it lies on, and the image to extract from; `nil` when the study lacks it.
    private func roiForFeatures(_ roi: FeatureROI, tumour: Mask, image: (name: String, loaded: LoadedVolume, phase: PhaseIdentification))
        throws -> (Mask, String, Volume<Float>)?
    {
        let own = image.loaded.data.floatVolume
        switch roi {
        case .tumour: return (tumour, image.name, own)
        case .shellBand: return derived?.shellBand.map { ($0, image.name, own) }
        case .ring: return derived?.ring.map { ($0, image.name, own) }
        case .core: return derived?.core.map { ($0, image.name, own) }
        case .lipiodol:
            // The Lipiodol VOI on the unenhanced post-TACE CT it was thresholded on.
            guard let mask = derived?.lipiodol else { return nil }
            return (mask, image.name, lipiodolImage ?? own)
        case .liver:
            guard let liver = segment(matching: Self.liverWords),
                  let volume = volumes.first(where: { $0.name == liver.volume }) else { return nil }
            return (liver.mask, liver.volume, volume.loaded.data.floatVolume)
        }
    }
}

/// Thrown by a stage that has nothing to do: recorded as "skipped" with the reason, not as a failure.
struct StageSkip: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
