import Foundation
import MaskMorphology
import PNGRender
import Registration
import VolumeModule

/// The pictures of `<out>/<patientKey>/qa/` (drawn with PNGRender, as the study QA pages): for the baseline and
/// each follow-up an axial slice through the centre of the target lesion, cropped to the same square of patient
/// space around it, with
///
/// - the target lesion outline (red; on a follow-up the baseline tumour carried through the registration),
/// - Lipiodol in the target region (yellow) and off-target Lipiodol in the liver (pink),
/// - viable (arterially enhancing) tumour (orange),
/// - the longest axial diameters with their end points: D1 (cyan) on the baseline, d1 (lime) on the baseline
///   and d2 (lime) on the follow-up — solid when the diameter lies on the slice shown, dashed when projected
///   from another slice (its slice is in the caption and `course.json`);
///
/// and a checkerboard of the registered follow-up over the baseline: the follow-up resampled onto the baseline
/// slice through the recorded transform (baseline point → follow-up point, the inverse of elastix's fixed →
/// moving transform), squares alternating with the baseline.
///
/// File names are fixed (`baseline.png`, `followup-<n>.png`, `checkerboard-<n>.png`, n = 1, 2, … in course
/// order); pictures carry only orientation letters and the legend, captions only study keys, day offsets and
/// measurements — no patient value.
struct CourseQA {
    /// Side of each tile, pixels (the crop square of patient space is drawn at this size).
    static let tileSize = 256
    /// Patient space shown around the lesion's in-plane extent, mm on each side; the square is at least
    /// ``minimumSideMM``.
    static let marginMM = 25.0
    static let minimumSideMM = 80.0

    static let target = OverlayStructure(name: "Target lesion", color: OverlayStructure.tumour.color)
    static let offTarget = OverlayStructure(name: "Off-target Lipiodol", color: RGBAColor(255, 64, 160))
    static let bigD1Line = OverlayStructure(name: "D1", color: RGBAColor(0, 255, 255))
    static let viableLine = OverlayStructure(name: "d1/d2", color: RGBAColor(160, 255, 0))

    /// One rendered picture and where it lies in patient space.
    struct Picture {
        var file: String
        var caption: String
        var image: RGBAImage
        var record: PatientCourseOutput.CourseRecord.Picture
    }

    /// The side of the square crop, mm: the baseline tumour's larger in-plane extent plus the margins.
    let sideMM: Double
    let baseline: CourseBaseline
    /// The baseline picture and the view its checkerboards share.
    let baselinePicture: Picture
    private let baselineView: SliceView

    /// Renders the baseline picture. - Throws: PNGRender errors (a lesion outside its image).
    init(_ baseline: CourseBaseline) throws {
        self.baseline = baseline
        let grid = baseline.tumour.geometry
        let box = baseline.tumour.nonZeroBoundingBox() ?? IndexBox(lower: Index3(0, 0, 0), upper: Index3(0, 0, 0))
        let extent = max(Double(box.upper.i - box.lower.i + 1) * grid.spacing.x, Double(box.upper.j - box.lower.j + 1) * grid.spacing.y)
        sideMM = max(Self.minimumSideMM, extent + 2 * Self.marginMM)
        let centre = SliceRenderer.centroid(of: baseline.tumour) ?? grid.physicalPoint(i: 0, j: 0, k: 0)
        let view = try Self.view(grid, centre: centre, side: sideMM)
        baselineView = view
        // Fills first, the target outline on top; d1 before D1, so D1 stays visible where they coincide.
        var overlays: [MaskOverlay] = []
        if let viable = baseline.viable { overlays.append(MaskOverlay(structure: .enhancingTumour, mask: viable, outlineWidth: 1, fillOpacity: 0.3)) }
        overlays.append(MaskOverlay(structure: Self.target, mask: baseline.tumour, outlineWidth: 2, fillOpacity: 0))
        let lines = [baseline.d1Diameter.map { ($0, Self.viableLine) }, baseline.bigD1Diameter.map { ($0, Self.bigD1Line) }].compactMap { $0 }
        let image = try Self.render(baseline.image, view: view, overlays: overlays, lines: lines)
        var caption = "baseline \(baseline.study.key): target lesion \(String(format: "%.2f", baseline.tumourML)) mL"
        caption += Self.describe("D1", baseline.bigD1Diameter, shownSlice: view.sliceIndex)
        caption += baseline.d1 == nil ? ", d1 not measured (no unenhanced + arterial phases)"
            : baseline.d1Diameter != nil && baseline.d1Diameter == baseline.bigD1Diameter ? ", d1 = D1 (the whole tumour enhances)"
            : Self.describe("d1", baseline.d1Diameter, shownSlice: view.sliceIndex)
        baselinePicture = Picture(file: "baseline.png", caption: caption, image: image,
                                  record: .init(file: "baseline.png", study: baseline.study.key, slice: view.sliceIndex,
                                                centreLPS: centre, pixelSizeMM: view.pixelSize, width: view.width, height: view.height))
    }

    /// The follow-up picture and the checkerboard of follow-up `number` (1-based).
    /// - Returns: the pictures and warnings (a checkerboard that could not be drawn).
    func followUp(_ number: Int, study: String, days: Int?, measured: CourseFollowUp) throws -> (pictures: [Picture], warnings: [String]) {
        let m = measured.masks
        let grid = m.target.geometry
        let centre = SliceRenderer.centroid(of: m.target)
            ?? measured.registration.transform.inverse?.transformPoint(baselinePicture.record.centreLPS)
            ?? grid.physicalPoint(i: grid.size.i / 2, j: grid.size.j / 2, k: grid.size.k / 2)
        let view = try Self.view(grid, centre: centre, side: sideMM)
        var overlays: [MaskOverlay] = []
        if let viable = m.viable { overlays.append(MaskOverlay(structure: .enhancingTumour, mask: viable, outlineWidth: 1, fillOpacity: 0.3)) }
        if let lipiodol = m.lipiodol { overlays.append(MaskOverlay(structure: .lipiodol, mask: lipiodol, outlineWidth: 1, fillOpacity: 0.35)) }
        if let off = m.offTarget { overlays.append(MaskOverlay(structure: Self.offTarget, mask: off, outlineWidth: 1, fillOpacity: 0.35)) }
        overlays.append(MaskOverlay(structure: Self.target, mask: m.target, outlineWidth: 2, fillOpacity: 0))
        let image = try Self.render(m.image, view: view, overlays: overlays, lines: m.d2.map { [($0, Self.viableLine)] } ?? [])
        let r = measured.response
        var caption = "follow-up \(number) \(study)" + (days.map { " (day \($0))" } ?? "") + ": carried target lesion "
            + String(format: "%.2f mL", r.targetLesionML)
        if let l = r.lipiodol {
            caption += String(format: ", Lipiodol in target %.2f mL (coverage %.1f %%)", l.inTargetML, 100 * l.coverage)
            caption += l.offTargetML.map { String(format: ", off-target %.2f mL", $0) } ?? ", off-target not measured"
        }
        if r.viable != nil { caption += Self.describe("d2", m.d2, shownSlice: view.sliceIndex) }
        let file = "followup-\(number).png"
        var pictures = [Picture(file: file, caption: caption, image: image,
                                record: .init(file: file, study: study, slice: view.sliceIndex, centreLPS: centre,
                                              pixelSizeMM: view.pixelSize, width: view.width, height: view.height))]
        var warnings: [String] = []
        if let inverse = measured.registration.transform.inverse {
            pictures.append(try checkerboard(number, study: study, followUp: m.image, baselineToFollowUp: inverse,
                                             method: measured.registration.method))
        } else {
            warnings.append("checkerboard of follow-up \(study) not drawn: the registration transform has no inverse")
        }
        return (pictures, warnings)
    }

    /// The follow-up resampled onto the baseline picture's slice, checkered with the baseline.
    private func checkerboard(_ number: Int, study: String, followUp: Volume<Float>, baselineToFollowUp: AffineTransform3D,
                              method: String) throws -> Picture {
        let view = baselineView
        let slab = try Self.slabView(of: view)
        let fixed = try baseline.image.resampled(onto: slab.geometry, interpolation: .linear, defaultValue: -1024)
        let moved = try followUp.resampled(onto: slab.geometry, through: baselineToFollowUp, interpolation: .linear, defaultValue: -1024)
        var image = Checkerboard.combine(slab.render(fixed, window: .abdomen), slab.render(moved, window: .abdomen),
                                         squareSize: max(1, Self.tileSize / 8))
        image.drawOverlay(raster: view.sample(baseline.tumour), overlay: MaskOverlay(structure: Self.target, mask: baseline.tumour,
                                                                                      outlineWidth: 1, fillOpacity: 0))
        image.drawOrientationLetters(.axial)
        let file = "checkerboard-\(number).png"
        return Picture(file: file, caption: "checkerboard: baseline / follow-up \(number) \(study) registered (\(method)), baseline target lesion outlined",
                       image: image.stacked(above: RGBAImage.legend([Self.target], width: image.width)),
                       record: .init(file: file, study: baselinePicture.record.study, slice: view.sliceIndex,
                                     centreLPS: baselinePicture.record.centreLPS, pixelSizeMM: view.pixelSize,
                                     width: view.width, height: view.height))
    }

    // MARK: - Drawing

    /// The axial view of `grid` centred (in the plane) on `centre`, a square of `side` mm at ``tileSize`` pixels.
    static func view(_ grid: VolumeGeometry, centre: Vector3, side: Double) throws -> SliceView {
        let whole = try SliceView(geometry: grid, plane: .axial, through: centre, pixelSize: 1)
        let p = whole.pixelPosition(of: centre) ?? (0, 0)
        let (x, y) = (p.x + 0.5, p.y + 0.5)  // display mm of the centre (pixel size 1, origin 0)
        return try SliceView(geometry: grid, plane: .axial, through: centre, pixelSize: side / Double(tileSize),
                             region: (x - side / 2...x + side / 2, y - side / 2...y + side / 2))
    }

    /// The same pixels as `view` on its one-slice grid (``PNGRender/SliceView/sliceGeometry``), for images
    /// resampled onto the shown slice only.
    static func slabView(of view: SliceView) throws -> SliceView {
        let slab = view.sliceGeometry
        return try SliceView(geometry: slab, plane: .axial, through: slab.origin, pixelSize: view.pixelSize,
                             region: (view.originX...view.originX + Double(view.width) * view.pixelSize,
                                      view.originY...view.originY + Double(view.height) * view.pixelSize))
    }

    /// `image` (on any grid in the same patient space) on the view's slice, the overlays (on the view's grid), the
    /// diameter lines with end-point markers, orientation letters and a legend strip below.
    static func render(_ image: Volume<Float>, view: SliceView, overlays: [MaskOverlay],
                       lines: [(AxialDiameter, OverlayStructure)]) throws -> RGBAImage {
        let slab = try slabView(of: view)
        let onSlice = try image.resampled(onto: slab.geometry, interpolation: .linear, defaultValue: -1024)
        var tile = slab.render(onSlice, window: .abdomen)
        for o in overlays { tile.drawOverlay(raster: view.sample(o.mask), overlay: o) }
        for (diameter, structure) in lines {
            guard let a = view.pixelPosition(of: diameter.start), let b = view.pixelPosition(of: diameter.end) else { continue }
            let shown = view.normalAxis == 2 && diameter.slice == view.sliceIndex
            tile.drawLine(from: a, to: b, color: structure.color, width: structure == bigD1Line ? 2 : 1, dash: shown ? 0 : 3)
            tile.drawMarker(at: a, color: structure.color)
            tile.drawMarker(at: b, color: structure.color)
        }
        tile.drawOrientationLetters(.axial)
        return tile.stacked(above: RGBAImage.legend(overlays.map(\.structure) + lines.map(\.1), width: tile.width))
    }

    /// `", D1 30.0 mm (slice k)"`, noting when the diameter lies on another slice than the one shown.
    static func describe(_ name: String, _ diameter: AxialDiameter?, shownSlice: Int) -> String {
        guard let diameter else { return ", \(name) 0 mm (nothing viable)" }
        let where_ = diameter.slice == shownSlice ? "on this slice" : "slice \(diameter.slice), dashed"
        return String(format: ", %@ %.1f mm (%@)", name, diameter.length, where_)
    }
}
