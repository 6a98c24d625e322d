#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One full walk of the watched folder: the truth the watcher reconciles against (notifications are
/// only hints, see notes/ingest.md §3).
///
/// Rules:
/// - Directories are opened with `O_NOFOLLOW | O_DIRECTORY` relative to their parent's descriptor, so a
///   symbolic link is never followed out of the root (no escape, no loops).
/// - Only regular files are reported. Symbolic links, FIFOs, sockets and devices are counted and skipped.
/// - Names starting with "." (dot files, rsync's `.name.XXXXXX` temporaries), ending in `.partial` or
///   `.tmp` (writers that rename when done), and `Thumbs.db` are skipped: they are never study files.
/// - A file or directory that vanishes mid-walk is simply absent; an unreadable directory is counted.
public struct TreeScan: Sendable {
    /// Regular files found, sorted by path.
    public var files: [FileObservation]
    /// Every directory found (relative paths, "" = the root), for notification watches.
    public var directories: [String]
    /// Entries that are not regular files or directories (symbolic links, FIFOs, devices) that were skipped.
    public var skippedSpecial: Int
    /// Directories that could not be opened (permissions, vanished).
    public var unreadableDirectories: Int

    /// Whether a file name is one the watcher never treats as study content.
    public static func isIgnoredName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".partial") || name.hasSuffix(".tmp") || name == "Thumbs.db"
    }

    /// Walks `root`.
    /// - Throws: ``FolderWatchError/rootUnavailable(reason:)`` when the root itself cannot be opened.
    public static func walk(_ root: String) throws -> TreeScan {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FolderWatchError.rootUnavailable(reason: String(cString: strerror(errno))) }
        var scan = TreeScan(files: [], directories: [], skippedSpecial: 0, unreadableDirectories: 0)
        scan.walk(directory: fd, relative: "")
        scan.files.sort { $0.path < $1.path }
        return scan
    }

    /// Walks one directory; takes ownership of `fd`.
    private mutating func walk(directory fd: Int32, relative: String) {
        directories.append(relative)
        guard let dir = fdopendir(fd) else {
            close(fd)
            unreadableDirectories += 1
            return
        }
        defer { closedir(dir) }
        var subdirectories: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || Self.isIgnoredName(name) { continue }
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }  // vanished
            let kind = info.st_mode & S_IFMT
            let path = relative.isEmpty ? name : relative + "/" + name
            if kind == S_IFDIR {
                subdirectories.append(name)
            } else if kind == S_IFREG {
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                files.append(FileObservation(path: path, size: Int64(info.st_size), modified: modified,
                                             inode: UInt64(info.st_ino), device: UInt64(info.st_dev)))
            } else {
                skippedSpecial += 1
            }
        }
        for name in subdirectories {
            let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else {
                unreadableDirectories += 1
                continue
            }
            walk(directory: child, relative: relative.isEmpty ? name : relative + "/" + name)
        }
    }
}
