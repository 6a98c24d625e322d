import ArgumentParser
import Foundation
import MaskMorphology
import Pipeline

/// `radstation masks`: derived masks and measurements.
struct Masks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derived masks (lipiodol, shell band, peritumoral ring, core) and measurements.",
        subcommands: [Derive.self])

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

        @Option(help: "Lipiodol threshold in HU (default 100, a project default: confirm for your protocol).")
        var lipiodolThreshold: Double?

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

        @Option(name: .long, help: "Output folder.")
        var out: String

        func validate() throws {
            if let shell, parseShell(shell) == nil { throw ValidationError("--shell must be INNER:OUTER in mm") }
            if (lipiodol || shellMap) && image == nil { throw ValidationError("--lipiodol and --shell-map need --image") }
            if shellMap && shell == nil { throw ValidationError("--shell-map needs --shell") }
        }

        func run() throws {
            var lipiodolSegmentation: LipiodolSegmentation? = nil
            if lipiodol {
                var segmentation = LipiodolSegmentation()
                if let lipiodolThreshold { segmentation.range = IntensityRange(lower: lipiodolThreshold) }
                lipiodolSegmentation = segmentation
            }
            let band = shell.flatMap(parseShell).map { MaskDerivation.ShellBandParameters(innerRadius: $0.0, outerRadius: $0.1) }
            let configuration = MaskDerivation.Configuration(
                lipiodol: lipiodolSegmentation, shellBand: band,
                ring: ring.map { MaskDerivation.RingParameters(radius: $0, clipToLiver: liver != nil) },
                coreDepth: core, shellMap: shellMap ? ShellMap.Configuration() : nil, signedDistanceMap: distanceMap,
                dimensionality: perSlice ? .slices : .volume)
            let written = try MaskDerivationJob.run(image: image.map { URL(fileURLWithPath: $0) },
                                                    tumour: URL(fileURLWithPath: tumour),
                                                    liver: liver.map { URL(fileURLWithPath: $0) },
                                                    configuration: configuration, output: URL(fileURLWithPath: out))
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
