import Foundation
import PNGRender

/// `<out>/<patientKey>/qa/index.html` and its PNG files: the ``CourseQA`` pictures as one row per follow-up —
/// the baseline, the follow-up and their checkerboard side by side — then the course's measurements, through
/// ``PNGRender/QAIndexPage`` (the study QA page: no script, Content-Security-Policy `default-src 'none'`, images
/// as relative files beside the page).
enum CourseQAPage {
    /// Writes every picture (once per file) and `index.html` into `folder`.
    /// - Throws: ``PNGRender/PNGRenderError/writeFailed(path:reason:)``.
    static func write(_ pictures: [CourseQA.Picture], response: PatientResponse, patient: String, into folder: URL) throws {
        for picture in pictures {
            try PNGEncoder.write(picture.image, to: folder.appendingPathComponent(picture.file))
        }
        guard let baseline = pictures.first else { return }
        var figures = [QAIndexPage.Figure(file: baseline.file, caption: baseline.caption, heading: "Baseline \(response.baseline.study)")]
        for (n, followUp) in response.followUps.enumerated() {
            let own = pictures.filter { $0.record.file == "followup-\(n + 1).png" || $0.record.file == "checkerboard-\(n + 1).png" }
            let days = followUp.daysSinceBaseline.map { ", day \($0)" } ?? ""
            figures.append(.init(file: baseline.file, caption: baseline.caption, heading: "Follow-up \(n + 1) \(followUp.study)\(days)"))
            figures += own.map { QAIndexPage.Figure(file: $0.file, caption: $0.caption) }
        }
        _ = try QAIndexPage(title: "Patient course \(patient)", figures: figures, measurements: rows(response)).write(into: folder)
    }

    /// The measurements table: numbers with units, study keys and day offsets only.
    static func rows(_ r: PatientResponse) -> [(key: String, value: String)] {
        func mm(_ v: Double?) -> String { v.map { String(format: "%.1f mm", $0) } ?? "not measured" }
        var rows: [(key: String, value: String)] = [("baseline tumour", String(format: "%.2f mL", r.baseline.tumourML)),
                                                    ("baseline D1", mm(r.baseline.bigD1MM)), ("baseline d1", mm(r.baseline.d1MM))]
        for (n, f) in r.followUps.enumerated() {
            let p = "follow-up \(n + 1)"
            rows.append(("\(p) registration", f.registration.method + (f.registration.metric.map { String(format: ", metric %.4f", $0) } ?? "")))
            rows.append(("\(p) target lesion", String(format: "%.2f mL", f.targetLesionML)))
            if let l = f.lipiodol {
                rows.append(("\(p) Lipiodol in target", String(format: "%.2f mL, coverage %.1f %% (≥ %.0f HU)", l.inTargetML, 100 * l.coverage, l.thresholdHU)))
                rows.append(("\(p) Lipiodol off target", l.offTargetML.map { String(format: "%.2f mL", $0) } ?? "not measured"))
            } else {
                rows.append(("\(p) Lipiodol", "not measured"))
            }
            rows.append(("\(p) viable tumour", f.viable.map { String(format: "%.2f mL, d2 %.1f mm", $0.ml, $0.longestAxialDiameterMM) } ?? "not measured"))
            rows.append(("\(p) necrosis rate", f.necrosisRate.map {
                String(format: "%.2f (%@)", $0.rate, $0.response ? "response" : "no response")
            } ?? "not computed"))
        }
        return rows
    }
}
