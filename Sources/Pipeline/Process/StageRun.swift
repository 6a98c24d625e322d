import DICOMBackend
import Foundation
import MaskMorphology
import PNGRender
import VolumeModule

/// The state of one study while its stages run: what earlier stages produced, each stage's record,
/// and the warnings. A stage that throws is recorded as failed with the error's description (which
/// never holds patient data) and the next stages go on with what exists.
struct StageRun {
    let study: StudyInputs
    let folder: URL
    let configuration: ProcessConfiguration
    let names: Pseudonymizer
    var stages: [StudyManifest.Stage] = []
    var warnings: [String] = []

    /// Loaded primary volumes (CT or MR), in assembly order, with their output names.
    var volumes: [(name: String, loaded: LoadedVolume, phase: PhaseIdentification)] = []
    /// The same volumes by plan index (handed to alignment so nothing is decoded twice).
    var loadedByPlan: [Int: LoadedVolume] = [:]
    /// Plan index of each primary volume, by output name.
    var planByName: [String: Int] = [:]
    /// The images the alignment resampled (kept when QA runs, which pictures them instead of resampling again).
    var aligned: AlignedImages?
    /// SEG/RTSTRUCT objects imported onto their volumes.
    var segmentations: [SegmentationImport.Imported] = []
    /// Derived masks of the tumour (on the tumour's volume grid).
    var derived: MaskDerivation.Result?
    /// The unenhanced CT on the tumour's grid that Lipiodol was measured on, when it is not the tumour's own image.
    var lipiodolImage: Volume<Float>?

    init(study: StudyInputs, folder: URL, configuration: ProcessConfiguration, names: Pseudonymizer) {
        self.study = study
        self.folder = folder
        self.configuration = configuration
        self.names = names
    }

    /// Runs a stage and records it.
    mutating func stage(_ name: String, _ body: (inout StageRun) throws -> String?) {
        let start = Date()
        do {
            let note = try body(&self)
            stages.append(.init(name: name, status: "done", seconds: Date().timeIntervalSince(start), note: note))
        } catch let skip as StageSkip {
            stages.append(.init(name: name, status: "skipped", seconds: Date().timeIntervalSince(start), note: skip.description))
        } catch {
            stages.append(.init(name: name, status: "failed", seconds: Date().timeIntervalSince(start), note: safeDescription(error)))
            warnings.append("stage \(name) failed: \(safeDescription(error))")
        }
    }

    /// Records a stage that did not run.
    mutating func skip(_ name: String, because reason: String) {
        stages.append(.init(name: name, status: "skipped", seconds: 0, note: reason))
    }

    /// `mr_sequences` of the configuration by plan index (keys naming other studies' volumes are ignored).
    var mrOverrides: [Int: MRSequenceType] {
        (try? VolumeKeyOverrides.resolve(configuration.mrSequences, study.assembly, names: names, strict: false)) ?? [:]
    }

    /// Stage "volumes": every volume of the study, exact geometry and HU, with sidecars, under `volumes/`.
    mutating func writeVolumes() throws -> String? {
        let options = Conversion.Options(format: configuration.format, load: LoadOptions(strictGeometry: configuration.strictGeometry,
                                                                                                   maximumVoxels: configuration.maxVoxels))
        let assembly = study.assembly
        let phases = PhaseIdentifier.identify(assembly, mrOverrides: mrOverrides)
        let mr = MRSidecarParts.all(assembly, overrides: mrOverrides)
        let timepoint = study.effectiveContext.timepoint
        var failures = 0
        for (n, plan) in assembly.plans.enumerated() {
            do {
                let loaded = try VolumeLoader.load(plan, instances: assembly.instances, options: options.load)
                failures += loaded.fileErrors.count
                let written = try Conversion.write(loaded, phase: phases[n], timepoint: timepoint, names: names,
                                                   into: folder.appendingPathComponent("volumes"), options: options, mr: mr[n])
                warnings += loaded.report.warnings.map { "\(written.volume): \($0)" }
                if assembly.isAnalysed(plan) {
                    volumes.append((written.volume, loaded, phases[n]))
                    loadedByPlan[n] = loaded
                    planByName[written.volume] = n
                }
            } catch {
                failures += 1
                warnings.append("a volume could not be loaded: \(safeDescription(error))")
            }
        }
        guard !volumes.isEmpty else { throw PipelineError.noInput("no image volume could be loaded") }
        // Diffusion MR: trace-weighted images per b-value and the ADC beside the series' volumes.
        let diffusion = volumes.filter { $0.loaded.plan.role == .primary }.compactMap { v in v.loaded.plan.diffusion.map {
            DiffusionOutputs.Source(name: v.name, seriesKey: names.seriesKey(for: v.loaded.plan), bValue: $0.bValue,
                                    volume: v.loaded.data.floatVolume, isotropic: $0.isotropic)
        } }
        var maps = ""
        if !diffusion.isEmpty {
            let written = DiffusionOutputs.write(diffusion, studyKey: study.key, into: folder.appendingPathComponent("volumes"),
                                                 format: configuration.format, lowBCutoff: configuration.adcLowBCutoff)
            warnings += written.warnings
            maps = ", \(written.files.count / 2) diffusion map(s)"
        }
        return "\(volumes.count) primary volume(s)" + maps + (failures > 0 ? ", \(failures) file or volume failure(s)" : "")
    }

    /// Stage "qa": the phases on the first volume's grid (linear interpolation, −1024 HU / 0 outside),
    /// overview, phase rows and checkerboards, `qa/index.html`.
    mutating func writeQA() throws -> String? {
        // Reference: the arterial phase, else portal venous, else the first volume (as alignment).
        let preference: [ContrastPhase] = [.arterial, .portalVenous]
        let phases = volumes.map(\.phase.phase)
        let referenceIndex = preference.compactMap { p in phases.firstIndex(of: p) }.first ?? 0
        guard volumes.indices.contains(referenceIndex) else { throw PipelineError.noInput("no volume to picture") }
        let ordered = [volumes[referenceIndex]] + volumes.enumerated().filter { $0.offset != referenceIndex }.map(\.element)
        let reference = ordered[0]
        let grid = reference.loaded.data.geometry
        let pictured = try ordered.enumerated().map { n, v -> QASet.Phase in
            let fill: Float = v.loaded.plan.modality == "CT" ? -1024 : 0
            let volume = n == 0 ? v.loaded.data.floatVolume
                : try alignedImage(of: v.name, on: grid, fill: fill)
                    ?? v.loaded.data.resampled(onto: grid, interpolation: .linear, defaultValue: fill)
            return QASet.Phase(label: v.phase.phase == .unknown ? "\(n + 1)" : v.phase.phase.shortLabel, volume: volume)
        }
        var options = QASet.Options()
        options.title = "QA \(study.key)"
        if reference.loaded.plan.modality != "CT" { options.window = try WindowLevel.percentiles(of: pictured[0].volume) }
        // Structures, put on the QA grid by nearest neighbour (they lie on their own volume's grid).
        var structures: [(structure: OverlayStructure, mask: Mask)] = []
        var named: [(OverlayStructure, Mask?)] = [(.liver, segment(matching: Self.liverWords)?.mask),
                                                   (.tumour, segment(matching: Self.tumourWords)?.mask)]
        if let d = derived { named += [(.lipiodol, d.lipiodol), (.shellBand, d.shellBand), (.ring, d.ring)] }
        for (structure, mask) in named {
            guard let mask else { continue }
            let onGrid = mask.geometry.isCongruent(with: grid, tolerance: 1e-6) ? mask : try mask.resampledNearest(onto: grid)
            if onGrid.count(of: 1) > 0 { structures.append((structure, onGrid)) }
        }
        let set = QASet(phases: pictured, structures: structures, measurements: derived.map(Self.measurementRows) ?? [],
                        shellMap: derived?.shellMap.map(Self.shellMapPicture), options: options)
        let written = try set.write(into: folder.appendingPathComponent("qa"))
        aligned = nil  // QA was their last reader
        return "\(written.count) file(s)"
    }
}

extension StageRun {
    /// Rows of the QA page's measurements table (numbers only).
    static func measurementRows(_ result: MaskDerivation.Result) -> [(key: String, value: String)] {
        let m = result.measurements
        var rows: [(key: String, value: String)] = [("tumour volume", String(format: "%.2f mL", m.tumour.volumeML)),
                                                    ("tumour voxels", "\(m.tumour.voxelCount)")]
        if let d = m.tumour.longestAxialDiameter { rows.append(("longest axial diameter", String(format: "%.1f mm", d.length))) }
        if let l = m.lipiodol {
            rows.append(("lipiodol volume", String(format: "%.2f mL", l.lipiodolVolumeML)))
            rows.append(("lipiodol coverage", String(format: "%.1f %%", 100 * l.coverage)))
        } else if let status = m.lipiodolStatus {
            rows.append(("lipiodol", status))
        }
        if let b = m.shellBand { rows.append(("shell band volume", String(format: "%.2f mL", b.volumeML))) }
        if let r = m.ring { rows.append(("ring volume", String(format: "%.2f mL", r.volumeML))) }
        return rows
    }

    /// The shell map as a QA colour-map picture (range = finite minimum…maximum).
    static func shellMapPicture(_ map: ShellMap) -> QASet.ShellMap {
        QASet.ShellMap(values: map.values, width: map.size, height: map.size, range: map.displayRange, unit: "HU",
                              caption: "shell map of the tumour (angle × depth)")
    }
}

extension ContrastPhase {
    /// Label drawn on QA pictures.
    var shortLabel: String {
        switch self {
        case .nonContrast: return "NC"
        case .arterial: return "ART"
        case .portalVenous: return "PV"
        case .delayed: return "DEL"
        case .unknown: return "?"
        }
    }
}
