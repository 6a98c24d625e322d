import ArgumentParser
import DICOMBackend
import Foundation
import VolumeModule

/// `radstation inspect <folder>`: what a folder holds, without decoding pixels.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the volumes found in a folder of DICOM files (sizes, spacing, classification, warnings).",
        discussion: "Patient-identifying values (names, IDs, dates, descriptions) are shown only with --show-phi.")

    @Argument(help: "Folder to scan recursively (any file names; DICOMDIR ignored).")
    var folder: String

    @Flag(help: "Also show patient name, ID, study date and series description.")
    var showPHI = false

    func run() throws {
        let scan = try FolderScan.scan(URL(fileURLWithPath: folder))
        let assembly = SeriesAssembly(scan.instances)
        let phases = PhaseIdentifier.identify(assembly)
        let sequences = MRSequenceIdentifier.identify(assembly)
        let timepoints = StudyTimeline.timepoints(assembly)
        var rows: [[String]] = [["#", "modality", "role", "size (i×j×k)", "spacing mm (i, j, k)", "classification", "phase / MR sequence", "notes"]]
        for (n, plan) in assembly.plans.enumerated() {
            let layout = plan.layout
            let step = layout.nominalStep > 0 ? String(format: "%.4g", layout.nominalStep) : "?"
            var notes = plan.splitReasons
            if layout.spacing == .gapped { notes.append("\(layout.missingPlanes) missing slice(s)") }
            if layout.isSheared { notes.append(String(format: "tilt %.2f°", layout.tiltDegrees)) }
            if timepoints[n].studiesOfPatient > 1 {
                notes.append(timepoints[n].label + (timepoints[n].daysSinceBaseline.map { " (+\($0) d)" } ?? ""))
            }
            if showPHI {
                let id = plan.identity(in: assembly.instances)
                notes.append([id.patientName, id.patientID, id.studyDate, id.seriesDescription].compactMap { $0 }.joined(separator: " / "))
            }
            rows.append([
                "\(n + 1)", plan.modality, plan.role.rawValue,
                "\(plan.pixelFormat.columns)×\(plan.pixelFormat.rows)×\(plan.planes.count)",
                String(format: "%.4g, %.4g, %@", plan.pixelSpacing.column, plan.pixelSpacing.row, step),
                layout.labels.joined(separator: "+"), sequences[n]?.summary ?? phases[n].summary, notes.joined(separator: "; "),
            ])
        }
        print(TextTable.render(rows))
        print("\(assembly.plans.count) volume(s) from \(scan.instances.count) DICOM file(s)")
        for s in scan.skipped + assembly.otherObjects.map({ ($0.path, $0.kind) }) { print("skipped: \(s.0): \(s.1)") }
        for f in scan.failures + assembly.unplaceable { print("error: \(f)") }
        if !(scan.failures.isEmpty && assembly.unplaceable.isEmpty) {
            throw assembly.plans.isEmpty ? ExitCode.failure : RadStationCommand.partialSuccess
        }
    }
}
