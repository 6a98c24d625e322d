import ArgumentParser
import DatasetExport
import DICOMBackend
import Foundation

/// `radstation export`: outputs for other tools.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export published studies for other tools.", subcommands: [DeepLearning.self])

    /// `radstation export dl <out> --to <dataset>`.
    struct DeepLearning: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dl",
            abstract: "Tumour-centred multiphase training arrays (NumPy .npy) with dataset.csv and dataset.json.",
            discussion: """
                Per study's target lesion (derived/tumour.nii.gz): an array (channels, z, y, x), float32, C order, on an \
                axis-aligned grid centred on the tumour centroid (x toward the patient's left, y posterior, z superior; \
                LPS as everywhere in RadStation). Images: aligned phases, linear, -1024 HU outside, windowed and normalised; \
                masks nearest, 0 outside. dataset.csv: one row per lesion with pseudonymous keys, centre and origin (mm), \
                voxel counts, the train/val/test split by patient and the --labels columns (joined by PatientID, which is \
                never written). dataset.json records every setting.
                """)

        @Argument(help: "The output folder of process or watch.")
        var out: String

        @Option(help: "Dataset folder.")
        var to: String

        @Option(help: "Array size z,y,x (voxels).")
        var size = "32,64,64"

        @Option(help: "Spacing z,y,x (mm).")
        var spacing = "1,1,1"

        @Option(help: "Image phases, in channel order: NC, AP, PV, DP.")
        var phases = "AP,PV,DP"

        @Option(help: "Channels: image (one per phase), tumour, shell, liver, validity, voxel:<feature> (on the first phase) or voxel:<PHASE>:<feature>, e.g. voxel:AP:glcm_Contrast.")
        var channels = "image,tumour"

        @Option(help: "Kernel radius (voxels) of computed voxel feature maps: 2 gives 5x5x5 kernels.")
        var kernelRadius = 2

        @Option(help: "HU window low,high for image channels.")
        var window = "-100,240"

        @Option(help: "Normalisation of image channels: zscore, unit or none.")
        var normalize = "zscore"

        @Option(help: "Train,validation,test fractions (by patient).")
        var split = "0.7,0.15,0.15"

        @Option(help: "Seed of the split.")
        var seed: UInt64 = 0

        @Option(help: "Clinical CSV with a PatientID column: its other columns join each lesion's row.")
        var labels: String?

        func numbers(_ text: String, count: Int, name: String) throws -> [Double] {
            let values = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == count, values.allSatisfy(\.isFinite) else { throw ValidationError("--\(name) takes \(count) numbers") }
            return values
        }

        func options() throws -> DatasetExport.Options {
            var options = DatasetExport.Options()
            let size = try numbers(size, count: 3, name: "size")
            guard size.allSatisfy({ $0 >= 1 && $0 <= 1024 && $0 == $0.rounded() }) else { throw ValidationError("--size: whole numbers 1…1024") }
            options.size = size.map { Int($0) }
            options.spacing = try numbers(spacing, count: 3, name: "spacing")
            guard options.spacing.allSatisfy({ $0 > 0 }) else { throw ValidationError("--spacing must be positive") }
            let phaseList = try phases.split(separator: ",").map { code -> ContrastPhase in
                guard let phase = DatasetExport.Channel.phaseCodes[code.uppercased()] else { throw ValidationError("--phases: unknown phase \(code)") }
                return phase
            }
            options.channels = try channels.split(separator: ",").flatMap { name -> [DatasetExport.Channel] in
                switch name {
                case "image": return phaseList.map { .image($0) }
                case "tumour", "tumor": return [.tumour]
                case "shell": return [.shell]
                case "liver": return [.liver]
                case "validity": return [.validity]
                case let voxel where voxel.hasPrefix("voxel:"):
                    let parts = voxel.split(separator: ":").map(String.init)
                    guard parts.count == 2 || parts.count == 3 else {
                        throw ValidationError("--channels: \(name) (expected voxel:<feature> or voxel:<PHASE>:<feature>)")
                    }
                    let phase = parts.count == 3 ? DatasetExport.Channel.phaseCodes[parts[1].uppercased()] : phaseList.first
                    guard let phase else { throw ValidationError("--channels: unknown phase in \(name)") }
                    guard DatasetExport.VoxelFeature.isMappable(parts.last!) else {
                        throw ValidationError("--channels: \(parts.last!) is not a first-order or texture feature (e.g. glcm_Contrast)")
                    }
                    return [.voxel(feature: parts.last!, phase: phase)]
                default: throw ValidationError("--channels: unknown channel \(name)")
                }
            }
            let window = try numbers(window, count: 2, name: "window")
            guard window[0] < window[1] else { throw ValidationError("--window: low must be below high") }
            options.window = (window[0], window[1])
            guard let normalization = DatasetExport.Normalization(rawValue: normalize) else { throw ValidationError("--normalize: zscore, unit or none") }
            options.normalization = normalization
            options.split = try numbers(split, count: 3, name: "split")
            guard options.split.allSatisfy({ $0 >= 0 }), abs(options.split.reduce(0, +) - 1) < 1e-6 else {
                throw ValidationError("--split: three non-negative fractions summing to 1")
            }
            options.seed = seed
            guard (1...10).contains(kernelRadius) else { throw ValidationError("--kernel-radius: 1…10 voxels") }
            options.kernelRadius = kernelRadius
            options.labels = labels.map { URL(fileURLWithPath: $0) }
            return options
        }

        func run() throws {
            let summary = try DatasetExport.run(output: URL(fileURLWithPath: out), to: URL(fileURLWithPath: to), options: try options())
            print("\(summary.lesions) lesion(s) exported to \(to)")
            for reason in summary.skipped { print("skipped: \(reason)") }
            if summary.lesions == 0 { throw ExitCode.failure }
        }
    }
}
