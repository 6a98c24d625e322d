import Foundation
import PNGRender
import Pipeline

/// `cohort/index.html`: the cohort QA dashboard. One row per study (keys, timepoint, treatment, stage status,
/// warnings, phases with confidence, thumbnails of the tumour montage, the first phase checkerboard and the
/// Lipiodol picture, linked to the study's own QA page) and one row per patient with several studies (the
/// course: timepoints, tumour volume, Lipiodol coverage). Sortable by any column and filterable by text; no
/// script, style or font from the network (everything inline), so it opens offline from the folder.
///
/// Opened with `?selftest`, the page checks itself after loading: every image decoded and no script error;
/// the verdict becomes the document title (`selftest: ok …` or `selftest: FAIL …`), for headless browser tests.
enum CohortDashboard {
    static func html(_ studies: [CohortStudy], output: URL, rows: Int, features: Int, readerAgreement: String) -> String {
        var body = "<h1>RadStation cohort</h1>\n<p>\(studies.count) stud\(studies.count == 1 ? "y" : "ies"), "
            + "\(Set(studies.compactMap { $0.manifest.context?.patientKey }).count) patient(s); "
            + "<a href=\"features.csv\">features.csv</a>: \(rows) row(s) × \(features) feature(s) "
            + "(<a href=\"features.columns.json\">column dictionary</a>).</p>\n"
            + "<p id=\"icc\">Inter-reader agreement: \(readerAgreement)</p>\n"
        body += "<p><input id=\"filter\" type=\"search\" placeholder=\"filter rows (any text)\" size=\"40\"></p>\n"
        body += studyTable(studies)
        body += patientTable(studies, output: output)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>RadStation cohort</title>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <style>\(style)</style></head>
            <body>
            \(body)
            <script>\(script)</script>
            </body></html>

            """
    }

    static func studyTable(_ studies: [CohortStudy]) -> String {
        var html = "<h2>Studies</h2>\n<table class=\"sortable\" id=\"studies\"><thead><tr>"
        for header in ["study", "patient", "timepoint", "days", "treatment", "stages", "warnings", "phases", "tumour mL", "Lipiodol",
                       "tumour montage", "checkerboard", "Lipiodol picture"] {
            html += "<th>\(escape(header))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for study in studies {
            let m = study.manifest
            let outputs = Set(m.outputs.map(\.file))
            let failed = m.stages.filter { $0.status == "failed" }
            let skipped = m.stages.filter { $0.status == "skipped" }
            let stageText = failed.isEmpty ? (skipped.isEmpty ? "all done" : "done; skipped: " + skipped.map(\.name).joined(separator: ", "))
                : "failed: " + failed.map(\.name).joined(separator: ", ")
            let phases = study.phases.map { p in p.phase + (p.confidence.map { String(format: " (%.2f)", $0) } ?? "") }
            let measurements = study.measurements
            let tumourML = ((measurements?["tumour"] as? [String: Any])?["volumeML"] as? Double).map { String(format: "%.2f", $0) } ?? ""
            let lipiodol: String = {
                if let l = measurements?["lipiodol"] as? [String: Any], let c = l["coverage"] as? Double {
                    return String(format: "%.1f %% coverage", 100 * c)
                }
                return (measurements?["lipiodolStatus"] as? String) ?? ""
            }()
            let warnings = m.warnings.isEmpty ? "0"
                : "<details><summary>\(m.warnings.count)</summary><ul>" + m.warnings.map { "<li>\(escape($0))</li>" }.joined() + "</ul></details>"
            let checkerboard = outputs.filter { $0.hasPrefix("qa/checkerboard-") && $0.hasSuffix(".png") }.sorted().first
            let cells = [
                outputs.contains("qa/index.html") ? "<a href=\"../\(study.key)/qa/index.html\">\(study.key)</a>" : study.key,
                escape(m.context?.patientKey ?? ""), escape(m.context?.timepoint.label ?? ""),
                m.context?.timepoint.daysSinceBaseline.map(String.init) ?? "", escape(m.context?.treatment.rawValue ?? ""),
                (failed.isEmpty ? "" : "<span class=\"bad\">") + escape(stageText) + (failed.isEmpty ? "" : "</span>"),
                warnings, escape(phases.joined(separator: ", ")), tumourML, escape(lipiodol),
                thumbnail(study, "qa/tumour-montage.png", outputs), thumbnail(study, checkerboard, outputs),
                thumbnail(study, "qa/lipiodol-axial.png", outputs),
            ]
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    static func patientTable(_ studies: [CohortStudy], output: URL) -> String {
        let byPatient = Dictionary(grouping: studies) { $0.manifest.context?.patientKey ?? "" }.filter { !$0.key.isEmpty && $0.value.count > 1 }
        guard !byPatient.isEmpty else { return "<h2>Patients</h2>\n<p>No patient with more than one study.</p>\n" }
        var html = "<h2>Patients</h2>\n<table class=\"sortable\" id=\"patients\"><thead><tr><th>patient</th><th>studies</th><th>course</th><th>response (response.json)</th></tr></thead><tbody>\n"
        for (patient, list) in byPatient.sorted(by: { $0.key < $1.key }) {
            let ordered = list.sorted { ($0.manifest.context?.timepoint.followUpNumber ?? 0) < ($1.manifest.context?.timepoint.followUpNumber ?? 0) }
            let course = ordered.map { s -> String in
                let c = s.manifest.context
                let tumour = ((s.measurements?["tumour"] as? [String: Any])?["volumeML"] as? Double).map { String(format: ", tumour %.2f mL", $0) } ?? ""
                return escape("\(s.key): \(c?.timepoint.label ?? "") (+\(c?.timepoint.daysSinceBaseline.map(String.init) ?? "?") d, \(c?.treatment.rawValue ?? "")\(tumour))")
            }
            html += "<tr><td>\(escape(patient))</td><td>\(list.count)</td><td>\(course.joined(separator: "<br>"))</td><td>"
                + response(output.appendingPathComponent(patient).appendingPathComponent("response.json"), patient: patient) + "</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// Each follow-up's Lipiodol coverage and necrosis rate from the patient's `response.json` (patient course).
    static func response(_ url: URL, patient: String) -> String {
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let followUps = object["followUps"] as? [[String: Any]] else { return "not built" }
        let lines = followUps.map { f -> String in
            var parts = ["\(f["study"] as? String ?? "?") (+\(f["daysSinceBaseline"].map { "\($0)" } ?? "?") d)"]
            if let l = f["lipiodol"] as? [String: Any], let c = l["coverage"] as? Double { parts.append(String(format: "Lipiodol %.1f %%", 100 * c)) }
            if let n = f["necrosisRate"] as? [String: Any], let r = n["rate"] as? Double {
                parts.append(String(format: "necrosis rate %.2f", r) + ((n["response"] as? Bool) == true ? " (response)" : " (no response)"))
            }
            return escape(parts.joined(separator: ", "))
        }
        return lines.joined(separator: "<br>")
    }

    static func thumbnail(_ study: CohortStudy, _ file: String?, _ outputs: Set<String>) -> String {
        guard let file, outputs.contains(file) else { return "" }
        let path = "../\(study.key)/\(file)"
        return "<a href=\"\(path)\"><img src=\"\(path)\" alt=\"\(escape(file))\" height=\"96\"></a>"
    }

    /// HTML escaping, as the study QA pages do it.
    static func escape(_ text: String) -> String { QAIndexPage.escape(text) }

    static let style = """
        body{font-family:sans-serif;margin:1em;color:#222}table{border-collapse:collapse;margin-bottom:2em}
        th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;font-size:13px}th{background:#eee;cursor:pointer}
        th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}.bad{color:#b00;font-weight:bold}img{display:block}
        """

    static let script = """
        (function(){
          var errors=[];
          window.addEventListener('error',function(e){errors.push(String(e.message||'resource failed'));},true);
          document.querySelectorAll('table.sortable').forEach(function(table){
            table.querySelectorAll('th').forEach(function(th,col){
              th.addEventListener('click',function(){
                var asc=!th.classList.contains('asc');
                table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
                th.classList.add(asc?'asc':'desc');
                var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
                rows.sort(function(a,b){
                  var x=a.cells[col].textContent.trim(),y=b.cells[col].textContent.trim();
                  var nx=parseFloat(x),ny=parseFloat(y);
                  var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
                  return asc?c:-c;});
                rows.forEach(function(r){body.appendChild(r);});
              });
            });
          });
          var filter=document.getElementById('filter');
          filter.addEventListener('input',function(){
            var q=filter.value.toLowerCase();
            document.querySelectorAll('table.sortable tbody tr').forEach(function(r){
              r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});
          });
          if(location.search.indexOf('selftest')>=0){
            window.addEventListener('load',function(){
              var images=Array.prototype.slice.call(document.images);
              var broken=images.filter(function(i){return !(i.complete&&i.naturalWidth>0);});
              var headers=document.querySelectorAll('#studies th');
              if(headers.length){headers[0].click();headers[0].click();}
              filter.value='st-';filter.dispatchEvent(new Event('input'));
              document.title=(broken.length||errors.length)
                ?'selftest: FAIL '+broken.length+' broken image(s), '+errors.length+' error(s) '+errors.join(' | ')
                :'selftest: ok '+images.length+' image(s)';
            });
          }
        })();
        """
}
