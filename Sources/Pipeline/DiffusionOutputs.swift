import Foundation
import VolumeIO
import VolumeModule

/// The derived diffusion volumes `process` writes beside a diffusion-weighted series' volumes (``DiffusionMaps``):
/// per nominal b-value (rounded to an integer s/mm²) the trace-weighted image, `<seriesKey>_trace-b<b>.<ext>` (the
/// geometric mean over that b-value's direction and repeat volumes, as scanners' TRACEW), and — with at least two distinct b-values at or above the low-b cut-off —
/// the apparent diffusion coefficient, `<seriesKey>_adc.<ext>`, in 10⁻⁶ mm²/s (as scanners store ADC maps), fitted
/// to the trace-weighted images. Each has a sidecar naming the volumes it was computed from (`DerivedFrom`).
public enum DiffusionOutputs {
    /// One diffusion-weighted volume of a series.
    public struct Source {
        /// Its output name (`se-…_n`).
        public var name: String
        public var seriesKey: String
        /// s/mm².
        public var bValue: Double
        public var volume: Volume<Float>
        /// The scanner's own isotropic image (``DICOMBackend/DiffusionEncoding/isotropic``): already a trace. Where
        /// its b-value has direction images too (a DTI series), ours is made from those and it is left out; where it
        /// is the b-value's only image (liver DWI exported as one isotropic image per b, e.g. Philips b = 0/40/273/800)
        /// it is that b-value's trace in the ADC fit, and no copy of it is written.
        public var isotropic: Bool

        public init(name: String, seriesKey: String, bValue: Double, volume: Volume<Float>, isotropic: Bool = false) {
            self.name = name
            self.seriesKey = seriesKey
            self.bValue = bValue
            self.volume = volume
            self.isotropic = isotropic
        }
    }

    /// The sidecar of a derived diffusion volume.
    struct DerivedSidecar: Encodable {
        var generator = Sidecar.generatorName
        var studyKey: String
        var seriesKey: String
        var image: String
        /// `TRACEW` or `ADC`.
        var kind: String
        /// The trace's b-value (s/mm²); absent for the ADC.
        var bValue: Double?
        /// Units of the voxel values.
        var units: String
        /// The ADC's b-values and cut-off.
        var bValues: [Double]?
        var lowBCutoff: Double?
        var derivedFrom: [String]

        enum CodingKeys: String, CodingKey {
            case generator, studyKey, seriesKey, image, kind, bValue, diffusionDirection, units, bValues, lowBCutoff
            case derivedFrom = "DerivedFrom"
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(generator, forKey: .generator)
            try c.encode(studyKey, forKey: .studyKey)
            try c.encode(seriesKey, forKey: .seriesKey)
            try c.encode(image, forKey: .image)
            try c.encode(kind, forKey: .kind)
            try c.encodeIfPresent(bValue, forKey: .bValue)
            try c.encodeNil(forKey: .diffusionDirection)  // trace and ADC have no direction
            try c.encode(units, forKey: .units)
            try c.encodeIfPresent(bValues, forKey: .bValues)
            try c.encodeIfPresent(lowBCutoff, forKey: .lowBCutoff)
            try c.encode(derivedFrom, forKey: .derivedFrom)
        }
    }

    /// Writes the trace-weighted images and the ADC of every series among `sources` into `folder`.
    /// - Returns: the names of the files written, and one warning per series whose maps could not be made (e.g.
    ///   volumes on different grids), naming the series key only.
    public static func write(_ sources: [Source], studyKey: String, into folder: URL, format: OutputFormat,
                             lowBCutoff: Double, compressionLevel: Int32 = 6) -> (files: [String], warnings: [String]) {
        var files: [String] = [], warnings: [String] = []
        for seriesKey in Set(sources.filter { !$0.isotropic }.map(\.seriesKey)).sorted() {
            let series = sources.filter { $0.seriesKey == seriesKey }
            do {
                var traces: [(bValue: Double, volume: Volume<Float>)] = []
                var used: [String] = []
                // Nominal b-values: repeated b = 0 images written as b = 0.001, 0.002… (Philips) make one trace.
                for b in Set(series.map { $0.bValue.rounded() }).sorted() {
                    let atB = series.filter { $0.bValue.rounded() == b }
                    let directions = atB.filter { !$0.isotropic }
                    // Only the scanner's isotropic image(s) at this b-value: they are its trace, not written again.
                    let members = directions.isEmpty ? atB : directions
                    let trace = try DiffusionMaps.traceWeighted(members.map(\.volume))
                    if !directions.isEmpty {
                        try writeVolume(trace, name: "\(seriesKey)_trace-b\(Int(b.rounded()))", folder: folder, format: format,
                                        compressionLevel: compressionLevel,
                                        sidecar: DerivedSidecar(studyKey: studyKey, seriesKey: seriesKey, image: "", kind: "TRACEW",
                                                                bValue: b, units: "signal (scanner units)",
                                                                derivedFrom: directions.map(\.name)), files: &files)
                    }
                    traces.append((b, trace))
                    if b >= lowBCutoff { used += members.map(\.name) }
                }
                let fitted = traces.filter { $0.bValue >= lowBCutoff }
                guard Set(fitted.map(\.bValue)).count >= 2 else { continue }
                let adc = try DiffusionMaps.apparentDiffusionCoefficient(traces, lowBCutoff: lowBCutoff)
                try writeVolume(adc, name: "\(seriesKey)_adc", folder: folder, format: format, compressionLevel: compressionLevel,
                                sidecar: DerivedSidecar(studyKey: studyKey, seriesKey: seriesKey, image: "", kind: "ADC",
                                                        units: "1e-6 mm^2/s", bValues: fitted.map(\.bValue),
                                                        lowBCutoff: lowBCutoff, derivedFrom: used), files: &files)
            } catch {
                warnings.append("diffusion maps of \(seriesKey) not written: \(error)")
            }
        }
        return (files, warnings)
    }

    private static func writeVolume(_ volume: Volume<Float>, name: String, folder: URL, format: OutputFormat,
                                    compressionLevel: Int32, sidecar: DerivedSidecar, files: inout [String]) throws {
        let image = "\(name).\(format.fileExtension)"
        try VolumeFiles.write(volume, to: folder.appendingPathComponent(image), format: format, compressionLevel: compressionLevel)
        var described = sidecar
        described.image = image
        try JSONSidecar.write(described, to: folder.appendingPathComponent("\(name).json"))
        files += [image, "\(name).json"]
    }
}
