import CohortStatistics
import DICOMBackend
import Foundation
import Pipeline

/// A clinical table's label columns by pseudonymous patient key (the `PatientID` column is read and dropped).
struct ClinicalLabels {
    var columns: [String]
    var rows: [String: [String]]

    static func read(_ url: URL, names: Pseudonymizer) throws -> ClinicalLabels {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError.configuration("the labels file cannot be read")
        }
        let lines: [[String]]
        do { lines = try CSV.parse(String(decoding: data, as: UTF8.self), table: "labels") } catch {
            throw PipelineError.configuration("the labels file is not valid CSV (\(error))")
        }
        guard let id = lines[0].firstIndex(where: { $0.lowercased() == "patientid" }) else {
            throw PipelineError.configuration("the labels file has no PatientID column")
        }
        var rows: [String: [String]] = [:]
        for (n, line) in lines.enumerated().dropFirst() {
            guard let key = names.patientKey(patientID: line[id]) else {
                throw PipelineError.configuration("labels file line \(n + 1): no PatientID")
            }
            rows[key] = line.enumerated().filter { $0.offset != id }.map(\.element)
        }
        return ClinicalLabels(columns: lines[0].enumerated().filter { $0.offset != id }.map(\.element), rows: rows)
    }
}

/// `dataset.csv` and `dataset.json`.
enum DatasetFiles {
    static func writeCSV(_ rows: [LesionRow], split: PatientSplit, labels: ClinicalLabels?, to url: URL) throws {
        var header = ["lesion", "patient", "study", "timepoint", "days_since_baseline", "file", "nifti_file", "centre_x_mm", "centre_y_mm",
                      "centre_z_mm", "origin_x_mm", "origin_y_mm", "origin_z_mm", "tumour_voxels", "tumour_voxels_in_array", "shell_map_file", "split"]
        header += labels?.columns ?? []
        var text = CSV.line(header)
        for row in rows {
            let number = { (x: Double) in String(format: "%.4f", x) }
            var fields = [row.file.replacingOccurrences(of: "lesions/", with: "").replacingOccurrences(of: ".npy", with: ""),
                          row.patient, row.study, row.timepoint, row.daysSinceBaseline.map(String.init) ?? "", row.file, row.niftiFile,
                          number(row.centre.x), number(row.centre.y), number(row.centre.z),
                          number(row.origin.x), number(row.origin.y), number(row.origin.z),
                          "\(row.tumourVoxels)", "\(row.tumourVoxelsInArray)", row.shellMapFile ?? "", split.assignment[row.patient] ?? ""]
            if let labels { fields += labels.rows[row.patient] ?? Array(repeating: "", count: labels.columns.count) }
            text += CSV.line(fields)
        }
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    static func writeJSON(options: DatasetExport.Options, lesions: Int, to url: URL) throws {
        let object: [String: Any] = [
            "generator": "RadStation export dl",
            "lesions": lesions,
            "array": ["dtype": "float32 little-endian", "order": "C", "axes": ["channel", "z", "y", "x"],
                      "format": "NumPy .npy 1.0", "size_zyx": options.size, "spacing_zyx_mm": options.spacing],
            "nifti": "the same array as NIfTI-1 .nii.gz (column nifti_file): dim [5, x, y, z, 1, channels], intent VECTOR "
                + "(ITK/SimpleITK: a 3D image with one component per channel), LPS geometry in the sform/qform",
            "orientation": "axis-aligned LPS: x toward the patient's left, y toward posterior, z toward superior; voxel [c, z, y, x] "
                + "lies at origin + (x*sx, y*sy, z*sz) mm (origin per lesion in dataset.csv), centred on the tumour centroid",
            "channels": options.channels.map(\.description),
            "outside": "-1024 HU for images (then windowed and normalised), 0 for masks",
            "window_hu": [options.window.low, options.window.high],
            "normalization": options.normalization.rawValue + (options.normalization == .zscore
                ? " (per lesion and channel, over the voxels inside the phase's field of view)" : ""),
            "split": ["fractions": options.split, "seed": options.seed, "unit": "patient"],
        ]
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url, options: .atomic)
    }
}
