import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Atomic publication of a finished folder: fsync every file and folder, move any previous version
/// aside, rename the new one into place, remove the old one. A reader sees the old study or the new
/// one, never a mixture or half of one.
public enum Publication {
    /// Publishes `folder` as `final`, using `scratch` (same file system) for the previous version.
    ///
    /// Two processes publishing the same `final` at once (two cluster tasks of one study, on different nodes
    /// of a shared file system) take turns on one lock (`<scratch>/publish.lock`, held for the renames only,
    /// after the fsyncs): each sees a complete previous version or none, and the last one wins; without the
    /// lock one of them would fail its rename.
    /// - Throws: ``PipelineError/output(_:)``.
    public static func publish(_ folder: URL, as final: URL, scratch: URL) throws {
        try syncTree(folder)
        try ExclusiveFileLock.withLock(at: scratch.appendingPathComponent("publish.lock"), what: "publication") {
            try renameIntoPlace(folder, as: final, scratch: scratch)
        }
    }

    static func renameIntoPlace(_ folder: URL, as final: URL, scratch: URL) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
            if fm.fileExists(atPath: final.path) {
                let aside = scratch.appendingPathComponent("old-\(UUID().uuidString)")
                try rename(final, aside)
                try rename(folder, final)
                try? fm.removeItem(at: aside)
            } else {
                try rename(folder, final)
            }
            try sync(final.deletingLastPathComponent())
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.output("publishing a study failed (\(error.localizedDescription))")
        }
    }

    /// Removes a published folder atomically: renamed into `scratch` first (readers see it whole or not at
    /// all), then deleted. Nothing happens when it does not exist.
    /// - Throws: ``PipelineError/output(_:)`` when the rename fails.
    public static func remove(_ final: URL, scratch: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: final.path) else { return }
        try? fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        let aside = scratch.appendingPathComponent("old-\(UUID().uuidString)")
        try rename(final, aside)
        try? sync(final.deletingLastPathComponent())
        try? fm.removeItem(at: aside)
    }

    static func rename(_ from: URL, _ to: URL) throws {
        guard Glibc.rename(from.path, to.path) == 0 else {
            throw PipelineError.output("rename failed (\(String(cString: strerror(errno))))")
        }
    }

    /// `fsync` every file and folder under `root`, then `root`.
    static func syncTree(_ root: URL) throws {
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let relative = walker?.nextObject() as? String { try sync(root.appendingPathComponent(relative)) }
        try sync(root)
    }

    static func sync(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PipelineError.output("cannot open an output for fsync (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw PipelineError.output("fsync failed (\(String(cString: strerror(errno))))") }
    }
}
