import ArgumentParser
import DICOMBackend
import Foundation
import Pipeline
import VolumeModule

extension FieldOfViewCoverage: ExpressibleByArgument {}
extension Interpolation: ExpressibleByArgument {}

/// `radstation align <study> --out <dir>`: the phases of one study on one grid, without registration.
struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify the contrast phases of a study and resample them onto one grid through patient coordinates.",
        discussion: """
            Phases (NON_CONTRAST, ARTERIAL, PORTAL_VENOUS, DELAYED, UNKNOWN) come from Contrast/Bolus Agent Phase \
            (0018,9344), then acquisition time relative to ContrastBolusStartTime (0018,1042), missing contrast \
            tags, acquisition order and series description keywords, with a confidence (high/medium/low) and the \
            evidence in alignment.json. --phase and --phase-map always win (keys: series keys se-… or volume names \
            se-…_n as printed by convert/align with the same --out). An image check on the aligned phases (lowest \
            mean tissue HU = non-contrast, highest vessel peak = arterial, highest mean = portal venous) confirms \
            the phases or reports a conflict; it never changes them.
            No image registration: phases must share a FrameOfReferenceUID (refused otherwise unless \
            --allow-different-frames). Output: <out>/aligned/<phase>.nii.gz (float32, one identical affine), \
            <out>/aligned/<phase>-valid.nii.gz (1 inside the phase's field of view, 0 where -1024 HU was filled), \
            <out>/alignment.json (reference grid, per-phase table offset, overlap fraction, phase evidence, timepoint).
            Exit code 0: all aligned; 3: some files failed, the rest aligned; 1: nothing aligned.
            """)

    @Argument(help: "Folder with the DICOM files of one study (scanned recursively).")
    var study: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(help: "Reference grid: a phase (arterial, pv, nc, delayed) or iso. Default: the arterial grid, else portal venous.")
    var reference: String?

    @Option(help: "Voxel size in mm of the iso reference grid.")
    var spacing: Double = 1

    @Option(help: "Field of view of the iso grid: union or intersection of the phases'.")
    var coverage: FieldOfViewCoverage = .union

    @Option(help: "Interpolation: nearest, linear or bSpline.")
    var interpolation: Interpolation = .linear

    @Option(name: .customLong("phase"), help: "Override a phase: KEY=PHASE (repeatable).")
    var phases: [String] = []

    @Option(help: "Phase overrides from a file: JSON object or 'KEY: PHASE' lines.")
    var phaseMap: String?

    @Option(name: .customLong("study-key"), help: "Study key (st-…) to align when the folder holds several studies.")
    var studyKey: String?

    @Flag(help: "Align volumes with different FrameOfReferenceUIDs anyway (their coordinates may not match).")
    var allowDifferentFrames = false

    @Option(help: "zlib compression level (1 fastest … 9 smallest).")
    var compressionLevel: Int32 = 6

    func validate() throws {
        guard (1...9).contains(compressionLevel) else { throw ValidationError("--compression-level must be 1…9") }
        guard spacing > 0, spacing.isFinite else { throw ValidationError("--spacing must be a positive number of mm") }
        if let reference, referenceChoice(reference) == nil {
            throw ValidationError("--reference must be arterial, pv, nc, delayed or iso")
        }
        _ = try overrides()
    }

    private func referenceChoice(_ text: String) -> AlignmentReference? {
        if ["iso", "isotropic"].contains(text.lowercased()) { return .isotropic(spacing: spacing, coverage: coverage) }
        guard let phase = ContrastPhase(userText: text), phase != .unknown else { return nil }
        return .phase(phase)
    }

    private func overrides() throws -> PhaseOverrides {
        do {
            var o = try PhaseOverrides(arguments: phases)
            if let phaseMap { o = try PhaseOverrides(contentsOf: URL(fileURLWithPath: phaseMap)).merging(o) }
            return o
        } catch let error as AlignmentError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let options = Alignment.Options(
            reference: reference.flatMap(referenceChoice) ?? .phase(nil), interpolation: interpolation,
            allowDifferentFrames: allowDifferentFrames, phaseOverrides: try overrides(), study: studyKey,
            compressionLevel: compressionLevel)
        let result: Alignment.Result
        do {
            result = try Alignment.run(input: URL(fileURLWithPath: study), output: URL(fileURLWithPath: out), options: options)
        } catch let error as AlignmentError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let r = result.report
        let g = r.reference.geometry
        print("study \(r.studyKey) (\(r.timepoint.label)); reference: \(r.reference.kind) \(r.reference.phase?.rawValue ?? "")"
            + String(format: " %d×%d×%d, %.4g×%.4g×%.4g mm", g.size.i, g.size.j, g.size.k, g.spacing.x, g.spacing.y, g.spacing.z))
        var rows = [["file", "volume", "phase", "rule", "overlap", "table offset mm"]]
        for e in r.phases {
            rows.append([e.file, e.volume, e.phase.summary, e.phase.rule.rawValue, String(format: "%.1f%%", 100 * e.overlapFraction),
                         String(format: "%+.2f", e.tableOffset)])
        }
        print(TextTable.render(rows))
        for e in r.phases { for c in e.phase.conflicts { print("  conflict (\(e.volume)): \(c)") } }
        for w in r.warnings { print("warning: \(w)") }
        for f in result.failures { printError("error: \(f)") }
        print("\(r.phases.count) phase(s) aligned into \(out)/aligned; report \(out)/alignment.json")
        if !result.isComplete { throw RadStationCommand.partialSuccess }
    }
}
