import ArgumentParser
import Foundation
import DICOMBackend
import MaskMorphology
import Pipeline

/// `radstation masks`: segmentation listing, derived masks and measurements.
extension LipiodolSegmentation.Boundary: ExpressibleByArgument {}

struct Masks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List SEG/RTSTRUCT segments; derive Lipiodol, shell band, peritumoral ring and core masks with measurements.",
        subcommands: [List.self, Derive.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every DICOM SEG segment and RTSTRUCT ROI of a folder with its size on the referenced image grid.",
            discussion: """
                One row per segment/ROI: object key (seg<k>, k = the object's number in path order, as in `convert`'s \
                <volume>_seg<k>-<n> files), source (seg/rtstruct), number, label or ROI name, type (BINARY, FRACTIONAL, \
                CONTOUR), referenced volume (number in the folder, modality, size), voxels and mL on that volume's grid. \
                No patient tags are printed. Exit code 3 when an object could not be read or placed.
                """)

        @Argument(help: "Folder to scan recursively.")
        var folder: String

        @Option(name: .customLong("roi"), help: "Only segments/ROIs with this name (case-insensitive, repeatable).")
        var roiNames: [String] = []

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let listing = try SegmentationCatalogue.list(URL(fileURLWithPath: folder), names: roiNames.isEmpty ? nil : roiNames)
            if json {
                struct Output: Encodable { var segments: [SegmentationCatalogue.Entry]; var problems: [String] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(Output(segments: listing.entries, problems: listing.problems)), as: UTF8.self))
            } else {
                var rows = [["object", "source", "number", "label", "type", "volume", "voxels", "mL"]]
                for e in listing.entries {
                    rows.append([e.object, e.source.rawValue, "\(e.number)", e.label, e.type, e.volume ?? "-", e.voxels.map { "\($0)" } ?? "-",
                                 e.volumeML.map { String(format: "%.3f", $0) } ?? "-"])
                }
                print(TextTable.render(rows))
                for e in listing.entries { for p in e.problems { print("\(e.object)-\(e.number): \(p)") } }
                for p in listing.problems { printError("error: \(p)") }
            }
            let failed = !listing.problems.isEmpty || listing.entries.contains { $0.voxels == nil }
            if failed { throw listing.entries.isEmpty ? ExitCode.failure : RadStationCommand.partialSuccess }
        }
    }

    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive lipiodol, shell band, ring and core masks from a tumour mask (NIfTI/NRRD).",
            discussion: """
                Writes <out>/lipiodol.nii.gz, shell-band.nii.gz, ring.nii.gz, core.nii.gz (uint8 on the tumour's \
                grid), shell-map.nii.gz/.png with --shell-map, signed-distance-mm.nii.gz with --distance-map, and \
                measurements.json (volumes in mL, centroids in LPS mm, longest axial diameters, lipiodol coverage).
                Radii are in millimetres along true Euclidean distances (exact distance transform).
                """)

        @Option(help: "Post-TACE non-contrast CT (needed for --lipiodol and --shell-map).")
        var image: String?

        @Option(help: "Tumour mask (non-zero = tumour).")
        var tumour: String

        @Option(help: "Liver mask, to keep the ring inside the liver.")
        var liver: String?

        @Flag(help: "Segment lipiodol inside the tumour (HU threshold, see --lipiodol-threshold).")
        var lipiodol = false

        @Option(help: "Lipiodol detection threshold in HU (default 100, a project default: confirm for your protocol).")
        var lipiodolThreshold: Double?

        @Option(help: "Lipiodol boundary: half_maximum (partial-volume rim left out) or threshold.")
        var lipiodolBoundary: LipiodolSegmentation.Boundary = .halfMaximum

        @Option(help: "Shell band INNER:OUTER radii in mm around the tumour boundary, e.g. 3:3.")
        var shell: String?

        @Option(help: "Peritumoral ring radius in mm.")
        var ring: Double?

        @Option(help: "Tumour core: erosion depth in mm.")
        var core: Double?

        @Flag(help: "Also write the 2D shell map (needs --image and --shell).")
        var shellMap = false

        @Flag(help: "Also write the signed distance map in mm (negative inside).")
        var distanceMap = false

        @Flag(help: "Work per axial slice (2D) instead of in 3D.")
        var perSlice = false

        @Option(help: "Folder with the DICOM series the tumour mask lies on: also write the derived masks as DICOM SEG (<out>/derived-seg.dcm) referencing it.")
        var dicomSeg: String?

        @Option(name: .long, help: "Output folder.")
        var out: String

        func validate() throws {
            if let shell, parseShell(shell) == nil { throw ValidationError("--shell must be INNER:OUTER in mm") }
            if (lipiodol || shellMap) && image == nil { throw ValidationError("--lipiodol and --shell-map need --image") }
            if shellMap && shell == nil { throw ValidationError("--shell-map needs --shell") }
            if dicomSeg != nil && !lipiodol && shell == nil && ring == nil && core == nil {
                throw ValidationError("--dicom-seg needs a derived mask (--lipiodol, --shell, --ring or --core)")
            }
        }

        func run() throws {
            var lipiodolSegmentation: LipiodolSegmentation? = nil
            if lipiodol {
                var segmentation = LipiodolSegmentation(boundary: lipiodolBoundary)
                if let lipiodolThreshold { segmentation.range = IntensityRange(lower: lipiodolThreshold) }
                lipiodolSegmentation = segmentation
            }
            let band = shell.flatMap(parseShell).map { MaskDerivation.ShellBandParameters(innerRadius: $0.0, outerRadius: $0.1) }
            let configuration = MaskDerivation.Configuration(
                lipiodol: lipiodolSegmentation, shellBand: band,
                ring: ring.map { MaskDerivation.RingParameters(radius: $0, clipToLiver: liver != nil) },
                coreDepth: core, shellMap: shellMap ? ShellMap.Configuration() : nil, signedDistanceMap: distanceMap,
                dimensionality: perSlice ? .slices : .volume)
            let output = URL(fileURLWithPath: out)
            let tumourMask = try VolumeFiles.labels(URL(fileURLWithPath: tumour))
            // Find the DICOM source first, so a wrong folder fails before any work.
            let source = try dicomSeg.map { try DerivedSegmentation.sourceVolume(in: URL(fileURLWithPath: $0), matching: tumourMask.geometry) }
            let inputs = MaskDerivation.Inputs(image: try image.map { try VolumeFiles.image(URL(fileURLWithPath: $0)) }, tumour: tumourMask,
                                               liver: try liver.map { try VolumeFiles.labels(URL(fileURLWithPath: $0)) })
            let result = try MaskDerivation.derive(inputs, configuration)
            var written = try MaskDerivationJob.write(result, tumour: tumourMask, to: output)
            if let source {
                let url = output.appendingPathComponent("derived-seg.dcm")
                try DerivedSegmentation.write(result, source: source.loaded, instances: source.instances, to: url)
                written.files["dicom-seg"] = url
            }
            for key in written.files.keys.sorted() { print("\(key): \(written.files[key]!.path)") }
            let m = written.measurements.tumour
            print(String(format: "tumour: %.2f mL", m.volumeML))
        }

        private func parseShell(_ text: String) -> (Double, Double)? {
            let parts = text.split(separator: ":").compactMap { Double($0) }
            return parts.count == 2 && parts[0] >= 0 && parts[1] >= 0 ? (parts[0], parts[1]) : nil
        }
    }
}
