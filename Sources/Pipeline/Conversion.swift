import DICOMBackend
import Foundation
import VolumeIO
import VolumeModule

/// Converts every volume found in a folder of DICOM files to image files plus JSON sidecars:
/// `<output>/<studyKey>/<seriesKey>_<n>.<ext>` and `.json`. Bad files are reported and skipped; every
/// other volume is converted. Volumes are processed one at a time so memory stays bounded by the largest.
public struct Conversion: Sendable {
    /// Options.
    public struct Options: Sendable {
        public var format: OutputFormat
        public var load: LoadOptions
        /// zlib level for compressed outputs.
        public var compressionLevel: Int32
        /// Phases chosen by the user (they win over ``PhaseIdentifier`` in the sidecars).
        public var phaseOverrides: PhaseOverrides

        public init(format: OutputFormat = .niftiGz, load: LoadOptions = LoadOptions(), compressionLevel: Int32 = 6,
                    phaseOverrides: PhaseOverrides = PhaseOverrides()) {
            self.format = format
            self.load = load
            self.compressionLevel = compressionLevel
            self.phaseOverrides = phaseOverrides
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
    }

    /// What happened.
    public struct Result: Sendable {
        public var written: [Written] = []
        /// Files or volumes that failed, with reasons.
        public var failures: [DICOMError] = []
        /// Files skipped on purpose (DICOMDIR, hidden) or non-volume objects, as (path, reason).
        public var skipped: [(path: String, reason: String)] = []

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
        var result = Result()
        result.failures = scan.failures + assembly.unplaceable
        result.skipped = scan.skipped + assembly.otherObjects.map { ($0.path, $0.kind) }
        for (n, plan) in assembly.plans.enumerated() {
            defer { progress(n + 1, assembly.plans.count) }
            do {
                let loaded = try VolumeLoader.load(plan, instances: assembly.instances, options: options.load)
                result.failures += loaded.fileErrors
                result.written.append(try write(loaded, phase: phases[n], timepoint: timepoints[n], names: names, to: output,
                                                options: options))
            } catch let error as DICOMError {
                result.failures.append(error)
            } catch let error as VolumeIOError {
                result.failures.append(DICOMError(.fileAccess, error.description))
            } catch {
                result.failures.append(DICOMError(.internalError, "\(error)"))
            }
        }
        return result
    }

    private static func write(_ loaded: LoadedVolume, phase: PhaseIdentification, timepoint: StudyTimepoint, names: Pseudonymizer,
                              to output: URL, options: Options) throws -> Written {
        try write(loaded, phase: phase, timepoint: timepoint, names: names,
                  into: output.appendingPathComponent(names.studyKey(for: loaded.plan)), options: options)
    }

    /// Writes one volume and its sidecar (with its phase and timepoint) into `folder` (created if needed)
    /// as `<seriesKey>_<n>.<ext>`.
    static func write(_ loaded: LoadedVolume, phase: PhaseIdentification, timepoint: StudyTimepoint, names: Pseudonymizer,
                      into folder: URL, options: Options) throws -> Written {
        let studyKey = names.studyKey(for: loaded.plan)
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
        let sidecarURL = folder.appendingPathComponent("\(volume).json")
        let sidecar = Sidecar(generator: Sidecar.generatorName, studyKey: studyKey, seriesKey: names.seriesKey(for: loaded.plan),
                              volume: volume, image: image.lastPathComponent, report: loaded.report, phase: phase, timepoint: timepoint)
        try JSONSidecar.write(sidecar, to: sidecarURL)
        return Written(studyKey: studyKey, volume: volume, image: image, sidecar: sidecarURL, report: loaded.report, phase: phase)
    }
}
