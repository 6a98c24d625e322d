/// An error reading DICOM data. Messages name the file (as the caller gave it) and the problem, never a
/// value of a patient attribute.
public struct DICOMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem (a RawRepresentable struct, as GRDB's `ResultCode`).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Not a DICOM file (empty, text, random bytes).
        public static let notDICOM = Code(rawValue: "notDICOM")
        /// DICOM, but something we do not decode (transfer syntax, colour, bit depth).
        public static let unsupported = Code(rawValue: "unsupported")
        /// DICOM, but damaged (truncated, pixel data too short, bad codestream).
        public static let corrupt = Code(rawValue: "corrupt")
        /// A required attribute is absent or unreadable.
        public static let missingAttribute = Code(rawValue: "missingAttribute")
        /// Slice geometry that strict mode refuses (gaps, variable spacing, tilt, duplicates).
        public static let irregularGeometry = Code(rawValue: "irregularGeometry")
        /// An attribute is present but its value is unusable: not a number, not finite, out of range (the
        /// message names the attribute and what is wrong, never its text).
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// A configured ceiling was hit (``LoadOptions/maximumVoxels``, a resampling grid that would grow far
        /// beyond the voxels acquired).
        public static let limitExceeded = Code(rawValue: "limitExceeded")
        /// Attributes contradict each other.
        public static let inconsistent = Code(rawValue: "inconsistent")
        /// The file system refused (permissions, missing folder).
        public static let fileAccess = Code(rawValue: "fileAccess")
        /// A failure inside the DCMTK shim that is not the data's fault.
        public static let internalError = Code(rawValue: "internal")

        public var description: String { rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// Human-readable reason.
    public var message: String
    /// The file concerned, if one.
    public var file: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}
