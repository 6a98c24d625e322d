import Foundation
import VolumeIO
import VolumeModule

/// Registers a follow-up (fixed) CT to its baseline (moving) with the `elastix` command line (Debian package
/// `elastix`, 5.0.1): rigid (`EulerTransform`) then affine, Mattes mutual information, multi-resolution,
/// adaptive stochastic gradient descent (the committed ``ElastixParameterFiles``).
///
/// The images (and masks) are written as NIfTI-1 exactly as SimpleITK writes them, so elastix (ITK) reads the
/// same LPS geometry; elastix runs in a private work folder (removed afterwards unless ``keepsWorkFolder``),
/// with `-threads` and a wall-clock limit. The result's transform maps fixed (follow-up) LPS points to moving
/// (baseline) LPS points (elastix manual §2.6 and §4 "Transforms": "the transformation is defined as a mapping
/// from the fixed image to the moving image domain").
///
/// Masks restrict the metric: a **fixed mask** (`-fMask`) limits where samples are drawn in the follow-up; a
/// **moving mask** (`-mMask`) discards samples whose mapped point falls outside it (baseline liver/tumour,
/// dilated by the caller, e.g. by 20 mm). With a small moving mask most random samples are discarded, hence
/// `RequiredRatioOfValidSamples 0.05` in the parameter files. Masks are binary (non-zero = inside).
public struct ElastixRegistration: Sendable {
    /// The elastix executable; `nil` finds `elastix` on `PATH`.
    public var executable: URL?
    /// Parameter files, one stage each, in order (default: the committed rigid and affine files).
    public var parameterFiles: [URL]
    /// elastix's `-threads` (default 2).
    public var threads: Int
    /// Wall-clock limit in seconds; elastix is killed after it (default 300).
    public var timeout: Double
    /// Where the private work folder is created (default: the system temporary folder).
    public var workParent: URL
    /// Keep the work folder (images, `elastix.log`, `TransformParameters.*.txt`) for inspection.
    public var keepsWorkFolder: Bool
    /// When set, fixed and moving images are first resampled (trilinear, through patient coordinates) to at
    /// most this spacing in mm per axis (finer axes are coarsened, coarser ones kept), so elastix reads and
    /// pyramids fewer voxels. The transform is in mm, so it applies to the original grids unchanged.
    public var workingSpacing: Vector3?

    /// A registration with the committed parameter files.
    /// - Parameters:
    ///   - threads: elastix `-threads`.
    ///   - timeout: wall-clock limit in seconds.
    ///   - workingSpacing: see ``workingSpacing`` (`nil`: the images as they are).
    /// - Throws: ``RegistrationError/workFolderFailed(reason:)`` when the bundled files are missing.
    public init(threads: Int = 2, timeout: Double = 300, workingSpacing: Vector3? = Vector3(1.5, 1.5, 2.5)) throws {
        guard let rigid = ElastixParameterFiles.rigid, let affine = ElastixParameterFiles.affine else {
            throw RegistrationError.workFolderFailed(reason: "bundled elastix parameter files are missing")
        }
        self.executable = nil
        self.parameterFiles = [rigid, affine]
        self.threads = threads
        self.timeout = timeout
        self.workParent = FileManager.default.temporaryDirectory
        self.keepsWorkFolder = false
        self.workingSpacing = workingSpacing
    }

    /// Registers `fixed` (follow-up) to `moving` (baseline).
    /// - Parameters:
    ///   - fixed: the follow-up image (HU), its own grid.
    ///   - moving: the baseline image (HU).
    ///   - fixedMask: optional follow-up region (non-zero inside), on `fixed`'s grid or any grid (resampled).
    ///   - movingMask: optional baseline region (e.g. liver + tumour dilated by N mm), non-zero inside.
    /// - Returns: the transform (fixed → moving) with method, per-stage final metric and wall time.
    /// - Throws: ``RegistrationError``.
    public func register(fixed: Volume<Float>, moving: Volume<Float>, fixedMask: Mask? = nil,
                         movingMask: Mask? = nil) throws -> RegistrationResult {
        let start = Date()
        guard let elastix = executable ?? ElastixProcess.locate("elastix"),
              FileManager.default.isExecutableFile(atPath: elastix.path)
        else { throw RegistrationError.elastixMissing(debianPackage: "elastix") }
        let work = workParent.appendingPathComponent("radstation-elastix-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch { throw RegistrationError.workFolderFailed(reason: "cannot create the work folder") }
        defer { if !keepsWorkFolder { try? FileManager.default.removeItem(at: work) } }

        let fixedImage = try working(fixed), movingImage = try working(moving)
        var arguments = ["-f", try write(fixedImage, "fixed.nii", in: work),
                         "-m", try write(movingImage, "moving.nii", in: work)]
        if let mask = fixedMask {
            let binary = try mask.map { $0 == 0 ? UInt8(0) : 1 }.resampledNearest(onto: fixedImage.geometry)
            arguments += ["-fMask", try write(binary, "fixed-mask.nii", in: work)]
        }
        if let mask = movingMask {
            let binary = try mask.map { $0 == 0 ? UInt8(0) : 1 }.resampledNearest(onto: movingImage.geometry)
            arguments += ["-mMask", try write(binary, "moving-mask.nii", in: work)]
        }
        for p in parameterFiles { arguments += ["-p", p.path] }
        arguments += ["-out", work.path, "-threads", String(max(1, threads))]

        let logURL = work.appendingPathComponent("elastix-output.txt")
        let status = try ElastixProcess.run(elastix, arguments, log: logURL, timeout: timeout)
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        let last = work.appendingPathComponent("TransformParameters.\(parameterFiles.count - 1).txt")
        guard status == 0, FileManager.default.fileExists(atPath: last.path) else {
            throw RegistrationError.elastixFailed(exitStatus: status, logTail: ElastixLog.tail(log, workFolder: work.path))
        }
        let (transform, names) = try ElastixTransformChain.read(last)
        let metrics = ElastixLog.finalMetrics(log)
        let stages = names.enumerated().map { n, name in
            RegistrationResult.Stage(transform: name, finalMetric: n < metrics.count ? metrics[n] : nil)
        }
        let restriction = [fixedMask.map { _ in "fixed" }, movingMask.map { _ in "moving" }].compactMap { $0 }
        return RegistrationResult(
            method: "elastix \(Self.version(log) ?? "") \(stages.map { $0.transform }.joined(separator: "+")), "
                + "AdvancedMattesMutualInformation, multi-resolution, adaptive stochastic gradient descent",
            sameFrameOfReference: false, transform: transform, stages: stages,
            restriction: restriction.isEmpty ? nil : restriction.joined(separator: "+"),
            seconds: Date().timeIntervalSince(start))
    }

    /// The image elastix sees: `image`, or its resampling to ``workingSpacing`` (same origin and direction).
    func working(_ image: Volume<Float>) throws -> Volume<Float> {
        guard let limit = workingSpacing else { return image }
        let g = image.geometry
        let spacing = Vector3(max(g.spacing.x, limit.x), max(g.spacing.y, limit.y), max(g.spacing.z, limit.z))
        guard spacing != g.spacing else { return image }
        func count(_ n: Int, _ old: Double, _ new: Double) -> Int { max(1, Int((Double(n) * old / new).rounded(.down))) }
        let target = VolumeGeometry(size: Size3(count(g.size.i, g.spacing.x, spacing.x), count(g.size.j, g.spacing.y, spacing.y),
                                                count(g.size.k, g.spacing.z, spacing.z)),
                                    spacing: spacing, origin: g.origin, direction: g.direction)
        return try image.resampled(onto: target, interpolation: .linear, defaultValue: -1024)
    }

    private func write<V: StorableVoxel>(_ volume: Volume<V>, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        do { try NIfTI.write(volume, to: url) } catch {
            throw RegistrationError.workFolderFailed(reason: "cannot write \(name)")
        }
        return url.path
    }

    /// The log's `ELASTIX version: 5.0.1` line → `5.0.1`.
    static func version(_ log: String) -> String? {
        for line in log.split(whereSeparator: \.isNewline) where line.lowercased().contains("elastix version:") {
            return line.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
