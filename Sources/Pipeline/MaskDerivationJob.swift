import Foundation
import MaskMorphology
import PNGRender
import RadiomicsCore
import VolumeIO
import VolumeModule

/// Derived masks from files: reads the post-TACE image and the tumour (and optional liver) mask, runs
/// ``MaskDerivation``, and writes every derived mask as NIfTI on the tumour's grid, the shell map (NIfTI and a
/// colour-mapped PNG), the signed distance map if asked, and `measurements.json` (written last).
///
/// `measurements.json` is ``MaskDerivation/Measurements`` plus, beside each structure's voxel `volumeML`, its
/// `meshVolumeML`: the volume inside the marching-cubes mesh (RadiomicsCore ``MeshVolume``, PyRadiomics
/// `MeshVolume`) for the tumour, shell band, ring and core.
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
        return try write(try MaskDerivation.derive(inputs, configuration), tumour: inputs.tumour, to: output)
    }

    /// Writes a derivation result into `output` (created if needed): masks, maps, `measurements.json` last.
    /// - Parameter tumour: the tumour mask the result was derived from (for its mesh volume); `nil` leaves
    ///   the tumour's `meshVolumeML` out.
    public static func write(_ result: MaskDerivation.Result, tumour: Mask? = nil, to output: URL) throws -> Written {
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
        let json = output.appendingPathComponent("measurements.json")
        try measurementsJSON(result, tumour: tumour).write(to: json, options: .atomic)
        written.files["measurements"] = json
        return written
    }

    /// The measurements as JSON (pretty, sorted keys) with `meshVolumeML` beside each structure's `volumeML`.
    static func measurementsJSON(_ result: MaskDerivation.Result, tumour: Mask?) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let plain = try encoder.encode(result.measurements)
        guard var object = try JSONSerialization.jsonObject(with: plain) as? [String: Any] else { return plain }
        let structures: [(String, Mask?)] = [("tumour", tumour), ("shellBand", result.shellBand), ("ring", result.ring), ("core", result.core)]
        for (key, mask) in structures {
            guard let mask, var entry = object[key] as? [String: Any] else { continue }
            entry["meshVolumeML"] = MeshVolume.millilitres(of: mask)
            object[key] = entry
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
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
