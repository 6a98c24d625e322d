/// What the MR sequence rules look at for one volume. Built from DICOM headers by ``init(plan:instances:)``;
/// tests may build it directly. The series description and agent name are used, never written out.
public struct MRSequenceClues: Sendable {
    /// Timing, contrast and grouping clues shared with the CT phase rules.
    public var timing: PhaseClues
    /// ImageType (0008,0008) values, upper case.
    public var imageType: [String]
    /// The MR acquisition attributes of the volume's first file.
    public var acquisition: MRAcquisition
    /// b-value of a diffusion-weighted volume (0 for the b = 0 volume of a diffusion series), else `nil`.
    public var bValue: Double?
    /// Whether ContrastBolusAgent (0018,0010) names a hepatobiliary agent (gadoxetate: Gd-EOB-DTPA,
    /// Primovist, Eovist).
    public var hepatobiliaryAgent: Bool

    /// Creates clues directly.
    public init(timing: PhaseClues, imageType: [String] = [], acquisition: MRAcquisition, bValue: Double? = nil,
                hepatobiliaryAgent: Bool = false) {
        self.timing = timing
        self.imageType = imageType
        self.acquisition = acquisition
        self.bValue = bValue
        self.hepatobiliaryAgent = hepatobiliaryAgent
    }

    /// Reads the clues of an MR plan (`nil` for another modality or a file without MR attributes).
    public init?(plan: VolumePlan, instances: [DICOMInstance]) {
        let first = instances[plan.planes[0].instance]
        guard plan.modality == "MR", var acquisition = first.mr else { return nil }
        if let te = plan.planes[0].frame.echoTime { acquisition.echoTime = te }
        let agent = (first.acquisition.contrastBolusAgent ?? "").uppercased()
        self.init(timing: PhaseClues(plan: plan, instances: instances), imageType: first.imageType, acquisition: acquisition,
                  bValue: plan.diffusion?.bValue,
                  hepatobiliaryAgent: ["GADOXET", "EOB", "PRIMOVIST", "EOVIST"].contains { agent.contains($0) })
    }
}
