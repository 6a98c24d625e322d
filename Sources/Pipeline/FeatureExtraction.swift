import Foundation
import RadiomicsCore
import VolumeIO
import VolumeModule

/// Radiomics feature extraction from image and mask files (NIfTI `.nii`/`.nii.gz` or NRRD `.nrrd`/`.nhdr`-free
/// attached NRRD), one case or a batch, with PyRadiomics-compatible outputs.
public enum FeatureExtraction {
    /// One case: an image, a mask and optionally a label (else the parameter file's `label`).
    public struct Case: Sendable, Equatable {
        public var image: URL
        public var mask: URL
        public var label: Int?
        /// Every column of the case list's row, in the list's order (`ID`, `Image`, `Mask`, `Label`, and any
        /// other), as PyRadiomics' batch mode keeps them; empty for a case not read from a list.
        public var columns: [Column]

        /// One cell of the case list: its column name and text.
        public struct Column: Sendable, Equatable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        public init(image: URL, mask: URL, label: Int? = nil, columns: [Column] = []) {
            self.image = image
            self.mask = mask
            self.label = label
            self.columns = columns
        }

        /// The leading columns of this case's row in the batch output, as PyRadiomics' batch mode writes them:
        /// every case-list column in order with `Image` and `Mask` as absolute paths (PyRadiomics' default
        /// `--format-path absolute`), then — RadStation's addition — `Label` with the label used when the list has
        /// no such column.
        ///
        /// - Parameter defaultLabel: the parameter file's label, used when the case has none.
        public func identity(defaultLabel: Int) -> [(String, String)] {
            var out: [(String, String)] = columns.isEmpty
                ? [("Image", image.path), ("Mask", mask.path)]
                : columns.map { column in
                    switch column.name {
                    case "Image": (column.name, image.path)
                    case "Mask": (column.name, mask.path)
                    default: (column.name, column.value)
                    }
                }
            if !out.contains(where: { $0.0 == "Label" }) { out.append(("Label", String(label ?? defaultLabel))) }
            return out
        }
    }

    /// Why a case failed (file or extraction problem), naming the file by its name only.
    public struct CaseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads the parameter file (PyRadiomics YAML/JSON), or returns PyRadiomics' defaults for `nil`.
    public static func parameters(from url: URL?) throws -> ExtractionParameters {
        guard let url else { return ExtractionParameters() }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CaseError(description: "cannot read parameter file \(url.lastPathComponent)")
        }
        return try ExtractionParameters(yaml: text)
    }

    /// Extracts the features of one case.
    ///
    /// Where the configuration reads less than the whole image (``RadiomicsCore/FeatureExtractor/imageBox(image:mask:label:)``:
    /// PyRadiomics resampling), the box is chosen from the mask and only that box of a `.nii`/`.nii.gz` image is read
    /// (``VolumeIO/NIfTI/read(_:region:)``), so time and memory follow the ROI rather than the image; the features
    /// are those of the whole image, bit for bit.
    public static func run(_ job: Case, parameters: ExtractionParameters) throws -> FeatureVector {
        let extractor = FeatureExtractor(parameters: parameters)
        if VolumeFiles.isNIfTI(job.image) {
            let (region, pixelType, mask, shape) = try readRegion(job, extractor: extractor)
            return try extractor.execute(region: consume region, mask: consume mask, label: job.label,
                                         pixelType: pixelType, shape: shape)
        }
        // Image and mask read on the two cores (each inflate is serial); shape runs on the mask while the image is
        // still being read, where the configuration allows it.
        let (volume, pixelType, mask, shape) = try readBoth(job, extractor: extractor)
        // Handed over, so the extractor can free the whole-image grid once it has resampled or cropped it.
        return try extractor.execute(image: consume volume, mask: consume mask, label: job.label,
                                     pixelType: pixelType, shape: shape)
    }

    /// The mask of a case and the part of its NIfTI image the extraction reads (the box of
    /// ``RadiomicsCore/FeatureExtractor/imageBox(image:mask:label:)``, else all of it), on the two cores: one reads
    /// the mask, then computes the shape features that need only the mask; the other starts inflating the image
    /// (a single gzip stream is inflated ahead while the mask is read) and chooses the box once the mask is there.
    static func readRegion(_ job: Case, extractor: FeatureExtractor) throws
        -> (VolumeRegion<Float>, ResampledPixelType, Mask, PrecomputedShape?)
    {
        let mask = Handoff<Mask>()
        let reads: [Result<FileRead, Error>] = parallelMap(2) { n in
            Result {
                if n == 1 {
                    let read = Result { try VolumeFiles.labels(job.mask) }
                    mask.set(read)
                    return .shape(extractor.precomputedShape(mask: try read.get(), label: job.label))
                }
                var chosen: (whole: VolumeGeometry, box: IndexBox)?
                let read = try NIfTI.read(job.image, ready: { mask.isSet }) { geometry in
                    let s = geometry.size
                    let box = extractor.imageBox(image: geometry, mask: try mask.wait(), label: job.label)
                        ?? IndexBox(lower: Index3(0, 0, 0), upper: Index3(s.i - 1, s.j - 1, s.k - 1))
                    chosen = (geometry, box)
                    return box
                }
                guard let read, let chosen else { preconditionFailure("a region is always chosen") }
                return .region(VolumeRegion(volume: read.volume, whole: chosen.whole, box: chosen.box),
                               VolumeFiles.pixelType(stored: read.storedType))
            }
        }
        // The mask's error first (the image's read stops at it), then the image's.
        let maskValue = try mask.wait()
        guard case .region(let region, let pixelType) = try reads[0].get(), case .shape(let shape) = try reads[1].get()
        else { preconditionFailure("reads are region then shape") }
        return (region, pixelType, maskValue, shape)
    }

    /// The image (with its stored pixel type) and the mask of a case, read concurrently, with the shape features
    /// that can be computed from the mask alone (``FeatureExtractor/precomputedShape(mask:label:)``).
    static func readBoth(_ job: Case, extractor: FeatureExtractor) throws
        -> (Volume<Float>, ResampledPixelType, Mask, PrecomputedShape?)
    {
        let reads: [Result<FileRead, Error>] = parallelMap(2) { n in
            Result {
                if n == 0 {
                    let read = try VolumeFiles.imageWithType(job.image)
                    return .image(read.volume, read.pixelType)
                }
                let mask = try VolumeFiles.labels(job.mask)
                return .mask(mask, extractor.precomputedShape(mask: mask, label: job.label))
            }
        }
        guard case .image(let volume, let pixelType) = try reads[0].get(), case .mask(let mask, let shape) = try reads[1].get()
        else { preconditionFailure("reads are image then mask") }
        return (volume, pixelType, mask, shape)
    }

    /// One file read by ``readBoth(_:extractor:)`` or ``readRegion(_:extractor:)``.
    private enum FileRead {
        case image(Volume<Float>, ResampledPixelType)
        case mask(Mask, PrecomputedShape?)
        case region(VolumeRegion<Float>, ResampledPixelType)
        case shape(PrecomputedShape?)
    }

    /// Extracts every case, two at a time on two cores; a failed case does not stop the others.
    public static func batch(_ cases: [Case], parameters: ExtractionParameters) -> [Result<FeatureVector, Error>] {
        parallelMap(cases.count) { n in Result { try run(cases[n], parameters: parameters) } }
    }

    /// Reads a PyRadiomics batch CSV (`Image`, `Mask`, optional `Label` columns, and any other column, kept in
    /// ``Case/columns``); relative paths are relative to the CSV's folder.
    public static func cases(fromCSV url: URL) throws -> [Case] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CaseError(description: "cannot read case list \(url.lastPathComponent)")
        }
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } }
        guard let header = rows.first, let i = header.firstIndex(of: "Image"), let m = header.firstIndex(of: "Mask") else {
            throw CaseError(description: "case list \(url.lastPathComponent) needs 'Image' and 'Mask' columns")
        }
        let l = header.firstIndex(of: "Label")
        let base = url.deletingLastPathComponent()
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        }
        return try rows.dropFirst().filter { !$0.allSatisfy(\.isEmpty) }.enumerated().map { n, row in
            guard row.count > max(i, m) else { throw CaseError(description: "case list row \(n + 2) has too few columns") }
            let label = l.flatMap { $0 < row.count ? Int(row[$0]) : nil }
            let columns = zip(header, row).map { Case.Column(name: $0, value: $1) }
            return Case(image: resolve(row[i]), mask: resolve(row[m]), label: label, columns: columns)
        }
    }
}
