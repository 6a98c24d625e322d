import Foundation
import VolumeIO
import VolumeModule

/// Reading image and label files by extension: NIfTI (`.nii`, `.nii.gz`) or NRRD (`.nrrd`, attached data).
public enum VolumeFiles {
    /// Why a file could not be used, naming the file by its name only.
    public struct FileError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads an image (any stored type) as Float intensities.
    public static func image(_ url: URL) throws -> Volume<Float> { try imageWithType(url).volume }

    /// Reads an image and reports the pixel type it was stored with (needed to cast resampled images back, as
    /// SimpleITK does).
    public static func imageWithType(_ url: URL) throws -> (volume: Volume<Float>, pixelType: ResampledPixelType) {
        let name = url.lastPathComponent.lowercased()
        let image: (Volume<Float>, VoxelType)
        if name.hasSuffix(".nii") || name.hasSuffix(".nii.gz") {
            let read = try NIfTI.read(url)
            image = (read.volume, read.storedType)
        } else if name.hasSuffix(".nrrd") {
            let read = try NRRD.read(url)
            image = (read.volume, read.storedType)
        } else {
            throw FileError(description: "\(url.lastPathComponent): unsupported format (expected .nii, .nii.gz or .nrrd)")
        }
        return (image.0, pixelType(stored: image.1))
    }

    /// The pixel type SimpleITK casts a resampled image back to, for an image stored as `stored`.
    static func pixelType(stored: VoxelType) -> ResampledPixelType {
        switch stored {
        case .uint8: .uint8
        case .int16: .int16
        case .uint16: .uint16
        case .int32: .int32
        default: .float32
        }
    }

    /// Reads a label image: integer values 0…255.
    public static func labels(_ url: URL) throws -> Mask {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".nii") || name.hasSuffix(".nii.gz") {
            // Straight into UInt8 labels: no whole-volume Float copy (peak memory of feature extraction).
            do { return try NIfTI.readLabels(url) } catch VolumeIOError.unsupported(_, let reason)
                where reason.hasPrefix("label values") {
                throw FileError(description: "\(url.lastPathComponent): mask values must be integers 0…255")
            }
        }
        let volume = try image(url)
        var labels = [UInt8](repeating: 0, count: volume.voxels.count)
        var bad = false
        volume.voxels.withUnsafeBufferPointer { source in
            for n in 0..<source.count {
                let v = source[n]
                if v == 0 { continue }
                if v < 0 || v > 255 || v != v.rounded() { bad = true; break }
                labels[n] = UInt8(v)
            }
        }
        if bad { throw FileError(description: "\(url.lastPathComponent): mask values must be integers 0…255") }
        return Mask(geometry: volume.geometry, voxels: labels)
    }
}

extension VolumeFiles {
    /// Writes a volume in an output format (NIfTI-1 or NRRD, gzip as the format says), LPS geometry kept.
    public static func write<Voxel: StorableVoxel>(_ volume: Volume<Voxel>, to url: URL, format: OutputFormat,
                                                   compressionLevel: Int32 = 6) throws {
        switch format {
        case .nifti, .niftiGz: try NIfTI.write(volume, to: url, compressionLevel: compressionLevel)
        case .nrrd, .nrrdRaw: try NRRD.write(volume, to: url, gzip: format == .nrrd, compressionLevel: compressionLevel)
        }
    }
}

extension VolumeFiles {
    /// The part of an image that resampling onto the small grid `target` reads
    /// (``VolumeModule/VolumeGeometry/indexBox(reaching:margin:)``), as `Float`: of a `.nii`/`.nii.gz` only that
    /// box is read (``VolumeIO/NIfTI/read(_:region:)``), an NRRD is read whole and cropped. Nearest and linear
    /// resampling of the result onto `target` read the same voxels as those of the whole image (values equal to
    /// the rounding of the continuous index; ``VolumeModule/VolumeGeometry/indexBox(reaching:margin:)``).
    /// - Returns: the cropped image, or `nil` when `target` lies entirely outside the image.
    public static func image(_ url: URL, reaching target: VolumeGeometry) throws -> Volume<Float>? {
        if isNIfTI(url) { return try NIfTI.read(url, region: { $0.indexBox(reaching: target) })?.volume }
        let whole = try image(url)
        return whole.geometry.indexBox(reaching: target).map { whole.cropped(to: $0) }
    }

    /// ``labels(_:)`` of only the box that resampling onto `target` reads; see ``image(_:reaching:)``.
    public static func labels(_ url: URL, reaching target: VolumeGeometry) throws -> Mask? {
        if isNIfTI(url) {
            do { return try NIfTI.readLabels(url, region: { $0.indexBox(reaching: target) }) } catch VolumeIOError.unsupported(_, let reason)
                where reason.hasPrefix("label values") {
                throw FileError(description: "\(url.lastPathComponent): mask values must be integers 0…255")
            }
        }
        let whole = try labels(url)
        return whole.geometry.indexBox(reaching: target).map { whole.cropped(to: $0) }
    }

    static func isNIfTI(_ url: URL) -> Bool {
        let name = url.lastPathComponent.lowercased()
        return name.hasSuffix(".nii") || name.hasSuffix(".nii.gz")
    }
}
