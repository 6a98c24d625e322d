import VolumeModule

/// Groups scanned instances into volume plans (DICOM PS3.3 C.7.6.2): by study, series, frame of
/// reference, role (localizer, derived, secondary capture), orientation (within 10⁻³), pixel spacing and
/// rows/columns; then splits repeated positions (two acquisitions in one series) by AcquisitionNumber,
/// acquisition time, temporal position or, failing those, by instance order. Every split is recorded.
public struct SeriesAssembly: Sendable {
    /// The instances the plans refer to.
    public var instances: [DICOMInstance]
    /// One plan per output volume.
    public var plans: [VolumePlan]
    /// Image files that could not be placed in a volume (no position or orientation), as errors.
    public var unplaceable: [DICOMError]
    /// Non-volume objects (SEG, RTSTRUCT…) found, as (path, what it is).
    public var otherObjects: [(path: String, kind: String)]

    /// Orientation tolerance (direction cosine difference) for grouping planes.
    public static let orientationTolerance = 1e-3

    /// Assembles the instances of a scan.
    public init(_ scanned: [DICOMInstance]) {
        instances = scanned
        plans = []
        unplaceable = []
        otherObjects = []
        struct Key: Hashable {
            var study: String, series: String, frameOfReference: String, role: VolumePlan.Role
            var rows: Int, columns: Int
        }
        var groups: [Key: [VolumePlan.Plane]] = [:]
        var order: [Key] = []
        for (n, instance) in instances.enumerated() {
            if let kind = SOPClass.nonVolume[instance.sopClassUID] ?? SOPClass.nonImage[instance.sopClassUID] {
                otherObjects.append((instance.path, kind))
                continue
            }
            guard let format = instance.planeFormat else {
                otherObjects.append((instance.path, "object without pixel data"))
                continue
            }
            let key = Key(study: instance.studyInstanceUID ?? "", series: instance.seriesInstanceUID ?? "",
                          frameOfReference: instance.frameOfReferenceUID ?? "", role: Self.role(of: instance),
                          rows: format.rows, columns: format.columns)
            var missing: [String: Int] = [:]
            for frame in instance.frames {
                let absent = [("ImagePositionPatient", frame.position == nil), ("ImageOrientationPatient", frame.orientation == nil),
                              ("PixelSpacing", frame.pixelSpacing == nil)].filter(\.1).map(\.0)
                guard absent.isEmpty else {
                    for name in absent { missing[name, default: 0] += 1 }
                    continue
                }
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(VolumePlan.Plane(instance: n, frame: frame))
            }
            if !missing.isEmpty {
                // One error per file, however many frames it claims.
                let names = missing.keys.sorted().joined(separator: ", ")
                let unplaced = instance.frames.count - instance.frames.filter { $0.position != nil && $0.orientation != nil && $0.pixelSpacing != nil }.count
                let which = instance.frames.count == 1 ? "the image has" : "\(unplaced) of \(instance.frames.count) frame(s) have"
                unplaceable.append(DICOMError(.missingAttribute, "\(which) no \(names); it cannot be placed in a volume", file: instance.path))
            }
        }
        var perSeries: [String: Int] = [:]
        for key in order {
            let clusters = splitByGeometry(groups[key]!).flatMap { cluster in
                splitByEcho(cluster.0).map { (planes: $0.0, reasons: cluster.1 + ($0.1.map { [$0] } ?? [])) }
            }.flatMap { cluster in
                splitByDiffusion(cluster.planes).map { (planes: $0.0, reasons: cluster.reasons, diffusion: $0.1, diffusionReason: $0.2) }
            }
            for (planes, reasons, diffusion, diffusionReason) in clusters {
                for (subset, repeatReason) in splitRepeatedPositions(planes) {
                    let first = instances[subset[0].instance]
                    let frame = subset[0].frame
                    var why = reasons
                    if key.role != .primary { why.insert("\(key.role.rawValue) images are kept apart from the acquisition", at: 0) }
                    if let r = diffusionReason { why.append(r) }
                    if let r = repeatReason { why.append(r) }
                    let seriesID = key.study + "|" + key.series
                    perSeries[seriesID, default: 0] += 1
                    plans.append(VolumePlan(
                        role: key.role, splitReasons: why, planes: subset, modality: first.modality,
                        sopClassUID: first.sopClassUID, pixelFormat: first.planeFormat!,
                        rowDirection: frame.orientation!.row, columnDirection: frame.orientation!.column,
                        pixelSpacing: frame.pixelSpacing!, studyInstanceUID: key.study, seriesInstanceUID: key.series,
                        frameOfReferenceUID: key.frameOfReference.isEmpty ? nil : key.frameOfReference,
                        indexInSeries: perSeries[seriesID]!,
                        instanceNumbers: Dictionary(subset.compactMap { p in instances[p.instance].instanceNumber.map { (p.instance, $0) } },
                                                    uniquingKeysWith: { a, _ in a }),
                        diffusion: diffusion))
                }
            }
        }
        // A series that produced more than one volume: say so on every volume.
        let counts = plans.reduce(into: [String: Int]()) { $0[$1.studyInstanceUID + "|" + $1.seriesInstanceUID, default: 0] += 1 }
        for n in plans.indices where counts[plans[n].studyInstanceUID + "|" + plans[n].seriesInstanceUID]! > 1 && plans[n].splitReasons.isEmpty {
            plans[n].splitReasons = ["series holds more than one volume; this is the main acquisition"]
        }
    }

    /// Whether the pipeline analyses a volume (aligns it, measures and extracts features on it): a primary image, or a
    /// scanner's own MR diffusion map — DERIVED with ImageType ADC or TRACEW, the images radiologists read and liver
    /// DWI radiomics uses. Other derived images (CT reformats and MIPs, FA and colour maps) are converted only.
    public func isAnalysed(_ plan: VolumePlan) -> Bool {
        switch plan.role {
        case .primary: return true
        case .derived:
            guard plan.modality == "MR", let first = plan.planes.first, instances.indices.contains(first.instance) else { return false }
            let type = instances[first.instance].imageType
            return type.contains("ADC") || type.contains("TRACEW")
        case .localizer, .secondaryCapture: return false
        }
    }

    static func role(of instance: DICOMInstance) -> VolumePlan.Role {
        if instance.imageType.contains("LOCALIZER") { return .localizer }
        if SOPClass.isSecondaryCapture(instance.sopClassUID) { return .secondaryCapture }
        if instance.imageType.first == "DERIVED" { return .derived }
        return .primary
    }

    /// Clusters planes by orientation and pixel spacing. The largest cluster keeps no reason.
    private func splitByGeometry(_ planes: [VolumePlan.Plane]) -> [([VolumePlan.Plane], [String])] {
        var clusters: [[VolumePlan.Plane]] = []
        for plane in planes {
            let o = plane.frame.orientation!, s = plane.frame.pixelSpacing!
            if let c = clusters.firstIndex(where: { cluster in
                let r = cluster[0].frame.orientation!, t = cluster[0].frame.pixelSpacing!
                return o.row.maxAbsDifference(r.row) <= Self.orientationTolerance
                    && o.column.maxAbsDifference(r.column) <= Self.orientationTolerance
                    && abs(s.row - t.row) <= 1e-4 * max(1, t.row) && abs(s.column - t.column) <= 1e-4 * max(1, t.column)
            }) {
                clusters[c].append(plane)
            } else {
                clusters.append([plane])
            }
        }
        guard clusters.count > 1 else { return clusters.map { ($0, []) } }
        let largest = clusters.indices.max { clusters[$0].count < clusters[$1].count }!
        return clusters.indices.map { c in
            (clusters[c], c == largest ? [] : ["orientation or pixel spacing differs from the rest of the series"])
        }
    }

    /// Splits a multi-echo group (e.g. in- and opposed-phase T1, multi-echo T2*) into one group per echo time,
    /// shortest first, when the echoes repeat the slice positions: each echo is a volume of its own. Echo times
    /// within 0.01 ms are one echo; a group whose every plane has one echo time (or none) stays whole.
    private func splitByEcho(_ planes: [VolumePlan.Plane]) -> [([VolumePlan.Plane], String?)] {
        var echoes: [Double] = []
        for p in planes {
            guard let te = p.frame.echoTime else { return [(planes, nil)] }
            if !echoes.contains(where: { abs($0 - te) <= 0.01 }) { echoes.append(te) }
        }
        guard echoes.count > 1 else { return [(planes, nil)] }
        let o = planes[0].frame.orientation!
        let normal = o.row.cross(o.column).normalized
        let slots = Set(planes.map { Int((normal.dot($0.frame.position!) * 100).rounded()) })
        guard slots.count < planes.count else { return [(planes, nil)] }  // no position repeats: one volume
        echoes.sort()
        let groups = echoes.map { te in planes.filter { abs($0.frame.echoTime! - te) <= 0.01 } }
        return groups.map { ($0, "multi-echo series: split by echo time") }
    }

    /// Splits a diffusion-weighted group into one group per (b-value, direction), ordered by the first
    /// InstanceNumber of each (acquisition order, as dcm2niix's volumes). A group where no plane is
    /// diffusion-weighted (every b = 0 without direction, or no b-value) stays whole, without encoding.
    /// In a diffusion-weighted group, planes without any b-value attribute are b = 0 (``DiffusionEncoding/bValueAssumed``);
    /// planes whose b-value attribute was unreadable stay apart without encoding; the scanner's isotropic image
    /// is its own volume (``DiffusionEncoding/isotropic``).
    private func splitByDiffusion(_ planes: [VolumePlan.Plane]) -> [([VolumePlan.Plane], DiffusionEncoding?, String?)] {
        guard planes.contains(where: { $0.frame.diffusion?.isWeighted == true }) else { return [(planes, nil, nil)] }
        var planes = planes
        for n in planes.indices where planes[n].frame.diffusion == nil && planes[n].frame.diffusionWarning == nil {
            var assumed = DiffusionEncoding(bValue: 0, direction: nil, source: "no b-value attribute in a diffusion-weighted series: b = 0")
            assumed.bValueAssumed = true
            planes[n].frame.diffusion = assumed
        }
        struct Key: Hashable { var b: Double?, direction: Vector3?, isotropic: Bool }
        var buckets: [Key: [VolumePlan.Plane]] = [:]
        var keys: [Key] = []
        for p in planes {
            let k = Key(b: p.frame.diffusion?.bValue, direction: p.frame.diffusion?.groupingDirection, isotropic: p.frame.diffusion?.isotropic ?? false)
            if buckets[k] == nil { keys.append(k) }
            buckets[k, default: []].append(p)
        }
        func first(_ k: Key) -> (Int, Int) {
            buckets[k]!.map { (instances[$0.instance].instanceNumber ?? Int.max, $0.frame.frame) }.min { $0 < $1 }!
        }
        let ordered = keys.map { ($0, first($0)) }.sorted { $0.1 < $1.1 }.map(\.0)
        guard keys.count > 1 else { return [(planes, planes[0].frame.diffusion, nil)] }
        return ordered.map { k in
            let group = buckets[k]!
            let reason = k.b == nil ? "diffusion-weighted series: planes without a readable b-value kept apart"
                                    : "diffusion-weighted series: split by b-value and gradient direction"
            return (group, k.b == nil ? nil : group[0].frame.diffusion, reason)
        }
    }

    /// Splits planes that repeat positions into separate acquisitions.
    private func splitRepeatedPositions(_ planes: [VolumePlan.Plane]) -> [([VolumePlan.Plane], String?)] {
        let o = planes[0].frame.orientation!
        let normal = o.row.cross(o.column).normalized
        func hasRepeats(_ subset: [VolumePlan.Plane]) -> Bool {
            let z = subset.map { normal.dot($0.frame.position!) }.sorted()
            return zip(z, z.dropFirst()).contains { $1 - $0 <= 0.01 }
        }
        guard hasRepeats(planes) else { return [(planes, nil)] }
        let criteria: [(String, (VolumePlan.Plane) -> String?)] = [
            ("AcquisitionNumber", { self.instances[$0.instance].acquisitionNumber.map(String.init) }),
            ("acquisition time", { $0.frame.acquisitionTime ?? self.instances[$0.instance].acquisition.acquisitionTime }),
            ("TemporalPositionIndex", { $0.frame.temporalPosition.map(String.init) }),
        ]
        for (name, value) in criteria {
            var buckets: [String: [VolumePlan.Plane]] = [:]
            var keys: [String] = []
            for p in planes {
                let k = value(p) ?? ""
                if buckets[k] == nil { keys.append(k) }
                buckets[k, default: []].append(p)
            }
            if keys.count > 1 && !keys.contains("") && keys.allSatisfy({ !hasRepeats(buckets[$0]!) }) {
                let sortedKeys = keys.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }
                return sortedKeys.map { (buckets[$0]!, "repeated positions in the series: split by \(name)") }
            }
        }
        // Same count at every position: the n-th occurrence (in InstanceNumber order) goes to volume n.
        let byInstance = planes.sorted {
            (instances[$0.instance].instanceNumber ?? 0, $0.frame.frame) < (instances[$1.instance].instanceNumber ?? 0, $1.frame.frame)
        }
        var occurrences: [Int: Int] = [:]
        var split: [[VolumePlan.Plane]] = []
        for p in byInstance {
            let slot = Int((normal.dot(p.frame.position!) * 100).rounded())
            let n = occurrences[slot, default: 0]
            occurrences[slot] = n + 1
            if split.count <= n { split.append([]) }
            split[n].append(p)
        }
        if Set(occurrences.values).count == 1 {
            return split.map { ($0, "repeated positions in the series: split by InstanceNumber order") }
        }
        return [(planes, nil)]  // Left to the loader: classified as duplicate positions.
    }
}
