import DICOMBackend
import Foundation
import VolumeIO
import VolumeModule

/// Registration-free alignment of the phases of one study: every primary CT volume is identified
/// (``PhaseIdentifier``), loaded, and resampled through patient coordinates (no image registration) onto
/// one reference grid. Volumes must share the reference's FrameOfReferenceUID (DICOM PS3.3 C.7.4.1),
/// otherwise the run is refused unless ``Options/allowDifferentFrames``.
///
/// Output (`<output>/`): `aligned/<phase>.nii.gz` (float32, identical affine for every file),
/// `aligned/<phase>-valid.nii.gz` (uint8 validity mask), `alignment.json` (``AlignmentReport``, written
/// last, atomically). `<phase>` is ``ContrastPhase/fileStem``; when several volumes share a phase (or are
/// unknown) each is named `<phase>_<volume name>`.
public enum Alignment {
    /// Options.
    public struct Options: Sendable {
        public var reference: AlignmentReference
        public var interpolation: Interpolation
        /// Align volumes whose FrameOfReferenceUID differs from the reference's (their patient coordinates
        /// may not match: the report says so).
        public var allowDifferentFrames: Bool
        public var phaseOverrides: PhaseOverrides
        /// Study key (`st-…`) to align when the folder holds several studies.
        public var study: String?
        /// zlib level of the `.nii.gz` files.
        public var compressionLevel: Int32
        /// Run ``PhaseImageCheck`` on the aligned phases (adds to the evidence and conflicts, never changes
        /// a phase).
        public var imageCheck: Bool
        /// The study's timepoint when its patient's other studies are known elsewhere (``PatientCourse``);
        /// `nil` = from the folder's own studies (``StudyTimeline``).
        public var timepoint: StudyTimepoint? = nil
        /// Keep every resampled image in ``Result/images`` (`process` pictures them for QA instead of
        /// resampling them again); off by default, so that only one image is held at a time.
        public var keepImages = false
        /// MR sequence types chosen by the user, by series key or volume name (``ProcessConfiguration/mrSequences``);
        /// keys of other studies are ignored.
        public var mrSequences: [String: MRSequenceType] = [:]

        public init(reference: AlignmentReference = .phase(nil), interpolation: Interpolation = .linear,
                    allowDifferentFrames: Bool = false, phaseOverrides: PhaseOverrides = PhaseOverrides(),
                    study: String? = nil, compressionLevel: Int32 = 6, imageCheck: Bool = true) {
            self.imageCheck = imageCheck
            self.reference = reference
            self.interpolation = interpolation
            self.allowDifferentFrames = allowDifferentFrames
            self.phaseOverrides = phaseOverrides
            self.study = study
            self.compressionLevel = compressionLevel
        }
    }

    /// What a run produced.
    public struct Result: Sendable {
        public var report: AlignmentReport
        /// `alignment.json`.
        public var reportURL: URL
        /// Files or volumes that could not be read (the others were aligned).
        public var failures: [DICOMError]
        /// Whether everything found was aligned.
        public var isComplete: Bool { failures.isEmpty }
        /// With ``Options/keepImages``: each aligned volume's image on the reference grid
        /// (`report.reference.geometry`, `report.interpolation`, `report.fillValue` outside), by the volume's
        /// plan index in the assembly; else empty.
        public var images: [Int: Volume<Float>] = [:]
    }

    /// Aligns the phases of the study in `input` into `output`.
    /// - Throws: ``AlignmentError`` (no volume, several studies, different frames of reference, missing
    ///   reference phase, bad overrides), ``DICOMError`` when the input cannot be listed, the output cannot
    ///   be written or no volume of the study loads, ``VolumeIOError`` when writing fails.
    public static func run(input: URL, output: URL, options: Options = Options()) throws -> Result {
        let scan = try FolderScan.scan(input)
        let assembly = SeriesAssembly(scan.instances)
        do {
            try FileManager.default.createDirectory(at: output.appendingPathComponent("aligned"), withIntermediateDirectories: true)
        } catch {
            throw DICOMError(.fileAccess, "cannot create the output folder (\(error.localizedDescription))", file: output.path)
        }
        let names = try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(Conversion.keyFile))
        return try run(assembly: assembly, failures: scan.failures + assembly.unplaceable, names: names, output: output, options: options)
    }

    /// Aligns the phases of a study already assembled (as ``run(input:output:options:)``), with the caller's
    /// pseudonym key; writes `aligned/` and `alignment.json` into `output`.
    /// - Parameter preloaded: volumes the caller already loaded, by plan index (not loaded again).
    public static func run(assembly: SeriesAssembly, failures scanFailures: [DICOMError], names: Pseudonymizer, output: URL,
                           options: Options = Options(), preloaded: [Int: LoadedVolume] = [:]) throws -> Result {
        do {
            try FileManager.default.createDirectory(at: output.appendingPathComponent("aligned"), withIntermediateDirectories: true)
        } catch {
            throw DICOMError(.fileAccess, "cannot create the output folder (\(error.localizedDescription))", file: output.path)
        }
        let mrOverrides = try VolumeKeyOverrides.resolve(options.mrSequences, assembly, names: names, strict: false)
        let phases = PhaseIdentifier.identify(assembly, overrides: try options.phaseOverrides.resolve(assembly, names: names),
                                              mrOverrides: mrOverrides)
        let timepoints = StudyTimeline.timepoints(assembly)

        // The study.
        // CT phases; an MR-only study aligns its MR sequences the same way (through patient coordinates).
        let primary = { (modality: String) in assembly.plans.indices.filter { assembly.isAnalysed(assembly.plans[$0]) && assembly.plans[$0].modality == modality } }
        let candidates = primary("CT").isEmpty ? primary("MR") : primary("CT")
        guard !candidates.isEmpty else { throw AlignmentError.noVolumes }
        let isMR = assembly.plans[candidates[0]].modality == "MR"
        let mrSequences = isMR ? MRSequenceIdentifier.identify(assembly, overrides: mrOverrides) : []
        let studyKeys = Dictionary(grouping: candidates) { names.studyKey(for: assembly.plans[$0]) }
        let studyKey: String
        if let wanted = options.study {
            guard studyKeys[wanted] != nil else { throw AlignmentError.unknownStudy(wanted) }
            studyKey = wanted
        } else if studyKeys.count == 1 {
            studyKey = studyKeys.keys.first!
        } else {
            throw AlignmentError.severalStudies(studyKeys.keys.sorted().map { "\($0) (\(timepoints[studyKeys[$0]![0]].label))" })
        }
        let members = studyKeys[studyKey]!

        // Load.
        var failures = scanFailures
        var loaded: [(plan: Int, volume: LoadedVolume)] = []
        for n in members {
            if let v = preloaded[n] {
                loaded.append((n, v))
                continue
            }
            do {
                let v = try VolumeLoader.load(assembly.plans[n], instances: assembly.instances)
                failures += v.fileErrors
                loaded.append((n, v))
            } catch let error as DICOMError {
                failures.append(error)
            }
        }
        guard !loaded.isEmpty else { throw failures.first ?? DICOMError(.missingAttribute, "no volume of the study could be loaded") }

        // Reference grid and frames of reference.
        let geometries = loaded.map { $0.volume.data.geometry }
        let phaseOf = loaded.map { phases[$0.plan] }
        let referenceVolume: Int
        let grid: VolumeGeometry
        var reference: AlignmentReport.Reference
        switch options.reference {
        case .phase(let choice):
            referenceVolume = try AlignmentGeometry.referenceIndex(choice, phases: phaseOf, geometries: geometries)
            grid = geometries[referenceVolume]
            reference = AlignmentReport.Reference(kind: "phase", phase: phaseOf[referenceVolume].phase,
                                                  volume: names.volumeName(for: loaded[referenceVolume].volume.plan), geometry: grid)
        case .isotropic(let spacing, let coverage):
            referenceVolume = try AlignmentGeometry.referenceIndex(nil, phases: phaseOf, geometries: geometries)
            do {
                grid = try VolumeGeometry.isotropicGrid(covering: geometries, spacing: spacing, coverage: coverage)
            } catch VolumeModuleError.directionMismatch {
                throw AlignmentError.directionMismatch
            } catch VolumeModuleError.emptyIntersection {
                throw AlignmentError.emptyIntersection
            }
            reference = AlignmentReport.Reference(kind: "isotropic", spacing: spacing, coverage: coverage, geometry: grid)
        }
        let referencePlan = loaded[referenceVolume].volume.plan
        let sharesFrame = loaded.indices.map { $0 == referenceVolume || loaded[$0].volume.plan.sharesFrameOfReference(with: referencePlan) }
        var warnings: [String] = []
        if sharesFrame.contains(false) {
            let odd = loaded.indices.filter { !sharesFrame[$0] }.map { names.volumeName(for: loaded[$0].volume.plan) }
            guard options.allowDifferentFrames else { throw AlignmentError.differentFramesOfReference(odd) }
            warnings.append("volume(s) \(odd.joined(separator: ", ")) do not share the reference's FrameOfReferenceUID; aligned anyway "
                + "(--allow-different-frames): their patient coordinates may not match")
        }
        if reference.kind == "isotropic" { reference.volume = nil }

        // File names.
        let counts = Dictionary(grouping: phaseOf, by: \.phase).mapValues(\.count)
        // MR: the sequence label (t2w, dwi_b800, t1w_arterial…), with the volume name when not unique.
        let mrLabels = loaded.map { v in mrSequences.isEmpty ? nil : mrSequences[v.plan]?.fileLabel(bValue: v.volume.plan.diffusion?.bValue) }
        let mrStems = MRFileStems.stems(loaded.indices.compactMap { n in
            mrLabels[n].map { .init(volume: names.volumeName(for: loaded[n].volume.plan), label: $0,
                                    isScannerTrace: loaded[n].volume.plan.diffusion?.isotropic == true) }
        })
        func stem(_ n: Int) -> String {
            if mrLabels[n] != nil, let s = mrStems[names.volumeName(for: loaded[n].volume.plan)] { return s }
            let p = phaseOf[n].phase
            return p != .unknown && counts[p] == 1 ? p.fileStem : p.fileStem + "_" + names.volumeName(for: loaded[n].volume.plan)
        }

        // Resample and write, one volume at a time.
        let fill = loaded.first.map { $0.volume.report.fillValue } ?? -1024
        var entries: [AlignmentReport.Entry] = []
        let stride = PhaseImageCheck.stride(for: grid)
        let imageCheckOn = options.imageCheck && !isMR  // the check reads enhancement in HU: CT only
        var samples: [(values: [Float], valid: [UInt8])] = []
        var images: [Int: Volume<Float>] = [:]
        for n in loaded.indices {
            let source = loaded[n].volume
            let image = try source.data.resampled(onto: grid, interpolation: options.interpolation, defaultValue: fill)
            let valid = try AlignmentGeometry.validityMask(of: source.data.geometry, on: grid)
            let file = "aligned/\(stem(n)).nii.gz", mask = "aligned/\(stem(n))-valid.nii.gz"
            try NIfTI.write(image, to: output.appendingPathComponent(file), compressionLevel: options.compressionLevel)
            try NIfTI.write(valid, to: output.appendingPathComponent(mask), compressionLevel: options.compressionLevel)
            if imageCheckOn { samples.append(PhaseImageCheck.sample(image, valid: valid, stride: stride)) }
            if options.keepImages { images[loaded[n].plan] = image }
            let inside = valid.count(of: 1)
            let offset = AlignmentGeometry.offset(of: source.data.geometry, from: grid)
            entries.append(AlignmentReport.Entry(
                file: file, validMask: mask, volume: names.volumeName(for: source.plan), seriesKey: names.seriesKey(for: source.plan),
                phase: phaseOf[n], isReference: reference.kind == "phase" && n == referenceVolume,
                sourceGeometry: source.data.geometry, sliceThickness: source.report.acquisition.sliceThickness,
                fieldOfViewOffset: offset.vector, tableOffset: offset.table,
                overlapFraction: Double(inside) / Double(max(1, grid.voxelCount)), validVoxels: inside,
                filledVoxels: grid.voxelCount - inside, sharesFrameOfReference: sharesFrame[n], warnings: source.report.warnings))
        }
        var imageCheck: PhaseImageCheck?
        if imageCheckOn {
            let (check, notes) = PhaseImageCheck.evaluate(values: samples.map(\.values), valid: samples.map(\.valid),
                                                          phases: phaseOf.map(\.phase), volumes: entries.map(\.volume))
            imageCheck = check
            for n in entries.indices {
                entries[n].phase.evidence += notes[n]
                entries[n].phase.conflicts += notes[n].filter { $0.hasPrefix("image check contradicts") }
            }
        }
        entries.sort { ($0.phase.phase, $0.volume) < ($1.phase.phase, $1.volume) }
        let report = AlignmentReport(
            generator: AlignmentReport.generatorName, studyKey: studyKey, timepoint: options.timepoint ?? timepoints[members[0]], reference: reference,
            interpolation: options.interpolation, fillValue: fill, voxelType: "float32", phases: entries, imageCheck: imageCheck,
            warnings: warnings)
        let reportURL = output.appendingPathComponent("alignment.json")
        try JSONSidecar.write(report, to: reportURL)
        return Result(report: report, reportURL: reportURL, failures: failures, images: images)
    }
}
