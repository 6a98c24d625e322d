import Foundation
import MaskMorphology
import Testing
import TestSupport
import VolumeModule
@testable import Pipeline

/// `<out>/<patientKey>/qa/` on the hand-made same-frame course of ``PatientCourseOutputTests`` (identity direction,
/// lesion sphere of radius 12 mm centred on LPS (0, 0, 0)): the pictures decode, have the tile size, and show the
/// diameters, outlines, Lipiodol and the registered follow-up where patient geometry says they must be.
@Suite("Patient course QA")
struct CourseQATests {
    typealias Fixture = PatientCourseOutputTests

    /// Baseline: a quarter of the lesion enhances (x ≥ 0, y ≥ 0). Follow-up: Lipiodol (500 HU) where x < 0, viable
    /// tumour where x ≥ 6 and y ≥ 6.
    static func course() throws -> URL {
        let out = try TestPaths.temporaryFolder()
        let g = Fixture.grid
        func p(_ i: Int, _ j: Int, _ k: Int) -> Vector3 { g.physicalPoint(i: i, j: j, k: k) }
        let lesion = Fixture.inLesion
        try Fixture.publish("st-0000000000000001", in: out, followUp: 0, nc: Fixture.image { i, j, k in lesion(i, j, k) ? 40 : 60 },
                            ap: Fixture.image { i, j, k in lesion(i, j, k) ? (p(i, j, k).x >= 0 && p(i, j, k).y >= 0 ? 100 : 45) : 80 },
                            masks: true)
        let lipiodol: (Int, Int, Int) -> Bool = { i, j, k in lesion(i, j, k) && p(i, j, k).x < 0 }
        let viable: (Int, Int, Int) -> Bool = { i, j, k in lesion(i, j, k) && p(i, j, k).x >= 6 && p(i, j, k).y >= 6 }
        try Fixture.publish("st-0000000000000002", in: out, followUp: 1,
                            nc: Fixture.image { i, j, k in lipiodol(i, j, k) ? 500 : lesion(i, j, k) ? 40 : 60 },
                            ap: Fixture.image { i, j, k in lipiodol(i, j, k) ? 520 : viable(i, j, k) ? 100 : lesion(i, j, k) ? 45 : 80 },
                            masks: false)
        let summary = try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration())
        #expect(summary.rebuilt == 1 && summary.problems.isEmpty, "\(summary.problems)")
        return out
    }

    /// The pixel of LPS point `q` on a tile centred on `centre` (identity direction: x → right, y → down).
    static func pixel(_ q: Vector3, _ r: PatientCourseOutput.CourseRecord.Picture) -> (Int, Int) {
        (Int((Double(r.width) / 2 - 0.5 + (q.x - r.centreLPS.x) / r.pixelSizeMM).rounded()),
         Int((Double(r.height) / 2 - 0.5 + (q.y - r.centreLPS.y) / r.pixelSizeMM).rounded()))
    }

    static func along(_ d: AxialDiameter, _ t: Double) -> Vector3 { d.start + (d.end - d.start) * t }

    /// Whether a pixel of the 3 × 3 neighbourhood of (x, y) has `colour` (a 1-pixel diagonal line passes within it).
    static func near(_ png: DecodedPNG, _ x: Int, _ y: Int, _ colour: [UInt8]) -> Bool {
        (-1...1).contains { dy in (-1...1).contains { dx in png.rgb(x + dx, y + dy) == colour } }
    }

    @Test("qa/index.html: baseline, follow-up and checkerboard pictures with outlines, Lipiodol and diameters where they lie")
    func pictures() throws {
        let out = try Self.course()
        let folder = out.appendingPathComponent("\(Fixture.patient)")
        let record = try JSONDecoder().decode(PatientCourseOutput.CourseRecord.self,
                                              from: Data(contentsOf: folder.appendingPathComponent("course.json")))
        let qa = try #require(record.qa)
        #expect(qa.map(\.file) == ["baseline.png", "followup-1.png", "checkerboard-1.png"])
        let html = try String(contentsOf: folder.appendingPathComponent("qa/index.html"), encoding: .utf8)
        #expect(html.contains("content=\"default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'\""))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        var images: [String: DecodedPNG] = [:]
        for picture in qa {
            #expect(html.contains("src=\"\(picture.file)\""))
            let png = try DecodedPNG(contentsOf: folder.appendingPathComponent("qa/\(picture.file)"))
            // A square tile of CourseQA.tileSize pixels with the legend strip below it.
            #expect(picture.width == CourseQA.tileSize && picture.height == CourseQA.tileSize)
            #expect(png.width == picture.width && png.height > picture.height, "\(picture.file) \(png.width)×\(png.height)")
            // Centred on the lesion's centroid, LPS (0, 0, 0); 80 mm shown (the minimum side).
            #expect((picture.centreLPS - Vector3(0, 0, 0)).length < 1e-6)
            #expect(abs(picture.pixelSizeMM * Double(picture.width) - CourseQA.minimumSideMM) < 1e-9)
            images[picture.file] = png
        }
        let baseline = try #require(images["baseline.png"]), followUp = try #require(images["followup-1.png"])
        let checker = try #require(images["checkerboard-1.png"])
        let cyan: [UInt8] = [0, 255, 255], lime: [UInt8] = [160, 255, 0], red: [UInt8] = [255, 48, 48]

        // D1: the sphere's diameter on the centre slice (2 r = 24 mm between voxel centres), drawn solid with markers.
        let diameters = try #require(record.baseline)
        let bigD1 = try #require(diameters.bigD1), d1 = try #require(diameters.d1)
        #expect(abs(bigD1.length - 2 * Fixture.radius) < 1e-9 && bigD1.slice == qa[0].slice && qa[0].slice == 8)
        // (Drawn after d1, so also where they share an end point.)
        for t in [0.0, 0.25, 0.5, 1.0] {
            let (x, y) = Self.pixel(Self.along(bigD1, t), qa[0])
            #expect(baseline.rgb(x, y) == cyan, "D1 at t = \(t): pixel (\(x), \(y)) is \(baseline.rgb(x, y))")
        }
        // Nothing cyan well off the line.
        let (ox, oy) = Self.pixel(Self.along(bigD1, 0.25) + Vector3(bigD1.end.y - bigD1.start.y, bigD1.start.x - bigD1.end.x, 0) * 0.25, qa[0])
        #expect(baseline.rgb(ox, oy) != cyan)
        // d1: the enhancing quarter's diameter, shorter, drawn in lime.
        #expect(d1.length < bigD1.length && d1.length > Fixture.radius, "\(d1) \(bigD1)")
        let (mx, my) = Self.pixel(Self.along(d1, 0.5), qa[0])
        #expect(Self.near(baseline, mx, my, lime), "d1 midpoint (\(mx), \(my)) is \(baseline.rgb(mx, my))")

        // Follow-up: d2 in lime (on slice 7, one below the centre slice: dashed, so its end markers are checked),
        // the carried outline in red on the right edge (x = +12 mm), Lipiodol yellow on the left.
        let d2 = try #require(record.followUps.first?.d2)
        #expect(d2.length < d1.length && d2.slice == 7 && qa[1].slice == 8)
        for t in [0.0, 1.0] {
            let (x, y) = Self.pixel(Self.along(d2, t), qa[1])
            #expect(followUp.rgb(x, y) == lime, "d2 at t = \(t): (\(x), \(y)) is \(followUp.rgb(x, y))")
        }
        let (ex, ey) = Self.pixel(Vector3(12.4, 0, 0), qa[1])
        #expect((ex - 3...ex + 3).contains { followUp.rgb($0, ey) == red }, "no target outline near (\(ex), \(ey))")
        // On the left the target outline is drawn over the Lipiodol, whose fill tints the white deposit yellow.
        let (lx, ly) = Self.pixel(Vector3(-12.4, 0, 0), qa[1])
        #expect((lx - 3...lx + 3).contains { followUp.rgb($0, ly) == red }, "no target outline over the Lipiodol near (\(lx), \(ly))")
        let (fx0, fy0) = Self.pixel(Vector3(-6, -3, 0), qa[1])
        let tint = followUp.rgb(fx0, fy0)
        #expect(tint[0] == 255 && tint[2] < 200 && tint[1] > tint[2], "Lipiodol fill \(tint)")

        // Checkerboard: squares of 32 pixels; (x, y) = (−6, 1) mm falls in an odd square (the follow-up: Lipiodol,
        // white in the abdomen window), (−6, −6) mm in an even one (the baseline lesion, 40 HU, mid grey).
        let (fx, fy) = Self.pixel(Vector3(-6, 1, 0), qa[2]), (bx, by) = Self.pixel(Vector3(-6, -6, 0), qa[2])
        #expect((fx / 32 + fy / 32) % 2 == 1 && (bx / 32 + by / 32) % 2 == 0)
        #expect(checker.rgb(fx, fy) == [255, 255, 255], "follow-up square \(checker.rgb(fx, fy))")
        let grey = checker.rgb(bx, by)
        #expect(grey[0] > 100 && grey[0] < 160 && grey[0] == grey[1], "baseline square \(grey)")

        // Lipiodol VOI outputs beside the response: masks on the follow-up grid and 107 seed features.
        let files = try #require(record.followUps.first?.files)
        #expect(files.contains("lipiodol.nii.gz") && files.contains("features/lipiodol.csv"))
        let index = try #require(FeatureExtractionIndex.read(folder.appendingPathComponent(
            "followups/st-0000000000000002/features/extractions.json")))
        #expect(index.extractions.map(\.roi) == ["lipiodol"] && index.extractions.first?.features == 107)
        #expect(index.extractions.first?.phase == "NON_CONTRAST" && index.extractions.first?.series == "se-nc_1")

        // Idempotent: unchanged inputs leave the folder (pictures included) untouched.
        let before = try Data(contentsOf: folder.appendingPathComponent("qa/followup-1.png"))
        #expect(try PatientCourseOutput.rebuild(output: out, configuration: ProcessConfiguration()).unchanged == 1)
        #expect(try Data(contentsOf: folder.appendingPathComponent("qa/followup-1.png")) == before)
    }

    /// A page beside the patient folder that opens `qa/index.html` in a frame and writes into its own title how many
    /// of the page's images loaded (the QA page itself runs no script: its CSP forbids it).
    static let harness = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>loading</title></head><body>
        <iframe id="qa" src="PAGE" width="1200" height="900"></iframe>
        <script>
        document.getElementById('qa').onload = function () {
          // The frame's load event fires once every image has loaded or failed: the verdict needs no decode promise
          // (decode() could outlast Chromium's virtual time budget on a busy machine).
          var images = Array.from(this.contentDocument.images);
          var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).length;
          document.title = 'qa: ' + (images.length - broken) + ' of ' + images.length + ' image(s) loaded';
        };
        </script></body></html>
        """

    @Test("the course QA page opens offline in Chromium: every picture loads, no console message; a missing picture is caught")
    func opensInChromium() throws {
        guard HeadlessChromium.executable != nil else { print("skipped: no chromium on this machine"); return }
        let out = try Self.course()
        defer { try? FileManager.default.removeItem(at: out) }
        let harness = out.appendingPathComponent("harness.html")
        try Self.harness.replacingOccurrences(of: "PAGE", with: "\(Fixture.patient)/qa/index.html")
            .write(to: harness, atomically: true, encoding: .utf8)
        let page = try String(contentsOf: out.appendingPathComponent("\(Fixture.patient)/qa/index.html"), encoding: .utf8)
        let count = page.components(separatedBy: "<img ").count - 1
        #expect(count == 4)  // the baseline (its own row and the follow-up's), the follow-up, the checkerboard
        guard let (title, console) = try HeadlessChromium.open(harness.absoluteString, arguments: ["--allow-file-access-from-files"],
                                                                       pendingTitle: "loading")
        else { return }
        #expect(title == "qa: \(count) of \(count) image(s) loaded", "\(console)")
        #expect(console.isEmpty, "\(console)")
        try FileManager.default.removeItem(at: out.appendingPathComponent("\(Fixture.patient)/qa/checkerboard-1.png"))
        guard let (broken, _) = try HeadlessChromium.open(harness.absoluteString, arguments: ["--allow-file-access-from-files"],
                                                                       pendingTitle: "loading")
        else { return }
        #expect(broken == "qa: \(count - 1) of \(count) image(s) loaded", "\(broken)")
    }
}
