import Foundation

/// Errors reading or writing image files. Messages name the file and the problem, never image content.
public enum VolumeIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read or written (`reason` from the operating system).
    case fileAccess(path: String, reason: String)
    /// The file is not in the expected format.
    case malformed(path: String, reason: String)
    /// The file is valid but uses a feature we do not read (e.g. a detached NRRD data file).
    case unsupported(path: String, reason: String)
    /// gzip data could not be inflated or deflated.
    case compression(reason: String)

    public var description: String {
        switch self {
        case let .fileAccess(path, reason): return "\(path): \(reason)"
        case let .malformed(path, reason): return "\(path): malformed file: \(reason)"
        case let .unsupported(path, reason): return "\(path): unsupported: \(reason)"
        case let .compression(reason): return "gzip: \(reason)"
        }
    }
}
