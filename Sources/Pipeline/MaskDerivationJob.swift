import Foundation
import MaskMorphology
import PNGRender
import VolumeIO
import VolumeModule

/// Derived masks from files: reads the post-TACE image and the tumour (and optional liver) mask, runs
/// ``MaskDerivation``, and writes every derived mask as NIfTI on the tumour's grid, the shell map (NIfTI and a
/// colour-mapped PNG), the signed distance map if asked, and `measurements.json` (written last).
public enum MaskDerivationJob {
    /// What was written, by role.
    public struct Written: Sendable {
        public var files: [String: URL] = [:]
        public var measurements: MaskDerivation.Measurements
    }

    /// Runs the derivation and writes the outputs into `output` (created if needed).
    public static func run(image: URL?, tumour: URL, liver: URL?, configuration: MaskDerivation.Configuration,
                           output: URL) throws -> Written {
        let inputs = MaskDerivation.Inputs(image: try image.map(VolumeFiles.image), tumour: try VolumeFiles.labels(tumour),
                                           liver: try liver.map(VolumeFiles.labels))
        return try write(try MaskDerivation.derive(inputs, configuration), to: output)
    }

    /// Writes a derivation result into `output` (created if needed): masks, maps, `measurements.json` last.
    public static func write(_ result: MaskDerivation.Result, to output: URL) throws -> Written {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var written = Written(measurements: result.measurements)
        let masks: [(String, Mask?)] = [("lipiodol", result.lipiodol), ("shell-band", result.shellBand),
                                        ("ring", result.ring), ("core", result.core)]
        for (name, mask) in masks {
            guard let mask else { continue }
            let url = output.appendingPathComponent("\(name).nii.gz")
            try NIfTI.write(mask, to: url)
            written.files[name] = url
        }
        if let distance = result.signedDistanceMap {
            let url = output.appendingPathComponent("signed-distance-mm.nii.gz")
            try NIfTI.write(distance, to: url)
            written.files["signed-distance"] = url
        }
        if let map = result.shellMap {
            let url = output.appendingPathComponent("shell-map.nii.gz")
            try NIfTI.write(map.volume, to: url)
            written.files["shell-map"] = url
            let picture = ColorMap.viridis.render(values: map.values, width: map.size, height: map.size, range: map.displayRange,
                                                  pixelScale: max(1, 256 / max(map.size, 1)))
            let png = output.appendingPathComponent("shell-map.png")
            try PNGEncoder.write(picture, to: png)
            written.files["shell-map-png"] = png
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = output.appendingPathComponent("measurements.json")
        try encoder.encode(result.measurements).write(to: json, options: .atomic)
        written.files["measurements"] = json
        return written
    }
}

extension ShellMap {
    /// The range a colour map spans for this map: finite minimum … maximum (never empty).
    var displayRange: ClosedRange<Double> {
        let finite = values.filter { $0.isFinite }
        let low = Double(finite.min() ?? 0)
        return low...max(Double(finite.max() ?? 1), low + 1e-6)
    }
}
