import Foundation
import Testing
import TestSupport
@testable import Cohort

/// The dashboard opened in headless Chromium (Debian `chromium`, installed by tools/install-deps.sh).
@Suite("Cohort dashboard", .serialized)
struct CohortDashboardTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Opens `page?selftest` and returns (title, browser log lines that are page console messages).
    static func open(_ page: URL) throws -> (title: String, console: [String])? {
        guard let chromium else {
            print("skipped: no chromium on this machine (tools/install-deps.sh installs it)")
            return nil
        }
        let profile = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
                             page.absoluteString + "?selftest"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        let log = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: dom, as: UTF8.self)
        guard let start = text.range(of: "<title>"), let end = text.range(of: "</title>", range: start.upperBound..<text.endIndex) else {
            return ("(no title)", [])
        }
        let console = String(decoding: log, as: UTF8.self).split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") }
        return (String(text[start.upperBound..<end.lowerBound]), console)
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
