import DICOMBackend

/// Per-volume choices keyed as users see volumes: a series key (`se-…`, every volume of the series) or a volume
/// name (`se-…_2`, one volume), as printed by `radstation convert`/`align`/`inspect` — CT phase overrides
/// (``PhaseOverrides``) and MR sequence overrides (`mr_sequences` in `pipeline.yaml`).
enum VolumeKeyOverrides {
    /// `map` by plan index; a volume name beats its series key.
    /// - Parameter strict: a key that names no volume of the assembly is an error (one study's command line);
    ///   otherwise it is ignored (a `pipeline.yaml` serves every study of a batch).
    /// - Throws: ``AlignmentError/unknownOverrideKey(_:)`` for such a key when `strict`.
    static func resolve<Value>(_ map: [String: Value], _ assembly: SeriesAssembly, names: Pseudonymizer, strict: Bool = true) throws -> [Int: Value] {
        var result: [Int: Value] = [:]
        var used = Set<String>()
        for (n, plan) in assembly.plans.enumerated() {
            if let v = map[names.volumeName(for: plan)] {
                result[n] = v
                used.insert(names.volumeName(for: plan))
            } else if let v = map[names.seriesKey(for: plan)] {
                result[n] = v
                used.insert(names.seriesKey(for: plan))
            }
        }
        for key in map.keys.sorted() where strict && !used.contains(key) {
            if !assembly.plans.contains(where: { names.seriesKey(for: $0) == key }) { throw AlignmentError.unknownOverrideKey(key) }
        }
        return result
    }
}
