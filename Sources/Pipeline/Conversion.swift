import DICOMBackend
import Foundation
import VolumeIO
import VolumeModule

/// Converts every volume found in a folder of DICOM files to image files plus JSON sidecars:
/// `<output>/<studyKey>/<seriesKey>_<n>.<ext>` and `.json`. Bad files are reported and skipped; every
/// other volume is converted. Volumes are processed one at a time so memory stays bounded by the largest.
///
/// Every DICOM SEG segment and RTSTRUCT ROI is written beside the volume it references, on exactly that
/// volume's grid (``SegmentationImport``: `<volume>_seg<k>-<n>.<ext>`, `-fraction` files, `<volume>_seg<k>.json`,
/// optionally `<volume>.seg.nrrd`). A SEG/RTSTRUCT that cannot be read or placed is a failure naming its file;
/// a SEG whose image series is not in the folder is written on its own frames' grid (`seg<k>_own-grid-<n>`) with a
/// warning in its sidecar.
public struct Conversion: Sendable {
    /// Options.
    public struct Options: Sendable {
        public var format: OutputFormat
        public var load: LoadOptions
        /// zlib level for compressed outputs.
        public var compressionLevel: Int32
        /// Phases chosen by the user (they win over ``PhaseIdentifier`` in the sidecars).
        public var phaseOverrides: PhaseOverrides
        /// SEG segment labels / RTSTRUCT ROI names to write (case-insensitive); `nil` = all.
        public var segmentNames: [String]?
        /// RTSTRUCT partial-volume masks: `n` → `n × n` in-plane samples per pixel (float32 `-fraction` files).
        public var partialVolume: Int?
        /// Also write a Slicer `.seg.nrrd` per volume that has segments.
        public var slicerSegmentation: Bool
        /// Diffusion MR: the ADC is fitted to the b-values at or above this, s/mm²; 0 = all (``DiffusionOutputs``).
        public var adcLowBCutoff: Double = 0

        public init(format: OutputFormat = .niftiGz, load: LoadOptions = LoadOptions(), compressionLevel: Int32 = 6,
                    phaseOverrides: PhaseOverrides = PhaseOverrides(), segmentNames: [String]? = nil, partialVolume: Int? = nil,
                    slicerSegmentation: Bool = false) {
            self.format = format
            self.load = load
            self.compressionLevel = compressionLevel
            self.phaseOverrides = phaseOverrides
            self.segmentNames = segmentNames
            self.partialVolume = partialVolume
            self.slicerSegmentation = slicerSegmentation
        }

        /// The options of the segmentation import.
        var segmentations: SegmentationImport.Options {
            SegmentationImport.Options(format: format, compressionLevel: compressionLevel, names: segmentNames,
                                       partialVolume: partialVolume, slicerSegmentation: slicerSegmentation)
        }
    }

    /// One written volume.
    public struct Written: Sendable {
        public var studyKey: String
        public var volume: String
        /// Paths of the image and the sidecar.
        public var image: URL
        public var sidecar: URL
        public var report: VolumeReport
        /// The phase written into the sidecar.
        public var phase: PhaseIdentification? = nil
        /// SEG/RTSTRUCT objects written beside this volume.
        public var segmentations: [SegmentationImport.Imported] = []
        /// The Slicer `.seg.nrrd`, when asked for and there are segments.
        public var slicerSegmentation: URL? = nil
    }

    /// What happened.
    public struct Result: Sendable {
        public var written: [Written] = []
        /// Files or volumes that failed, with reasons.
        public var failures: [DICOMError] = []
        /// Files skipped on purpose (DICOMDIR, hidden) or non-volume objects, as (path, reason).
        public var skipped: [(path: String, reason: String)] = []
        /// SEGs whose referenced series is absent, written on their own frames' grid into their study folder.
        public var ownGrid: [(studyKey: String, imported: SegmentationImport.Imported)] = []
        /// Trace-weighted images and ADC maps of diffusion series, as `<studyKey>/<file>` (``DiffusionOutputs``).
        public var diffusionMaps: [String] = []
        /// Why a diffusion series got no maps (series key only).
        public var diffusionWarnings: [String] = []

        /// Whether everything found was converted.
        public var isComplete: Bool { failures.isEmpty }
    }

    /// Name of the key file under the output folder (HMAC secret for output names).
    public static let keyFile = ".radstation/pseudonym.key"

    /// Runs a conversion.
    /// - Parameter progress: called after each volume with (done, total).
    /// - Throws: ``DICOMError`` only when the input cannot be listed or the output cannot be created,
    ///   ``AlignmentError/unknownOverrideKey(_:)`` for a phase override naming no volume; everything else is
    ///   collected in the result.
    public static func run(input: URL, output: URL, options: Options = Options(),
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> Result {
        let scan = try FolderScan.scan(input)
        let assembly = SeriesAssembly(scan.instances)
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw DICOMError(.fileAccess, "cannot create the output folder (\(error.localizedDescription))", file: output.path)
        }
        let names = try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(keyFile))
        let phases = PhaseIdentifier.identify(assembly, overrides: try options.phaseOverrides.resolve(assembly, names: names))
        let timepoints = StudyTimeline.timepoints(assembly)
        let mr = MRSidecarParts.all(assembly)
        var result = Result()
        result.failures = scan.failures + assembly.unplaceable
        let segmentations = SegmentationObject.read(assembly.instances)
        let objectPaths = Set(segmentations.objects.map(\.path) + segmentations.failures.compactMap(\.file))
        result.failures += segmentations.failures
        result.skipped = scan.skipped + assembly.otherObjects.filter { !objectPaths.contains($0.path) }.map { ($0.path, $0.kind) }
        var targets: [Int: [SegmentationObject]] = [:]
        var orphans: [SegmentationObject] = []
        for object in segmentations.objects {
            do { targets[try object.target(among: assembly.plans), default: []].append(object) } catch let error as DICOMError {
                // A SEG referencing no volume of the folder is still placed on its own frames' grid.
                if object.kind == .seg, !assembly.plans.contains(where: object.references) { orphans.append(object) } else {
                    result.failures.append(error)
                }
            } catch {
                result.failures.append(DICOMError(.internalError, "\(error)", file: object.path))
            }
        }
        var foundNames = Set<String>()
        var diffusionVolumes: [Int: Volume<Float>] = [:]  // loaded diffusion volumes, for their maps (streamed ones are not)
        for (n, plan) in assembly.plans.enumerated() {
            defer { progress(n + 1, assembly.plans.count) }
            do {
                if options.format == .nifti, targets[n] == nil,
                   let written = try writeStreamed(plan, instances: assembly.instances, phase: phases[n], timepoint: timepoints[n],
                                                   names: names, to: output, options: options, mr: mr[n]) {
                    result.written.append(written)
                    continue
                }
                let loaded = try VolumeLoader.load(plan, instances: assembly.instances, options: options.load)
                if plan.role == .primary && plan.diffusion != nil { diffusionVolumes[n] = loaded.data.floatVolume }
                result.failures += loaded.fileErrors
                var written = try write(loaded, phase: phases[n], timepoint: timepoints[n], names: names, to: output, options: options,
                                        mr: mr[n])
                result.failures += writeSegmentations(targets[n] ?? [], beside: &written, loaded: loaded, options: options)
                for object in targets[n] ?? [] { foundNames.formUnion(object.descriptions.map { $0.label.lowercased() }) }
                result.written.append(written)
            } catch var error as DICOMError {
                if error.code == .limitExceeded { error.message = "volume \(names.volumeName(for: plan)): " + error.message }
                result.failures.append(error)
            } catch let error as VolumeIOError {
                result.failures.append(DICOMError(.fileAccess, error.description))
            } catch {
                result.failures.append(DICOMError(.internalError, "\(error)"))
            }
        }
        writeDiffusionMaps(assembly, loaded: diffusionVolumes, names: names, output: output, options: options, into: &result)
        for object in orphans {
            guard let instance = assembly.instances.first(where: { $0.path == object.path }), let study = names.studyKey(for: instance) else {
                result.failures.append(DICOMError(.missingAttribute, "the segmentation has no StudyInstanceUID", file: object.path))
                continue
            }
            do {
                if let imported = try SegmentationImport.writeOnOwnGrid(object, folder: output.appendingPathComponent(study),
                                                                        options: options.segmentations) {
                    result.ownGrid.append((study, imported))
                    foundNames.formUnion(object.descriptions.map { $0.label.lowercased() })
                }
            } catch let error as DICOMError {
                result.failures.append(error)
            } catch {
                result.failures.append(DICOMError(.fileAccess, "its masks could not be written (\(error))", file: object.path))
            }
        }
        for name in options.segmentNames ?? [] where !foundNames.contains(name.lowercased()) {
            result.failures.append(DICOMError(.missingAttribute, "no SEG segment or RTSTRUCT ROI named \"\(name)\" on a converted volume"))
        }
        return result
    }

    /// Writes the masks of `objects` beside the volume `written`, and its `.seg.nrrd` when asked.
    /// - Returns: one error per object that failed, naming its file.
    private static func writeSegmentations(_ objects: [SegmentationObject], beside written: inout Written, loaded: LoadedVolume,
                                           options: Options) -> [DICOMError] {
        var failures: [DICOMError] = []
        let folder = written.image.deletingLastPathComponent()
        for object in objects {
            do {
                if let imported = try SegmentationImport.write(object, onto: (written.volume, loaded), folder: folder,
                                                               options: options.segmentations) {
                    written.segmentations.append(imported)
                }
            } catch let error as DICOMError {
                failures.append(error)
            } catch {
                failures.append(DICOMError(.fileAccess, "its masks could not be written (\(error))", file: object.path))
            }
        }
        if options.slicerSegmentation {
            do {
                written.slicerSegmentation = try SegmentationImport.writeSlicerSegmentation(
                    written.segmentations, volume: written.volume, geometry: loaded.data.geometry, folder: folder,
                    compressionLevel: options.compressionLevel)
            } catch {
                failures.append(DICOMError(.fileAccess, "the Slicer segmentation of \(written.volume) could not be written (\(error))"))
            }
        }
        return failures
    }

    private static func write(_ loaded: LoadedVolume, phase: PhaseIdentification, timepoint: StudyTimepoint, names: Pseudonymizer,
                              to output: URL, options: Options, mr: MRSidecarParts?) throws -> Written {
        try write(loaded, phase: phase, timepoint: timepoint, names: names,
                  into: output.appendingPathComponent(names.studyKey(for: loaded.plan)), options: options, mr: mr)
    }

    /// The trace-weighted images and ADC of every diffusion series (primary volumes with a b-value), beside the
    /// series' volumes in their study folder, as `process` writes them. `loaded`: volumes already in memory, by plan
    /// index; the others (written streamed) are loaded again.
    private static func writeDiffusionMaps(_ assembly: SeriesAssembly, loaded: [Int: Volume<Float>], names: Pseudonymizer, output: URL,
                                           options: Options, into result: inout Result) {
        let plans = assembly.plans.indices.filter { assembly.plans[$0].role == .primary && assembly.plans[$0].diffusion != nil }
        for (studyKey, members) in Dictionary(grouping: plans, by: { names.studyKey(for: assembly.plans[$0]) }).sorted(by: { $0.key < $1.key }) {
            var sources: [DiffusionOutputs.Source] = []
            for n in members {
                let plan = assembly.plans[n]
                guard let encoding = plan.diffusion,
                      let volume = loaded[n] ?? (try? VolumeLoader.load(plan, instances: assembly.instances, options: options.load))?.data.floatVolume
                else { continue }
                sources.append(.init(name: names.volumeName(for: plan), seriesKey: names.seriesKey(for: plan), bValue: encoding.bValue,
                                     volume: volume, isotropic: encoding.isotropic))
            }
            let written = DiffusionOutputs.write(sources, studyKey: studyKey, into: output.appendingPathComponent(studyKey),
                                                 format: options.format, lowBCutoff: options.adcLowBCutoff,
                                                 compressionLevel: options.compressionLevel)
            result.diffusionMaps += written.files.map { "\(studyKey)/\($0)" }
            result.diffusionWarnings += written.warnings
        }
    }

    /// Writes one volume and its sidecar (with its phase and timepoint) into `folder` (created if needed)
    /// as `<seriesKey>_<n>.<ext>`.
    static func write(_ loaded: LoadedVolume, phase: PhaseIdentification, timepoint: StudyTimepoint, names: Pseudonymizer,
                      into folder: URL, options: Options, mr: MRSidecarParts? = nil) throws -> Written {
        let volume = names.volumeName(for: loaded.plan)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let image = folder.appendingPathComponent("\(volume).\(options.format.fileExtension)")
        switch (loaded.data, options.format) {
        case (.int16(let v), .nifti), (.int16(let v), .niftiGz):
            try NIfTI.write(v, to: image, compressionLevel: options.compressionLevel)
        case (.float32(let v), .nifti), (.float32(let v), .niftiGz):
            try NIfTI.write(v, to: image, compressionLevel: options.compressionLevel)
        case (.int16(let v), .nrrd), (.int16(let v), .nrrdRaw):
            try NRRD.write(v, to: image, gzip: options.format == .nrrd, compressionLevel: options.compressionLevel)
        case (.float32(let v), .nrrd), (.float32(let v), .nrrdRaw):
            try NRRD.write(v, to: image, gzip: options.format == .nrrd, compressionLevel: options.compressionLevel)
        }
        return try writeSidecar(loaded.report, plan: loaded.plan, image: image, phase: phase, timepoint: timepoint, names: names, mr: mr)
    }

    /// Writes the sidecar `<volume>.json` beside `image`.
    private static func writeSidecar(_ report: VolumeReport, plan: VolumePlan, image: URL, phase: PhaseIdentification,
                                     timepoint: StudyTimepoint, names: Pseudonymizer, mr: MRSidecarParts?) throws -> Written {
        let studyKey = names.studyKey(for: plan)
        let volume = names.volumeName(for: plan)
        let sidecarURL = image.deletingLastPathComponent().appendingPathComponent("\(volume).json")
        let sidecar = Sidecar(generator: Sidecar.generatorName, studyKey: studyKey, seriesKey: names.seriesKey(for: plan),
                              volume: volume, image: image.lastPathComponent, report: report, phase: phase, timepoint: timepoint,
                              frameOfReferenceKey: names.frameOfReferenceKey(for: plan), bValue: plan.diffusion?.bValue,
                              diffusionDirection: plan.diffusion?.direction.map { [$0.x, $0.y, $0.z] },
                              diffusionDirectionality: plan.diffusion?.isotropic == true ? "ISOTROPIC" : nil,
                              bValueAssumed: plan.diffusion?.bValueAssumed == true ? true : nil,
                              mrSequence: mr?.sequence, bids: mr?.bids)
        try JSONSidecar.write(sidecar, to: sidecarURL)
        return Written(studyKey: studyKey, volume: volume, image: image, sidecar: sidecarURL, report: report, phase: phase)
    }

    /// Writes one volume as a raw `.nii` slice by slice while its planes are decoded
    /// (``VolumeLoader/streamInt16(_:instances:options:open:)`` into a ``NIfTIPlaneWriter``), so the volume
    /// never exists in memory; same bytes and sidecar as ``write(_:phase:timepoint:names:into:options:)``.
    /// - Returns: `nil` when the volume does not stream (resampled, non-integral rescale, float values, a slice
    ///   that fails to decode): nothing is left behind and the caller loads the volume whole.
    private static func writeStreamed(_ plan: VolumePlan, instances: [DICOMInstance], phase: PhaseIdentification,
                                      timepoint: StudyTimepoint, names: Pseudonymizer, to output: URL, options: Options,
                                      mr: MRSidecarParts?) throws -> Written? {
        let folder = output.appendingPathComponent(names.studyKey(for: plan))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let image = folder.appendingPathComponent("\(names.volumeName(for: plan)).\(options.format.fileExtension)")
        var writer: NIfTIPlaneWriter?
        let streamed = try VolumeLoader.streamInt16(plan, instances: instances, options: options.load) { grid in
            let opened = try NIfTIPlaneWriter(url: image, geometry: grid, voxelType: .int16)
            writer = opened
            return { k, plane in try opened.write(plane: k, plane) }
        }
        guard let streamed, let writer else {
            writer?.discard()
            return nil
        }
        try writer.commit()
        return try writeSidecar(streamed.report, plan: plan, image: image, phase: phase, timepoint: timepoint, names: names, mr: mr)
    }
}
