import DICOMBackend
import Foundation
import MaskMorphology
import Registration
import VolumeModule

/// One follow-up of a patient course, measured against its ``CourseBaseline``:
///
/// 1. **Fixed image**: the follow-up's unenhanced CT, else its first CT.
/// 2. **Registration**: patient coordinates when baseline and follow-up share a frame of reference (equal
///    pseudonymous keys of the FrameOfReferenceUID), else elastix (``ElastixRegistration``, follow-up fixed,
///    baseline moving, metric restricted by the baseline liver ∪ tumour grown by 20 mm).
/// 3. **Target lesion**: the baseline tumour (and liver) carried onto the fixed grid (partial volume ≥ 0.5).
/// 4. **Lipiodol** (post-treatment, unenhanced fixed image): voxels ≥ `lipiodol_threshold_hu` inside the
///    target lesion grown by `lipiodol_margin_mm`, bounded at half maximum unless `lipiodol_boundary: threshold`
///    (``LipiodolSegmentation/Boundary``); coverage = their volume / that region's volume; deposits in
///    the carried liver outside the region are reported as off-target and never enter the coverage.
/// 5. **Viable tumour and necrosis rate** (unenhanced and arterial phases in one frame): AP resampled onto the
///    NC grid through patient coordinates; viable = target-lesion voxels with AP − NC ≥
///    `enhancement_threshold_hu`, every voxel ≥ `lipiodol_threshold_hu` excluded; rate = (d1 − d2) / D1 (``NecrosisRate``).
struct CourseFollowUp {
    /// What the follow-up's QA pictures and mask files show, all on the fixed (follow-up unenhanced) grid.
    struct Masks {
        /// The fixed image and its volume name (`se-…_n`).
        var image: Volume<Float>
        var volume: String
        /// The baseline tumour carried onto the follow-up.
        var target: Mask
        /// Lipiodol inside the target region and in the liver outside it (post-treatment unenhanced CT only).
        var lipiodol: Mask?
        var offTarget: Mask?
        /// Viable tumour and d2 with its end points (NC + arterial in one frame only).
        var viable: Mask?
        var d2: AxialDiameter?
    }

    var response: PatientResponse.FollowUp
    var registration: RegistrationResult
    var warnings: [String]
    var masks: Masks

    /// Measures `study` against `baseline`.
    /// - Parameters:
    ///   - treatment: the follow-up's treatment status (Lipiodol only when post-treatment).
    ///   - daysSinceBaseline: day difference of the StudyDates, or `nil`.
    ///   - register: runs elastix (fixed, moving, moving mask) when the frames differ.
    /// - Throws: ``PipelineError/noInput(_:)`` without a CT, ``RegistrationError``, reading and morphology errors.
    init(_ study: PublishedStudy, baseline: CourseBaseline, treatment: TreatmentStatus, daysSinceBaseline: Int?,
         configuration: ProcessConfiguration,
         register: (_ fixed: Volume<Float>, _ moving: Volume<Float>, _ movingMask: Mask) throws -> RegistrationResult) throws {
        guard let fixedVolume = study.ct(.nonContrast) ?? study.volumes.first(where: { $0.modality == "CT" }) else {
            throw PipelineError.noInput("the follow-up has no CT volume")
        }
        var warnings: [String] = []
        let fixed = try VolumeFiles.image(fixedVolume.image)
        let grid = fixed.geometry
        let sameFrame = baseline.frame != nil && baseline.frame == fixedVolume.frameOfReferenceKey
        let registration = sameFrame ? RegistrationResult.patientCoordinates()
            : try register(fixed, baseline.image, baseline.movingMask)
        let target = try registration.carried(baseline.tumour, onto: grid)
        let liver = try baseline.liver.map { try registration.carried($0, onto: grid) }
        if target.count(of: 1) == 0 { warnings.append("the carried target lesion is empty on the follow-up grid") }

        var lipiodol: PatientResponse.Lipiodol?
        var lipiodolMask: Mask?
        var offTargetMask: Mask?
        switch (treatment, fixedVolume.phase) {
        case (.postTreatment, .nonContrast):
            let region = configuration.lipiodolMarginMM > 0 ? try target.dilated(byMillimetres: configuration.lipiodolMarginMM) : target
            let rule = LipiodolSegmentation(range: IntensityRange(lower: configuration.lipiodolThresholdHU),
                                            boundary: configuration.lipiodolBoundary)
            let inTarget = try rule.segment(fixed, within: region)
            let offTarget = try liver.map { try rule.segment(fixed, within: CourseMasks.subtracting($0, region)) }
            let regionVoxels = region.count(of: 1)
            lipiodol = .init(thresholdHU: configuration.lipiodolThresholdHU, inTargetML: CourseMasks.millilitres(inTarget),
                             coverage: regionVoxels == 0 ? 0 : Double(inTarget.count(of: 1)) / Double(regionVoxels),
                             offTargetML: offTarget.map(CourseMasks.millilitres))
            lipiodolMask = inTarget
            offTargetMask = offTarget
            if liver == nil { warnings.append("off-target Lipiodol not measured: the baseline has no liver mask") }
        case (.postTreatment, _):
            warnings.append("Lipiodol not measured: the follow-up has no unenhanced CT")
        default:
            warnings.append("Lipiodol not measured: the follow-up is \(treatment.rawValue)")
        }

        var viable: PatientResponse.Viable?
        var necrosis: PatientResponse.Necrosis?
        var viableMask: Mask?
        var d2Diameter: AxialDiameter?
        let arterial = fixedVolume.phase == .nonContrast
            ? study.volumes.first { $0.phase == .arterial && $0.modality == "CT" && $0.frameOfReferenceKey != nil
                && $0.frameOfReferenceKey == fixedVolume.frameOfReferenceKey }
            : nil
        if let arterial {
            let ap = try VolumeFiles.image(arterial.image).resampled(onto: grid, interpolation: .linear, defaultValue: -1024)
            var mask = try CourseMasks.viable(tumour: target, unenhanced: fixed, arterial: ap, configuration: configuration,
                                              excludingLipiodol: false)
            if treatment == .postTreatment {
                // Every dense voxel, the partial-volume rim included: it is not measurable tumour either.
                let dense = try LipiodolSegmentation(range: IntensityRange(lower: configuration.lipiodolThresholdHU), boundary: .threshold)
                    .segment(fixed, within: target)
                mask = CourseMasks.subtracting(mask, dense)
            }
            d2Diameter = try AxialDiameter.longest(in: mask)
            viableMask = mask
            let d2 = d2Diameter?.length ?? 0
            viable = .init(ml: CourseMasks.millilitres(mask), longestAxialDiameterMM: d2)
            if let d1 = baseline.d1, let bigD1 = baseline.bigD1, bigD1 > 0 {
                let rate = try NecrosisRate(baselineViableDiameter: d1, followUpViableDiameter: d2, baselineTumourDiameter: bigD1)
                necrosis = .init(d1MM: d1, d2MM: d2, bigD1MM: bigD1, rate: rate.rate, response: rate.isResponse)
            } else {
                warnings.append("necrosis rate not computed: the baseline has no unenhanced and arterial phases in the tumour's frame")
            }
        } else {
            warnings.append("viable tumour not measured: the follow-up has no unenhanced and arterial CT in one frame of reference")
        }

        let metric = registration.stages.last?.finalMetric
        response = .init(study: study.key, daysSinceBaseline: daysSinceBaseline,
                         registration: .init(method: registration.method, metric: metric.flatMap { $0.isFinite ? $0 : nil },
                                             sameFrameOfReference: registration.sameFrameOfReference),
                         targetLesionML: CourseMasks.millilitres(target), lipiodol: lipiodol, viable: viable, necrosisRate: necrosis)
        self.registration = registration
        self.warnings = warnings
        masks = Masks(image: fixed, volume: fixedVolume.name, target: target, lipiodol: lipiodolMask, offTarget: offTargetMask,
                      viable: viableMask, d2: d2Diameter)
    }
}
