import Foundation
import VolumeModule

/// The result of scanning a folder: readable DICOM instances, files we could not read (with reasons), and
/// files deliberately skipped (with reasons).
public struct FolderScan: Sendable {
    /// Every file readable as DICOM (images and other objects).
    public var instances: [DICOMInstance]
    /// Files that are not readable DICOM or are damaged: the error names the file and the reason.
    public var failures: [DICOMError]
    /// Files skipped on purpose (DICOMDIR, hidden files), as (path, reason).
    public var skipped: [(path: String, reason: String)]

    /// Scans `root` recursively: every regular file whatever its name or extension; DICOMDIR files and
    /// hidden files (names starting with ".") are skipped. Files are parsed in parallel, once: values longer
    /// than 4 KiB (Pixel Data) stay in the file, and where native pixel data lies is kept for the loader, which
    /// then reads it without parsing the file again.
    /// - Throws: ``DICOMError`` `.fileAccess` only when `root` itself cannot be listed.
    public static func scan(_ root: URL) throws -> FolderScan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw DICOMError(.fileAccess, "folder does not exist", file: root.path)
        }
        var paths: [String] = []
        var skipped: [(path: String, reason: String)] = []
        if isDirectory.boolValue {
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: []) else {
                throw DICOMError(.fileAccess, "cannot list folder", file: root.path)
            }
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let name = url.lastPathComponent
                if name.uppercased() == "DICOMDIR" {
                    skipped.append((url.path, "media directory (DICOMDIR)"))
                } else if name.hasPrefix(".") {
                    skipped.append((url.path, "hidden file"))
                } else {
                    paths.append(url.path)
                }
            }
        } else {
            paths = [root.path]
        }
        return scan(files: paths, skipped: skipped)
    }

    /// Scans exactly these files (absolute paths), as ``scan(_:)`` scans the files of a folder.
    /// - Parameter skipped: files already skipped on purpose, carried into the result.
    public static func scan(files: [String], skipped: [(path: String, reason: String)] = []) -> FolderScan {
        let paths = files.sorted()
        let results = parallelMap(paths.count) { n -> Result<DICOMInstance, DICOMError> in
            do {
                let file = try DICOMFile(path: paths[n], headerOnly: false)
                return .success(try DICOMInstance(reading: file))
            } catch let error as DICOMError {
                return .failure(error)
            } catch {
                return .failure(DICOMError(.internalError, "\(error)", file: paths[n]))
            }
        }
        var scan = FolderScan(instances: [], failures: [], skipped: skipped)
        for result in results {
            switch result {
            case .success(let instance):
                if instance.sopClassUID == SOPClass.mediaDirectory {
                    scan.skipped.append((instance.path, "media directory (DICOMDIR)"))
                } else {
                    scan.instances.append(instance)
                }
            case .failure(let error):
                scan.failures.append(error)
            }
        }
        return scan
    }
}
