import Foundation

/// Locations of test data: the repository's own `testdata/` and the shared public data at
/// `../shared/testdata` (absent on some machines: tests that need it skip with a printed reason).
public enum TestPaths {
    /// The repository root (three levels above this file).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path under `testdata/`.
    public static func testdata(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("testdata").appendingPathComponent(relative)
    }

    /// A path under `../shared/testdata/`, or `nil` (after printing why) when the shared data is absent.
    public static func shared(_ relative: String) -> URL? {
        existing(besideRepository("shared/testdata", relative), "shared test data")
    }

    private static func besideRepository(_ folder: String, _ relative: String) -> URL {
        repositoryRoot.deletingLastPathComponent().appendingPathComponent(folder).appendingPathComponent(relative)
    }

    /// `url` when it exists, else `nil` after printing the skip reason.
    private static func existing(_ url: URL, _ what: String, hint: String = "") -> URL? {
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: \(what) not found at \(url.path)\(hint)")
            return nil
        }
        return url
    }

    /// A path under `../external-testdata/` (public vendor DICOM with dcm2niix references that
    /// `tools/external-testdata/fetch.sh` puts there, pinned by commit), or `nil` (after printing why) when it is
    /// absent, or when the mirror it came from did not hold that file (listed in `<repository>/ABSENT.txt`) — for a
    /// folder, any file under it, unless `incompleteFolderAllowed` (the caller selects a series inside the folder and
    /// checks its volume count against the reference, so a missing file of another series does not matter).
    public static func external(_ relative: String, incompleteFolderAllowed: Bool = false) -> URL? {
        let base = besideRepository("external-testdata", "")
        let repository = relative.split(separator: "/").first.map(String.init) ?? relative
        let inside = relative.split(separator: "/").dropFirst().joined(separator: "/")
        if let absent = try? String(contentsOf: base.appendingPathComponent(repository).appendingPathComponent("ABSENT.txt"), encoding: .utf8),
           !inside.isEmpty, absent.split(separator: "\n").contains(where: { $0 == inside || (!incompleteFolderAllowed && $0.hasPrefix(inside + "/")) }) {
            print("skipped: \(relative) is not in the external test data (its mirror lacks it)")
            return nil
        }
        return existing(base.appendingPathComponent(relative), "external test data", hint: " (run tools/external-testdata/fetch.sh)")
    }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("radstation-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
