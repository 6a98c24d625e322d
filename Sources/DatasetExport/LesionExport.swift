import DICOMBackend
import Foundation
import MaskMorphology
import Pipeline
import VolumeIO
import VolumeModule

/// One lesion's row of `dataset.csv`.
struct LesionRow {
    var patient: String
    var study: String
    var timepoint: String
    var daysSinceBaseline: Int?
    var file: String
    /// The same array as a multi-channel NIfTI (``VolumeIO/NIfTI/writeChannels(_:channels:geometry:to:compressionLevel:)``).
    var niftiFile: String
    var centre: Vector3
    var origin: Vector3
    var tumourVoxels: Int
    var tumourVoxelsInArray: Int
    /// The shell-map array's file, when the study has a shell map.
    var shellMapFile: String?
}

/// Builds and writes one study's lesion array.
enum LesionExport {
    /// The aligned file of each phase (`alignment.json`: phase → file), with its validity mask.
    static func alignedFiles(_ folder: URL) -> [ContrastPhase: (image: String, valid: String)] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("alignment.json").path),
              let report = try? JSONDecoder().decode(AlignmentReport.self, from: data) else { return [:] }
        var files: [ContrastPhase: (String, String)] = [:]
        for entry in report.phases where files[entry.phase.phase] == nil { files[entry.phase.phase] = (entry.file, entry.validMask) }
        return files
    }

    /// The lesion grid: axis-aligned (identity direction), `size` (z, y, x) voxels at `spacing` (z, y, x) mm,
    /// centred on `centre` (LPS mm).
    static func grid(centre: Vector3, options: DatasetExport.Options) -> VolumeGeometry {
        let size = Size3(options.size[2], options.size[1], options.size[0])
        let spacing = Vector3(options.spacing[2], options.spacing[1], options.spacing[0])
        let origin = Vector3(centre.x - spacing.x * Double(size.i - 1) / 2, centre.y - spacing.y * Double(size.j - 1) / 2,
                             centre.z - spacing.z * Double(size.k - 1) / 2)
        return VolumeGeometry(size: size, spacing: spacing, origin: origin)
    }

    static func export(study folder: URL, manifest: StudyManifest, options: DatasetExport.Options, into lesions: URL) throws -> LesionRow? {
        let tumourURL = folder.appendingPathComponent("derived/tumour.nii.gz")
        guard FileManager.default.fileExists(atPath: tumourURL.path) else { return nil }
        guard let measured = try tumourCentroid(folder), let centre = measured.centroid else { return nil }
        let grid = grid(centre: centre, options: options)
        let aligned = alignedFiles(folder)
        var values: [Float] = []
        values.reserveCapacity(grid.size.count * options.channels.count)
        var firstValid: String?
        var tumourInArray = 0
        // Each file resampled onto the lesion grid once, however many channels use it (an image and its voxel map,
        // the first validity mask and the validity channel, the tumour and a voxel map's ROI).
        var images: [URL: Volume<Float>] = [:], masks: [URL: Mask] = [:]
        func image(_ relative: String) throws -> Volume<Float> {
            let url = folder.appendingPathComponent(relative)
            if let done = images[url] { return done }
            let sampled = try sampledImage(url, onto: grid)
            images[url] = sampled
            return sampled
        }
        func mask(_ url: URL) throws -> Mask {
            if let done = masks[url] { return done }
            let sampled = try sampledMask(url, onto: grid)
            masks[url] = sampled
            return sampled
        }
        for channel in options.channels {
            switch channel {
            case .image(let phase):
                guard let files = aligned[phase] else { throw PipelineError.noInput("no aligned \(phase.rawValue) phase") }
                if firstValid == nil { firstValid = files.valid }
                let valid = try mask(folder.appendingPathComponent(files.valid))
                values += normalised(try image(files.image).voxels, valid: valid.voxels, options: options)
            case .tumour:
                let tumour = try mask(tumourURL)
                tumourInArray = tumour.count(of: 1)
                values += tumour.voxels.map { $0 == 0 ? 0 : 1 }
            case .shell, .liver:
                let url = channel == .shell ? folder.appendingPathComponent("derived/shell-band.nii.gz") : try liverFile(folder)
                values += try mask(url).voxels.map { $0 == 0 ? 0 : 1 }
            case .validity:
                guard let valid = firstValid else { throw PipelineError.noInput("validity needs an image channel before it") }
                values += try mask(folder.appendingPathComponent(valid)).voxels.map { $0 == 0 ? 0 : 1 }
            case .voxel(let feature, let phase):
                guard let files = aligned[phase] else { throw PipelineError.noInput("no aligned \(phase.rawValue) phase") }
                values += try VoxelMapChannel.values(
                    feature: feature, phase: phase, study: folder, grid: grid,
                    image: { try image(files.image) }, tumour: { try mask(tumourURL) }, kernelRadius: options.kernelRadius)
            }
        }
        let name = "\(manifest.studyKey)-lesion1.npy"
        let shape = [options.channels.count, options.size[0], options.size[1], options.size[2]]
        try NumPyFile.float32(values, shape: shape).write(to: lesions.appendingPathComponent(name), options: .atomic)
        let niftiName = "\(manifest.studyKey)-lesion1.nii.gz"
        try NIfTI.writeChannels(values, channels: options.channels.count, geometry: grid,
                                to: lesions.appendingPathComponent(niftiName))
        // The 2D shell map (derived/shell-map.nii.gz: the band's patches averaged over the tumour's axial slices,
        // ShellMap) as its own (v, u) array.
        var shellMapFile: String?
        let shellMapURL = folder.appendingPathComponent("derived/shell-map.nii.gz")
        if FileManager.default.fileExists(atPath: shellMapURL.path) {
            let map = try VolumeFiles.image(shellMapURL)
            let mapName = "\(manifest.studyKey)-lesion1-shellmap.npy"
            try NumPyFile.float32(map.voxels, shape: [map.geometry.size.j, map.geometry.size.i])
                .write(to: lesions.appendingPathComponent(mapName), options: .atomic)
            shellMapFile = "lesions/" + mapName
        }
        let context = manifest.context
        return LesionRow(patient: context?.patientKey ?? "pt-" + manifest.studyKey.dropFirst(3), study: manifest.studyKey,
                         timepoint: context?.timepoint.label ?? "", daysSinceBaseline: context?.timepoint.daysSinceBaseline,
                         file: "lesions/" + name, niftiFile: "lesions/" + niftiName, centre: centre, origin: grid.origin, tumourVoxels: measured.voxelCount,
                         tumourVoxelsInArray: tumourInArray, shellMapFile: shellMapFile)
    }

    /// The tumour's voxel count and centroid (LPS mm): as `derived/measurements.json` records them for
    /// `derived/tumour.nii.gz` (both written by one derivation, ``MaskMeasurements/centroid(of:)``), so a
    /// full-size mask is not read whole; from the mask itself when the measurements are missing.
    static func tumourCentroid(_ folder: URL) throws -> (voxelCount: Int, centroid: Vector3?)? {
        if let data = FileManager.default.contents(atPath: folder.appendingPathComponent("derived/measurements.json").path),
           let recorded = try? JSONDecoder().decode(MaskDerivation.Measurements.self, from: data) {
            return (recorded.tumour.voxelCount, recorded.tumour.centroid)
        }
        return MaskMeasurements.centroid(of: try VolumeFiles.labels(folder.appendingPathComponent("derived/tumour.nii.gz")))
    }

    /// An image linearly resampled onto the lesion grid, −1024 HU outside it; only the box the grid reaches is
    /// read (``VolumeFiles/image(_:reaching:)``), with the values of resampling the whole image (to the rounding
    /// of the continuous index).
    static func sampledImage(_ url: URL, onto grid: VolumeGeometry) throws -> Volume<Float> {
        guard let part = try VolumeFiles.image(url, reaching: grid) else { return Volume(geometry: grid, repeating: -1024) }
        return try part.resampled(onto: grid, interpolation: .linear, defaultValue: -1024)
    }

    /// A mask resampled (nearest) onto the lesion grid, 0 outside it; only the box the grid reaches is read.
    static func sampledMask(_ url: URL, onto grid: VolumeGeometry) throws -> Mask {
        guard let part = try VolumeFiles.labels(url, reaching: grid) else { return Mask(geometry: grid, repeating: 0) }
        return try part.resampledNearest(onto: grid)
    }

    /// The study's liver mask (``PublishedStudy/liver``: the first segment labelled liver).
    static func liverFile(_ folder: URL) throws -> URL {
        guard let liver = PublishedStudy.read(folder)?.liver else { throw PipelineError.noInput("no liver segment") }
        return liver.file
    }

    /// Window, then the normalisation; z-score statistics over the voxels inside the field of view.
    static func normalised(_ voxels: [Float], valid: [UInt8], options: DatasetExport.Options) -> [Float] {
        let low = Float(options.window.low), high = Float(options.window.high)
        let clipped = voxels.map { min(max($0, low), high) }
        switch options.normalization {
        case .none: return clipped
        case .unit: return clipped.map { ($0 - low) / (high - low) }
        case .zscore:
            var sum = 0.0, squares = 0.0, n = 0.0
            for (v, inside) in zip(clipped, valid) where inside != 0 {
                sum += Double(v)
                squares += Double(v) * Double(v)
                n += 1
            }
            guard n > 1 else { return clipped.map { _ in 0 } }
            let mean = sum / n, std = max((squares / n - mean * mean).squareRoot(), 1e-6)
            return clipped.map { Float((Double($0) - mean) / std) }
        }
    }
}
