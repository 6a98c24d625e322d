import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises "the output file system is full" (`ENOSPC`, `EDQUOT`; POSIX `write(2)`, `fsync(2)`,
/// `rename(2)`) in the error shapes Foundation and the C library produce. Such failures belong to the
/// machine, not to the study: the watcher retries them later without counting an attempt, so a full disk
/// never quarantines good studies (notes/ingest.md case 17).
public enum OutputSpace {
    /// Whether `error` (or an error it wraps through `NSUnderlyingErrorKey`) reports a full disk or quota.
    public static func isExhausted(_ error: Error) -> Bool {
        if let posix = error as? POSIXError { return posix.code == .ENOSPC || posix.code == .EDQUOT }
        if let cocoa = error as? CocoaError, cocoa.code == .fileWriteOutOfSpace { return true }
        if case IngestError.output(let reason)? = error as? IngestError { return reason.contains(Self.message) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain, ns.code == Int(ENOSPC) || ns.code == Int(EDQUOT) { return true }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error { return isExhausted(underlying) }
        return false
    }

    /// The C library's text for `ENOSPC` ("No space left on device"), as ``DurableFiles`` puts it in reasons.
    static var message: String { String(cString: strerror(ENOSPC)) }

    /// Bytes available to unprivileged writers on the file system holding `path` (`statvfs(3)`), or `nil`.
    public static func available(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
