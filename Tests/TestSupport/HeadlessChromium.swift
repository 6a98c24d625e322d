import Foundation

/// A page opened in headless Chromium (Debian `chromium`, installed by tools/install-deps.sh), offline, with a
/// fresh profile: the DOM's `<title>` after the page's scripts ran (virtual time budget 5 s) and the browser's
/// console lines (CSP violations, script errors, failed loads).
public enum HeadlessChromium {
    /// The browser, or `nil` when none is installed.
    public static let executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Opens `url` (a file URL, with any query) and returns (title, console lines); `nil` (after printing why)
    /// without a browser. `arguments` are added to the command line (e.g. `--allow-file-access-from-files`).
    ///
    /// `pendingTitle`: the title the page has until its script finished (e.g. `loading`). While the returned title
    /// is still that one, the page is opened again with a longer virtual time budget (5, 20, then 60 s): on a
    /// machine busy with other tests the image decodes the script waits for can outlast a short budget. A page
    /// that finished with a wrong verdict is never retried.
    public static func open(_ url: String, arguments: [String] = [], pendingTitle: String) throws
        -> (title: String, console: [String])?
    {
        var result: (title: String, console: [String])?
        for budget in [5000, 20000, 60000] {
            result = try open(url, arguments: arguments, budget: budget)
            guard let title = result?.title, title == pendingTitle || title == "(no title)" else { return result }
        }
        return result
    }

    /// One opening with a virtual time budget of `budget` ms.
    public static func open(_ url: String, arguments: [String] = [], budget: Int = 5000) throws -> (title: String, console: [String])? {
        guard let executable else {
            print("skipped: no chromium on this machine (tools/install-deps.sh installs it)")
            return nil
        }
        let profile = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=\(budget)", "--dump-dom"] + arguments + [url]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        let log = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: dom, as: UTF8.self)
        let console = String(decoding: log, as: UTF8.self).split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") }
        guard let start = text.range(of: "<title>"), let end = text.range(of: "</title>", range: start.upperBound..<text.endIndex) else {
            return ("(no title)", console)
        }
        return (String(text[start.upperBound..<end.lowerBound]), console)
    }
}
