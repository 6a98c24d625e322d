import DICOMBackend
import Foundation

/// The DICOM objects of one study, found by a folder scan, with the content hashes of their files.
public struct StudyInputs: Sendable {
    /// Pseudonymous study key.
    public var key: String
    /// Assembly of the study's instances (volumes and other objects).
    public var assembly: SeriesAssembly
    /// Every file of the study (images, SEG, RTSTRUCT): content hash and size.
    public var hashedInputs: [StudyManifest.Input]
    /// Files of the study that could not be read or placed (no patient data in the messages).
    public var problems: [String]

    /// Splits a scan by study key; files without a StudyInstanceUID are dropped (reported by the scan).
    public static func group(_ scan: FolderScan, names: Pseudonymizer) -> [StudyInputs] {
        var byKey: [String: [DICOMInstance]] = [:]
        for instance in scan.instances {
            guard let key = names.studyKey(for: instance) else { continue }
            byKey[key, default: []].append(instance)
        }
        return byKey.keys.sorted().map { key in
            let instances = byKey[key]!
            let hashes = parallelHashes(instances.map(\.path))
            return StudyInputs(key: key, assembly: SeriesAssembly(instances), hashedInputs: hashes, problems: [])
        }
    }

    static func parallelHashes(_ paths: [String]) -> [StudyManifest.Input] {
        final class Box: @unchecked Sendable { var items: [StudyManifest.Input?] ; init(_ n: Int) { items = Array(repeating: nil, count: n) } }
        let box = Box(paths.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: paths.count) { n in
            let url = URL(fileURLWithPath: paths[n])
            let size = (try? FileManager.default.attributesOfItem(atPath: paths[n])[.size] as? Int64) ?? 0
            let item = ContentHash.sha256(file: url).map { StudyManifest.Input(sha256: $0, bytes: size) }
            lock.withLock { box.items[n] = item }
        }
        return box.items.compactMap { $0 }
    }
}
