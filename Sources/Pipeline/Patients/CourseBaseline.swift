import DICOMBackend
import Foundation
import MaskMorphology
import VolumeModule

/// The baseline of a patient course, loaded once for all its follow-ups: the tumour (target lesion) and
/// liver masks on the tumour's grid, the image follow-ups are registered to (the unenhanced CT in the
/// tumour's frame of reference when the study has one, else the tumour's own image), the registration's
/// moving mask (liver ∪ tumour grown by ``movingMaskMarginMM``), D1 and — with non-contrast and arterial
/// phases in one frame — d1.
struct CourseBaseline {
    typealias Segment = PublishedStudy.Segment

    /// Growth of the liver ∪ tumour mask that restricts the registration metric, mm.
    static let movingMaskMarginMM = 20.0

    var study: PublishedStudy
    var tumour: Mask
    var liver: Mask?
    /// Registration's moving image and its pseudonymous frame of reference.
    var image: Volume<Float>
    var frame: String?
    var movingMask: Mask
    var tumourML: Double
    /// D1: the tumour's longest axial diameter with its end points (LPS mm) and slice.
    var bigD1Diameter: AxialDiameter?
    /// d1's diameter with its end points; `nil` without NC + arterial phases or when nothing enhances.
    var d1Diameter: AxialDiameter?
    /// d1: longest axial diameter of the viable tumour, mm (`nil` without NC + arterial phases; 0 when nothing enhances).
    var d1: Double?
    /// The viable tumour on the tumour's grid (`nil` without NC + arterial phases).
    var viable: Mask?

    /// D1, mm.
    var bigD1: Double? { bigD1Diameter?.length }

    /// Loads the baseline of `study` (which has a tumour segment).
    /// - Throws: ``PipelineError/noInput(_:)`` when the tumour's volume is missing, and reading errors.
    init(_ study: PublishedStudy, configuration: ProcessConfiguration) throws {
        guard let segment = study.tumour, let volume = study.volume(named: segment.volume) else {
            throw PipelineError.noInput("the baseline has no tumour mask on a published volume")
        }
        self.study = study
        tumour = try VolumeFiles.labels(segment.file).binary(selecting: 1)
        let grid = tumour.geometry
        let frame = volume.frameOfReferenceKey
        self.frame = frame
        // The liver through patient coordinates onto the tumour's grid: only from the same volume or frame.
        let liverSegment = study.liver.flatMap { s -> Segment? in
            s.volume == segment.volume || (frame != nil && study.volume(named: s.volume)?.frameOfReferenceKey == frame) ? s : nil
        }
        liver = try liverSegment.map { try VolumeFiles.labels($0.file).binary(selecting: 1).resampledNearest(onto: grid) }
        let plain = volume.phase == .nonContrast ? volume
            : frame.flatMap { f in study.volumes.first { $0.phase == .nonContrast && $0.modality == "CT" && $0.frameOfReferenceKey == f } }
        image = try VolumeFiles.image((plain ?? volume).image)
        var region = tumour
        if let liver { region = CourseMasks.union(region, liver) }
        movingMask = try region.dilated(byMillimetres: Self.movingMaskMarginMM)
        tumourML = CourseMasks.millilitres(tumour)
        bigD1Diameter = try AxialDiameter.longest(in: tumour)
        if let plain, let arterial = frame.flatMap({ f in study.volumes.first { $0.phase == .arterial && $0.modality == "CT" && $0.frameOfReferenceKey == f } }) {
            let nc = try VolumeFiles.image(plain.image).resampled(onto: grid, interpolation: .linear, defaultValue: -1024)
            let ap = try VolumeFiles.image(arterial.image).resampled(onto: grid, interpolation: .linear, defaultValue: -1024)
            let posttreatment = study.manifest.context?.treatment == .postTreatment
            let viable = try CourseMasks.viable(tumour: tumour, unenhanced: nc, arterial: ap, configuration: configuration,
                                                excludingLipiodol: posttreatment)
            d1Diameter = try AxialDiameter.longest(in: viable)
            d1 = d1Diameter?.length ?? 0
            self.viable = viable
        }
    }
}

/// Voxel-wise helpers of the patient course (all masks binary 0/1 on one grid).
enum CourseMasks {
    /// Volume of the non-zero voxels, mL.
    static func millilitres(_ mask: Mask) -> Double { Double(mask.count(of: 1)) * mask.geometry.voxelVolume / 1000 }

    /// `a ∪ b` on `a`'s grid (`b` must be congruent).
    static func union(_ a: Mask, _ b: Mask) -> Mask {
        precondition(a.voxels.count == b.voxels.count, "union of masks on different grids")
        var out = a
        for n in 0..<out.voxels.count where b.voxels[n] != 0 { out.voxels[n] = 1 }
        return out
    }

    /// `a \ b` on `a`'s grid (`b` must be congruent).
    static func subtracting(_ a: Mask, _ b: Mask) -> Mask {
        precondition(a.voxels.count == b.voxels.count, "difference of masks on different grids")
        var out = a
        for n in 0..<out.voxels.count where b.voxels[n] != 0 { out.voxels[n] = 0 }
        return out
    }

    /// Viable tumour: tumour voxels whose arterial enhancement (AP − NC) reaches `enhancement_threshold_hu`
    /// (mRECIST's arterially enhancing tumour), Lipiodol (NC ≥ `lipiodol_threshold_hu`) excluded when asked.
    static func viable(tumour: Mask, unenhanced: Volume<Float>, arterial: Volume<Float>, configuration: ProcessConfiguration,
                       excludingLipiodol: Bool) throws -> Mask {
        let enhancing = try EnhancementRule.subtraction(minimumIncrease: configuration.enhancementThresholdHU)
            .segment(tumour: tumour, arterial: arterial, unenhanced: unenhanced)
        guard excludingLipiodol else { return enhancing }
        let lipiodol = try LipiodolSegmentation(range: IntensityRange(lower: configuration.lipiodolThresholdHU), boundary: .threshold)
            .segment(unenhanced, within: tumour)
        return subtracting(enhancing, lipiodol)
    }
}
