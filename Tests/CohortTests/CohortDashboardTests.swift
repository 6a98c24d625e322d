import Foundation
import Testing
import TestSupport
@testable import Cohort

/// The dashboard opened in headless Chromium (Debian `chromium`, installed by tools/install-deps.sh).
@Suite("Cohort dashboard", .serialized)
struct CohortDashboardTests {
    /// Opens `page?selftest` and returns (title, browser log lines that are page console messages).
    static func open(_ page: URL) throws -> (title: String, console: [String])? {
        try HeadlessChromium.open(page.absoluteString + "?selftest", pendingTitle: "RadStation cohort")
    }

    @Test("the dashboard opens offline in Chromium: every thumbnail loads, no console error; a missing picture is caught")
    func opensCleanly() throws {
        let out = try ProcessedDemo.cohort(studies: 4)
        defer { try? FileManager.default.removeItem(at: out) }
        try Cohort.rebuild(output: out)
        let page = out.appendingPathComponent("cohort/index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        // Offline: nothing from the network.
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<table class=\"sortable\" id=\"studies\"") && html.contains("id=\"patients\""))
        #expect(html.components(separatedBy: "<img ").count - 1 == 8)
        guard let (title, console) = try Self.open(page) else { return }
        #expect(title == "selftest: ok 8 image(s)", "\(console)")
        #expect(console.isEmpty, "\(console)")
        // The self-test can fail: remove one study's montage.
        try FileManager.default.removeItem(at: out.appendingPathComponent("st-0000000000000002/qa/tumour-montage.png"))
        guard let (broken, _) = try Self.open(page) else { return }
        #expect(broken.hasPrefix("selftest: FAIL 1 broken image(s)"), "\(broken)")
    }
}
