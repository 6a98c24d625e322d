import ArgumentParser
import Foundation
import PNGRender
import Pipeline
import VolumeModule

extension SlicePlane: ExpressibleByArgument {}

/// `radstation render`: one annotated slice of a volume with mask overlays, as a PNG.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one slice of a NIfTI/NRRD volume with mask outlines as a PNG (radiological orientation).",
        discussion: """
            --mask takes STRUCTURE=FILE (structures: tumour, liver, lipiodol, shell, ring, enhancing; other names \
            get a neutral colour). The slice passes through --at x,y,z (LPS mm), else the first mask's centroid, \
            else the volume centre. Windows: abdomen, liver, lipiodol, bone, auto (1st–99th percentile), or W,L.
            """)

    @Argument(help: "Image volume (.nii, .nii.gz, .nrrd).")
    var volume: String

    @Option(parsing: .singleValue, help: "STRUCTURE=FILE mask overlay (repeatable).")
    var mask: [String] = []

    @Option(help: "axial, coronal or sagittal.")
    var plane: SlicePlane = .axial

    @Option(help: "Point x,y,z in LPS mm the slice passes through.")
    var at: String?

    @Option(help: "Window: abdomen, liver, lipiodol, bone, auto, or W,L.")
    var window: String = "abdomen"

    @Option(name: .long, help: "Output PNG file.")
    var out: String

    func validate() throws {
        if let at, parsePoint(at) == nil { throw ValidationError("--at must be x,y,z in mm") }
        for m in mask where !m.contains("=") { throw ValidationError("--mask must be STRUCTURE=FILE") }
    }

    func run() throws {
        let image = try VolumeFiles.image(URL(fileURLWithPath: volume))
        let overlays = try mask.map { spec -> MaskOverlay in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            let structure = OverlayStructure.standard(key: parts[0])
                ?? OverlayStructure(name: parts[0].uppercased(), color: RGBAColor(200, 200, 200))
            return MaskOverlay(structure: structure, mask: try VolumeFiles.labels(URL(fileURLWithPath: parts[1])))
        }
        let windowLevel: WindowLevel
        switch window {
        case "abdomen": windowLevel = .abdomen
        case "liver": windowLevel = .liver
        case "lipiodol", "bone": windowLevel = .lipiodol
        case "auto": windowLevel = try WindowLevel.percentiles(of: image)
        default:
            let values = window.split(separator: ",").compactMap { Double($0) }
            guard values.count == 2, values[0] > 0 else { throw ValidationError("--window must be a preset or W,L") }
            windowLevel = WindowLevel(width: values[0], level: values[1])
        }
        try SliceRenderer.write(image, plane: plane, at: at.flatMap(parsePoint), window: windowLevel, overlays: overlays,
                                to: URL(fileURLWithPath: out))
        print("wrote \(out)")
    }

    private func parsePoint(_ text: String) -> Vector3? {
        let values = text.split(separator: ",").compactMap { Double($0) }
        return values.count == 3 ? Vector3(values) : nil
    }
}
