import Foundation
import VolumeModule

/// The standard QA pictures of one study, and the folder (PNG files + `index.html`) that holds them.
///
/// Inputs are already on one grid (the pipeline aligns phases first): phases as (label, volume) and
/// structures as (structure, mask). Pictures, all in radiological orientation with square pixels:
///
/// | file | content |
/// |---|---|
/// | `overview-axial.png`, `-coronal`, `-sagittal` | reference phase through the focus point, every structure (outline + fill), letters, legend |
/// | `tumour-montage.png` | every axial slice through the focus structure (cropped around it, outlines only) |
/// | `phases.png` | one row per phase: axial, coronal, sagittal through the same point, same window |
/// | `checkerboard-2.png`, `-3`, … | axial checkerboard of the reference phase and phase 2, 3, … |
/// | `lipiodol-axial.png` | when a ``OverlayStructure/lipiodol`` mask is given: axial in the lipiodol window |
/// | `shell-map.png` | when a ``ShellMap`` is given: the map in a colour map with a colour bar |
///
/// File names are fixed or numbered by phase position — never derived from labels — and images carry
/// only the caller's labels, window values and orientation letters.
public struct QASet: Sendable {
    /// One phase of the aligned study.
    public struct Phase: Sendable {
        /// Short label chosen by the caller (e.g. "NC", "ART"); drawn with ``BitmapFont``.
        public var label: String
        /// Intensities on the common grid.
        public var volume: Volume<Float>
        /// Creates a phase.
        public init(label: String, volume: Volume<Float>) {
            self.label = label
            self.volume = volume
        }
    }

    /// A 2D scalar map (e.g. the tumour shell map) to show with a colour map.
    public struct ShellMap: Sendable {
        /// `width × height` values, row-major from the top row; NaN = no data.
        public var values: [Float]
        /// Columns and rows.
        public var width: Int, height: Int
        /// Value range mapped onto the colour map.
        public var range: ClosedRange<Double>
        /// Unit written after the range on the colour bar (e.g. "HU").
        public var unit: String
        /// Caption (describe the axes here, e.g. "shell map: angle × depth").
        public var caption: String
        /// Creates a map. - Precondition: `values.count == width × height`.
        public init(values: [Float], width: Int, height: Int, range: ClosedRange<Double>, unit: String, caption: String) {
            precondition(values.count == width * height, "values do not match the size")
            self.values = values
            self.width = width
            self.height = height
            self.range = range
            self.unit = unit
            self.caption = caption
        }
    }

    /// Rendering choices.
    public struct Options: Sendable {
        /// Window for every phase picture (same window across phases); e.g. ``WindowLevel/abdomen`` for CT,
        /// ``WindowLevel/percentiles(of:lower:upper:sampleLimit:)`` for MR.
        public var window: WindowLevel = .abdomen
        /// Index of the phase shown in the overviews and montage, and compared in the checkerboards.
        public var referencePhase: Int = 0
        /// Point (LPS mm) the slices pass through; `nil` = centroid of the focus structure.
        public var point: Vector3?
        /// The structure the montage follows and whose centroid is the default point: the first
        /// structure equal to this, else the first structure given.
        public var focus: OverlayStructure = .tumour
        /// Margin around the focus structure in the montage tiles, mm.
        public var montageMargin: Double = 20
        /// Longest side of each tile of `tumour-montage.png`, pixels.
        public var montageTileSize: Int = 192
        /// Longest side of each tile of `phases.png`, pixels.
        public var phaseTileSize: Int = 320
        /// Number of squares across a checkerboard.
        public var checkerSquares: Int = 8
        /// zlib level of the PNG files.
        public var compressionLevel: Int = PNGEncoder.defaultCompressionLevel
        /// Heading of `index.html`.
        public var title: String = "QA"
        /// Creates default options.
        public init() {}
    }

    /// A rendered picture with its file name and caption.
    public struct Picture: Sendable {
        /// File name inside the QA folder.
        public var file: String
        /// Caption on the page.
        public var caption: String
        /// The raster.
        public var image: RGBAImage
    }

    /// The phases (same grid).
    public var phases: [Phase]
    /// The structures (masks on the same grid), drawn in order.
    public var structures: [(structure: OverlayStructure, mask: Mask)]
    /// Measurement rows for the page.
    public var measurements: [(key: String, value: String)]
    /// Optional shell map.
    public var shellMap: ShellMap?
    /// Options.
    public var options: Options

    /// Creates a QA set. Nothing is checked until ``pictures()``.
    public init(phases: [Phase], structures: [(structure: OverlayStructure, mask: Mask)] = [],
                measurements: [(key: String, value: String)] = [], shellMap: ShellMap? = nil, options: Options = Options()) {
        self.phases = phases
        self.structures = structures
        self.measurements = measurements
        self.shellMap = shellMap
        self.options = options
    }

    /// Renders every picture of the set (no I/O).
    /// - Throws: ``PNGRenderError/noPhases``, ``PNGRenderError/geometryMismatch(expected:found:)`` when a
    ///   phase or mask is off the reference grid, and the errors of ``SliceView``.
    public func pictures() throws -> [Picture] {
        guard !phases.isEmpty else { throw PNGRenderError.noPhases }
        precondition(phases.indices.contains(options.referencePhase), "reference phase out of range")
        let reference = phases[options.referencePhase]
        let grid = reference.volume.geometry
        try SliceRenderer.checkGrid(grid, phases.map(\.volume.geometry) + structures.map(\.mask.geometry))
        let focus = structures.first { $0.structure == options.focus } ?? structures.first
        let overlays = structures.map { s in
            MaskOverlay(structure: s.structure, mask: s.mask, outlineWidth: s.structure == .liver ? 1 : 2,
                        fillOpacity: s.structure == .liver ? 0 : 0.25)
        }
        let point = try options.point
            ?? focus.flatMap { SliceRenderer.centroid(of: $0.mask) }
            ?? SliceRenderer.defaultPoint(for: grid, overlays: [])
        let window = options.window
        var out: [Picture] = []
        for plane in SlicePlane.allCases {
            let image = try SliceRenderer.render(reference.volume, plane: plane, at: point, window: window, overlays: overlays)
            out.append(Picture(file: "overview-\(plane.rawValue).png",
                               caption: "\(reference.label) \(plane.rawValue) \(window)", image: image))
        }
        if let focus, let montage = try montage(reference.volume, focus: focus, overlays: overlays, point: point) {
            out.append(Picture(file: "tumour-montage.png",
                               caption: "\(reference.label) axial slices through \(focus.structure.name.lowercased()) \(window)",
                               image: montage))
        }
        out.append(Picture(file: "phases.png", caption: "phases, same slices, \(window)",
                           image: try phaseRows(point: point, overlays: overlays.filter { $0.structure == focus?.structure })))
        for n in phases.indices where n != options.referencePhase {
            out.append(Picture(file: "checkerboard-\(n + 1).png",
                               caption: "checkerboard \(reference.label) / \(phases[n].label) axial \(window)",
                               image: try checkerboard(reference.volume, phases[n].volume, point: point)))
        }
        if let lipiodol = structures.first(where: { $0.structure == .lipiodol }) {
            let overlay = MaskOverlay(structure: .lipiodol, mask: lipiodol.mask, outlineWidth: 1, fillOpacity: 0)
            let at = SliceRenderer.centroid(of: lipiodol.mask) ?? point
            out.append(Picture(file: "lipiodol-axial.png", caption: "\(reference.label) axial \(WindowLevel.lipiodol)",
                               image: try SliceRenderer.render(reference.volume, plane: .axial, at: at,
                                                               window: .lipiodol, overlays: [overlay])))
        }
        if let map = shellMap {
            let scale = max(1, 256 / max(1, max(map.width, map.height)))
            let image = ColorMap.viridis.render(values: map.values, width: map.width, height: map.height,
                                                range: map.range, pixelScale: scale)
            let bar = ColorMap.viridis.colorBar(range: map.range, width: image.width, unit: map.unit, scale: image.labelScale)
            out.append(Picture(file: "shell-map.png", caption: map.caption, image: image.stacked(above: bar)))
        }
        return out
    }

    /// Renders the set into `folder` (created if needed): every PNG, then `index.html` last.
    /// PNG encoding runs on all cores. - Returns: the written files, `index.html` last.
    @discardableResult
    public func write(into folder: URL) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PNGRenderError.writeFailed(path: folder.path, reason: String(describing: error))
        }
        let pictures = try pictures()
        let level = options.compressionLevel
        let results = parallelMap(pictures.count) { n -> Result<URL, Error> in
            let url = folder.appendingPathComponent(pictures[n].file)
            return Result { try PNGEncoder.write(pictures[n].image, to: url, compressionLevel: level); return url }
        }
        var written = try results.map { try $0.get() }
        let page = QAIndexPage(title: options.title,
                               figures: pictures.map { QAIndexPage.Figure(file: $0.file, caption: $0.caption) },
                               measurements: measurements)
        written.append(try page.write(into: folder))
        return written
    }
}
