import DICOMBackend
import Foundation
import VolumeModule

/// What `radstation masks list` shows: every SEG segment and RTSTRUCT ROI of a folder, with its size on the
/// grid of the image volume it references. Holds no patient tag values: objects are keyed `seg<k>` (k = the
/// object's number in path order, as in `convert`'s `<volume>_seg<k>-<n>` names) and volumes by their number
/// in assembly order with modality and size; labels and ROI names are the segmentation's own content.
public enum SegmentationCatalogue {
    /// One segment or ROI.
    public struct Entry: Sendable, Codable, Equatable {
        /// `seg<k>`: the object's key.
        public var object: String
        /// `seg` or `rtstruct`.
        public var source: SegmentationSource
        /// SegmentNumber or ROINumber.
        public var number: Int
        /// SegmentLabel or ROIName.
        public var label: String
        /// `BINARY` or `FRACTIONAL` for a SEG segment, `CONTOUR` for an RTSTRUCT ROI.
        public var type: String
        /// SegmentedPropertyType meaning (SEG) when given.
        public var propertyType: String?
        /// The referenced volume: "volume <n> (<modality> <i>×<j>×<k>)", `nil` when it is not in the folder.
        public var volume: String?
        /// Inside voxels on the referenced grid (binary mask; fractional SEG binarised at ≥ 0.5).
        public var voxels: Int?
        /// Their volume in millilitres (voxels × voxel volume / 1000).
        public var volumeML: Double?
        /// Why the segment could not be measured, or what was odd while placing it (no patient data).
        public var problems: [String]
    }

    /// Lists every segment/ROI under `folder` (recursive scan).
    /// - Parameter names: keep only these labels / ROI names (case-insensitive); `nil` = all.
    /// - Returns: entries in object then segment order, and problems naming objects that could not be read
    ///   (as `seg<k>` or the reason, never the path).
    /// - Throws: ``DICOMError`` when the folder cannot be scanned.
    public static func list(_ folder: URL, names: [String]? = nil) throws -> (entries: [Entry], problems: [String]) {
        let scan = try FolderScan.scan(folder)
        let assembly = SeriesAssembly(scan.instances)
        let read = SegmentationObject.read(assembly.instances)
        var problems = read.failures.map { "an object could not be read: \(safeDescription($0))" }
        let wanted = names.map { Set($0.map { $0.lowercased() }) }
        // Group by target volume so each volume is loaded once.
        var byTarget: [Int?: [SegmentationObject]] = [:]
        var targetProblem: [Int: String] = [:]
        for object in read.objects {
            do { byTarget[try object.target(among: assembly.plans), default: []].append(object) } catch {
                targetProblem[object.number] = safeDescription(error)
                byTarget[nil, default: []].append(object)
            }
        }
        var entries: [Entry] = []
        for (target, objects) in byTarget {
            var loaded: LoadedVolume?
            var loadProblem: String?
            var volumeName: String?
            if let target {
                let plan = assembly.plans[target]
                do { loaded = try VolumeLoader.load(plan, instances: assembly.instances) } catch { loadProblem = safeDescription(error) }
                if let g = loaded?.data.geometry {
                    volumeName = "volume \(target + 1) (\(plan.modality) \(g.size.i)×\(g.size.j)×\(g.size.k))"
                }
            }
            for object in objects {
                let kept = object.descriptions.filter { wanted?.contains($0.label.lowercased()) ?? true }
                guard !kept.isEmpty else { continue }
                var masks: [Int: SegmentMask] = [:]
                var problem = targetProblem[object.number] ?? loadProblem
                if let loaded {
                    do {
                        for m in try object.masks(onto: loaded.data.geometry, names: kept.map(\.label)) { masks[m.description.number] = m }
                    } catch {
                        problem = safeDescription(error)
                    }
                }
                for d in kept {
                    let mask = masks[d.number]
                    let voxels = mask?.binary.count(of: 1)
                    entries.append(Entry(object: "seg\(object.number)", source: object.kind, number: d.number, label: d.label,
                                         type: type(of: object), propertyType: d.type?.meaning, volume: volumeName, voxels: voxels,
                                         volumeML: voxels.map { Double($0) * (loaded?.data.geometry.voxelVolume ?? 0) / 1000 },
                                         problems: (problem.map { [$0] } ?? []) + (mask?.warnings ?? [])))
                }
            }
        }
        entries.sort { ($0.object.count, $0.object, $0.number) < ($1.object.count, $1.object, $1.number) }
        for name in names ?? [] where !entries.contains(where: { $0.label.lowercased() == name.lowercased() }) {
            problems.append("no segment or ROI named \"\(name)\"")
        }
        return (entries, problems)
    }

    private static func type(of object: SegmentationObject) -> String {
        switch object.content {
        case .seg(let s): return s.kind == .binary ? "BINARY" : "FRACTIONAL"
        case .rtstruct: return "CONTOUR"
        }
    }
}
