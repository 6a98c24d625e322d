import Foundation

/// What the phase rules look at for one volume. Built from DICOM headers by
/// ``init(plan:instances:)``; tests may build it directly.
///
/// ``studyGroup`` and ``seriesDescription`` are patient-adjacent: they are used to group and to match
/// keywords, never written anywhere.
public struct PhaseClues: Sendable {
    /// Identifies the study the volume belongs to (volumes are ordered within their study only).
    public var studyGroup: String
    /// Role of the volume: only primary volumes take part in the order and absence rules; localizers get no phase.
    public var role: VolumePlan.Role
    /// Modality (order and absence rules compare volumes of the same modality only).
    public var modality: String
    /// Contrast/Bolus Agent Phase (0018,9344), as stored (defined terms PS3.3 C.7.6.16.2.30).
    public var agentPhase: String?
    /// Whether ContrastBolusAgent (0018,0010) has a non-empty value.
    public var hasContrastAgent: Bool
    /// Whether ContrastBolusRoute (0018,1040) has a non-empty value.
    public var hasContrastRoute: Bool
    /// ContrastBolusStartTime (0018,1042) in seconds since midnight.
    public var bolusStartSeconds: Double?
    /// Acquisition time in seconds since midnight: the earliest AcquisitionTime (0008,0032) of the volume's
    /// planes, else the earliest time part of FrameAcquisitionDateTime (0018,9074), else ContentTime
    /// (0008,0033), else SeriesTime (0008,0031) of the first plane's file.
    public var acquisitionSeconds: Double?
    /// Which attribute ``acquisitionSeconds`` came from (for evidence strings).
    public var acquisitionSource: String?
    /// SeriesDescription (0008,103E): used for keywords, never output.
    public var seriesDescription: String?

    /// Creates clues directly (tests, other sources).
    public init(studyGroup: String, role: VolumePlan.Role = .primary, modality: String = "CT", agentPhase: String? = nil,
                hasContrastAgent: Bool = false, hasContrastRoute: Bool = false, bolusStartSeconds: Double? = nil,
                acquisitionSeconds: Double? = nil, acquisitionSource: String? = nil, seriesDescription: String? = nil) {
        self.studyGroup = studyGroup
        self.role = role
        self.modality = modality
        self.agentPhase = agentPhase
        self.hasContrastAgent = hasContrastAgent
        self.hasContrastRoute = hasContrastRoute
        self.bolusStartSeconds = bolusStartSeconds
        self.acquisitionSeconds = acquisitionSeconds
        self.acquisitionSource = acquisitionSource
        self.seriesDescription = seriesDescription
    }

    /// Reads the clues of a plan from the header of its first plane's file.
    public init(plan: VolumePlan, instances: [DICOMInstance]) {
        let first = instances[plan.planes[0].instance]
        let a = first.acquisition
        func nonEmpty(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            return t
        }
        var time: Double?
        var source: String?
        // The earliest time over the planes: the start of the scan (slices of a helical scan differ by seconds).
        let acquisitionTimes = plan.planes.compactMap { nonEmpty(instances[$0.instance].acquisition.acquisitionTime).flatMap(DICOMTime.seconds(tm:)) }
        let frameTimes = plan.planes.compactMap { nonEmpty($0.frame.acquisitionTime).flatMap { DICOMTime.seconds(dt: $0) ?? DICOMTime.seconds(tm: $0) } }
        if let t = acquisitionTimes.min() {
            (time, source) = (t, "AcquisitionTime (0008,0032)")
        } else if let t = frameTimes.min() {
            (time, source) = (t, "FrameAcquisitionDateTime (0018,9074)")
        } else if let t = nonEmpty(a.contentTime).flatMap(DICOMTime.seconds(tm:)) {
            (time, source) = (t, "ContentTime (0008,0033)")
        } else if let t = nonEmpty(a.seriesTime).flatMap(DICOMTime.seconds(tm:)) {
            (time, source) = (t, "SeriesTime (0008,0031)")
        }
        self.init(studyGroup: plan.studyInstanceUID, role: plan.role, modality: plan.modality,
                  agentPhase: nonEmpty(a.contrastBolusAgentPhase)?.uppercased(),
                  hasContrastAgent: nonEmpty(a.contrastBolusAgent) != nil, hasContrastRoute: nonEmpty(a.contrastBolusRoute) != nil,
                  bolusStartSeconds: nonEmpty(a.contrastBolusStartTime).flatMap(DICOMTime.seconds(tm:)),
                  acquisitionSeconds: time, acquisitionSource: source, seriesDescription: nonEmpty(first.identity.seriesDescription))
    }

    /// Whether any contrast attribute says contrast was given (agent, route, start time, or a post-contrast
    /// agent phase).
    var indicatesContrast: Bool {
        hasContrastAgent || hasContrastRoute || bolusStartSeconds != nil || (agentPhase != nil && agentPhase != "PRE_CONTRAST")
    }
}
