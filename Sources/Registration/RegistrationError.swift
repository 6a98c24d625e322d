/// Errors of cross-study registration. Messages carry counts, exit codes and elastix's own log lines with the
/// private work folder replaced by `<work>` — never patient values (image files are written by us under
/// fixed names with empty NIfTI descriptions).
public enum RegistrationError: Error, Sendable, Equatable {
    /// No `elastix` executable on `PATH` (or at the given location); install the Debian package named here.
    case elastixMissing(debianPackage: String)
    /// elastix ran and failed: its exit status and the last lines of its log.
    case elastixFailed(exitStatus: Int32, logTail: [String])
    /// elastix did not finish within the time limit (seconds) and was killed.
    case timeout(seconds: Double)
    /// A `TransformParameters.N.txt` file could not be turned into an affine transform (reason in words).
    case unparsableTransform(reason: String)
    /// The work folder or an input image could not be written (reason in words, no paths).
    case workFolderFailed(reason: String)
}
