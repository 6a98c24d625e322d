import DICOMBackend
import Foundation
import VolumeModule

/// What the patient course reads of one published study folder `<out>/<studyKey>/`: its manifest (with the
/// study's ``StudyContext``), the volumes (sidecar phase, modality and pseudonymous frame of reference) and the
/// tumour and liver masks imported from its SEG/RTSTRUCT objects. Only published outputs are read — never the
/// DICOM files — so a course can be rebuilt from an output folder alone.
public struct PublishedStudy: Sendable {
    /// One converted volume (`volumes/<name>.json` and its image).
    public struct Volume: Sendable, Equatable {
        /// File stem (`se-…_n`).
        public var name: String
        /// The image file.
        public var image: URL
        /// Contrast phase from the sidecar (`unknown` when absent).
        public var phase: ContrastPhase
        /// DICOM Modality (0008,0060), e.g. `CT`.
        public var modality: String
        /// ``Sidecar/frameOfReferenceKey``: equal keys ⇔ shared patient coordinates; `nil` when unknown.
        public var frameOfReferenceKey: String?
    }

    /// One imported segment: the label-matched mask file and the volume it lies on.
    public struct Segment: Sendable, Equatable {
        /// The volume (file stem) whose grid the mask has.
        public var volume: String
        /// The binary mask file (`masks/<volume>_seg<k>-<n>.<ext>`).
        public var file: URL
    }

    /// The study key (folder name).
    public var key: String
    /// The study folder.
    public var folder: URL
    /// `manifest.json`.
    public var manifest: StudyManifest
    /// SHA-256 of the `manifest.json` bytes: changes whenever the study is republished differently.
    public var manifestHash: String
    /// The volumes, sorted by name.
    public var volumes: [Volume]
    /// The first segment labelled as a tumour (tumor/tumour/lesion/hcc/gtv/neoplasm/mass), if any.
    public var tumour: Segment?
    /// The first segment labelled `liver`, if any.
    public var liver: Segment?

    /// Segment labels that name the tumour and the liver (as the study's own mask stages use).
    static let tumourWords = StageRun.tumourWords
    static let liverWords = StageRun.liverWords

    /// Reads the study folder, or `nil` when it has no readable `manifest.json` (not published, or incomplete).
    public static func read(_ folder: URL) -> PublishedStudy? {
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let manifest = StudyManifest.read(manifestURL), let hash = ContentHash.sha256(file: manifestURL) else { return nil }
        let volumes = readVolumes(folder.appendingPathComponent("volumes"))
        let segments = readSegments(folder.appendingPathComponent("masks"))
        func first(_ words: [String]) -> Segment? {
            segments.first { label, _ in words.contains { label.lowercased().contains($0) } }?.segment
        }
        return PublishedStudy(key: folder.lastPathComponent, folder: folder, manifest: manifest, manifestHash: hash,
                              volumes: volumes, tumour: first(tumourWords), liver: first(liverWords))
    }

    /// Every published study (`st-*` folders with a manifest) of `output`, sorted by key.
    public static func all(in output: URL) -> [PublishedStudy] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        return names.filter { $0.hasPrefix("st-") }.sorted().compactMap { read(output.appendingPathComponent($0)) }
    }

    /// The volume named `name`.
    public func volume(named name: String) -> Volume? { volumes.first { $0.name == name } }

    /// The first CT volume of `phase`, preferring one in the frame of reference `frame` when given.
    public func ct(_ phase: ContrastPhase, preferringFrame frame: String? = nil) -> Volume? {
        let candidates = volumes.filter { $0.phase == phase && $0.modality == "CT" }
        return candidates.first { frame != nil && $0.frameOfReferenceKey == frame } ?? candidates.first
    }

    // MARK: - Reading

    private struct SidecarHead: Decodable {
        struct Phase: Decodable { var phase: ContrastPhase }
        struct Report: Decodable { var modality: String }
        var volume: String
        var image: String
        var phase: Phase?
        var report: Report
        var frameOfReferenceKey: String?
    }

    private struct SegmentEntry: Decodable {
        struct Description: Decodable { var label: String }
        var description: Description
        var file: String
    }

    private static func jsonFiles(_ folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }

    private static func readVolumes(_ folder: URL) -> [Volume] {
        jsonFiles(folder).compactMap { url in
            guard let data = try? Data(contentsOf: url), let head = try? JSONDecoder().decode(SidecarHead.self, from: data) else {
                return nil
            }
            return Volume(name: head.volume, image: folder.appendingPathComponent(head.image), phase: head.phase?.phase ?? .unknown,
                          modality: head.report.modality, frameOfReferenceKey: head.frameOfReferenceKey)
        }
    }

    /// `(label, segment)` of every segment of every `<volume>_seg<k>.json`, in file then segment order.
    private static func readSegments(_ folder: URL) -> [(label: String, segment: Segment)] {
        jsonFiles(folder).flatMap { url -> [(label: String, segment: Segment)] in
            let stem = url.deletingPathExtension().lastPathComponent
            guard let range = stem.range(of: "_seg", options: .backwards), let data = try? Data(contentsOf: url),
                  let entries = try? JSONDecoder().decode([SegmentEntry].self, from: data) else { return [] }
            let volume = String(stem[..<range.lowerBound])
            return entries.map { ($0.description.label, Segment(volume: volume, file: folder.appendingPathComponent($0.file))) }
        }
    }
}
