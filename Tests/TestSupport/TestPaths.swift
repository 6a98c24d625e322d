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
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata").appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: shared test data not found at \(url.path)")
            return nil
        }
        return url
    }

    /// A path under `../external-testdata/` (public data outside the repository, materialised by
    /// `tools/external-testdata/fetch.sh` from `tools/external-testdata/sources.txt` as `<name>/<path>`), or `nil`
    /// (after printing why) when it is absent.
    public static func external(_ relative: String) -> URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("external-testdata").appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: external test data not found at \(url.path) (run tools/external-testdata/fetch.sh)")
            return nil
        }
        return url
    }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("radstation-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
