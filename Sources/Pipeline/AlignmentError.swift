import DICOMBackend

/// Why phases could not be aligned. Messages name volumes by their generated keys only.
public enum AlignmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder holds no primary CT volume.
    case noVolumes
    /// The folder holds several studies: pick one with `--study` (keys with their timepoints).
    case severalStudies([String])
    /// `--study` names no study of the folder.
    case unknownStudy(String)
    /// Volumes with another (or no) FrameOfReferenceUID than the reference: patient coordinates are not
    /// comparable without registration (refused unless explicitly allowed).
    case differentFramesOfReference([String])
    /// The requested reference phase is not among the identified phases.
    case referencePhaseMissing(ContrastPhase)
    /// The volumes' directions differ, so no common isotropic grid exists.
    case directionMismatch
    /// The fields of view do not intersect.
    case emptyIntersection
    /// A `--phase` argument or phase-map file could not be read.
    case badPhaseOverride(String)
    /// An override key names no series or volume of the input.
    case unknownOverrideKey(String)

    public var description: String {
        switch self {
        case .noVolumes: return "no primary CT or MR volume found"
        case .severalStudies(let keys):
            return "the folder holds \(keys.count) studies (\(keys.joined(separator: ", "))); choose one with --study"
        case .unknownStudy(let key): return "no study with key \(key)"
        case .differentFramesOfReference(let volumes):
            return "volume(s) \(volumes.joined(separator: ", ")) do not share the reference's FrameOfReferenceUID (0020,0052): "
                + "their patient coordinates cannot be compared without registration (use --allow-different-frames to align anyway)"
        case .referencePhaseMissing(let phase): return "no volume was identified as \(phase.rawValue); choose another --reference"
        case .directionMismatch: return "the volumes have different orientations: no common isotropic grid (use a phase as reference)"
        case .emptyIntersection: return "the fields of view do not intersect (use --coverage union)"
        case .badPhaseOverride(let reason): return reason
        case .unknownOverrideKey(let key): return "override key \(key) names no series or volume of the input"
        }
    }
}
