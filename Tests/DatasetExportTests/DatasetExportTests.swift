import Foundation
import MaskMorphology
import Pipeline
import Testing
import TestSupport
import VolumeModule
@testable import DatasetExport

@Suite("export dl", .serialized)
struct DatasetExportTests {
    /// The demo processed once (no features, no QA) into a shared output folder.
    static let output: URL? = {
        guard let out = try? TestPaths.temporaryFolder() else { return nil }
        var configuration = ProcessConfiguration()
        configuration.features = false
        configuration.qa = false
        guard (try? StudyProcessing.run(input: TestPaths.testdata("demo-study"), output: out, configuration: configuration))?.count == 1 else {
            return nil
        }
        return out
    }()

    /// Reads a float32 `.npy` (format 1.0) written by ``NumPyFile``: shape and values.
    static func readNumPy(_ url: URL) throws -> (shape: [Int], values: [Float]) {
        let data = try Data(contentsOf: url)
        #expect(data.prefix(8) == Data([0x93] + Array("NUMPY".utf8) + [1, 0]))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (") && header.hasSuffix("\n"))
        let inside = header[header.range(of: "(")!.upperBound..<header.range(of: ")")!.lowerBound]
        let shape = inside.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let values = data[(10 + headerLength)...].withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        return (shape, values)
    }

    /// Mean (x, y, z) index of the non-zero voxels of channel `c` of a (C, Z, Y, X) array.
    static func centroid(_ array: (shape: [Int], values: [Float]), channel c: Int) -> Vector3 {
        let (nz, ny, nx) = (array.shape[1], array.shape[2], array.shape[3])
        var sum = (0.0, 0.0, 0.0), n = 0.0
        for z in 0..<nz { for y in 0..<ny { for x in 0..<nx where array.values[((c * nz + z) * ny + y) * nx + x] != 0 {
            sum = (sum.0 + Double(x), sum.1 + Double(y), sum.2 + Double(z))
            n += 1
        } } }
        return Vector3(sum.0 / n, sum.1 / n, sum.2 / n)
    }

    @Test("tumour-centred arrays: shape, dtype, the tumour at the centre within 0.5 voxel, LPS orientation from the liver, no patient value")
    func centringAndOrientation() throws {
        let out = try #require(Self.output)
        let dataset = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dataset) }
        let labels = dataset.appendingPathComponent("clinical.csv")
        try "PatientID,response\nDEMO0001,1\n".write(to: labels, atomically: true, encoding: .utf8)
        var options = DatasetExport.Options()
        options.size = [64, 64, 64]
        options.spacing = [4, 4, 4]
        options.channels = [.image(.arterial), .image(.portalVenous), .tumour, .liver, .validity]
        options.labels = labels
        let summary = try DatasetExport.run(output: out, to: dataset, options: options)
        #expect(summary.lesions == 1 && summary.skipped.isEmpty)
        let csv = try String(contentsOf: dataset.appendingPathComponent("dataset.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0], row = rows[1]
        let column = { (name: String) in row[header.firstIndex(of: name)!] }
        #expect(header.last == "response" && row.last == "1" && column("split") == "train")
        let array = try Self.readNumPy(dataset.appendingPathComponent(column("file")))
        #expect(array.shape == [5, 64, 64, 64] && array.values.count == 5 * 64 * 64 * 64)
        // The tumour's centroid at the array centre ((n − 1) / 2 = 31.5) within 0.5 voxel.
        let tumour = Self.centroid(array, channel: 2)
        #expect(abs(tumour.x - 31.5) <= 0.5 && abs(tumour.y - 31.5) <= 0.5 && abs(tumour.z - 31.5) <= 0.5, "\(tumour)")
        // Orientation: the liver's centroid in the array, mapped through origin + index × spacing (x left, y
        // posterior, z superior), lands on the liver mask's own LPS centroid (measured on its grid, not exported).
        let liverFile = try LesionExport.liverFile(out.appendingPathComponent(column("study")))
        let truth = try #require(try MaskMeasurements.measure(try VolumeFiles.labels(liverFile)).centroid)
        let index = Self.centroid(array, channel: 3)
        let origin = Vector3(Double(column("origin_x_mm"))!, Double(column("origin_y_mm"))!, Double(column("origin_z_mm"))!)
        let mapped = Vector3(origin.x + 4 * index.x, origin.y + 4 * index.y, origin.z + 4 * index.z)
        #expect(abs(mapped.x - truth.x) < 4 && abs(mapped.y - truth.y) < 4 && abs(mapped.z - truth.z) < 4, "\(mapped) vs \(truth)")
        // The shell map as its own (v, u) array: 64 × 64 (ShellMap's default size).
        let shellMap = try Self.readNumPy(dataset.appendingPathComponent(column("shell_map_file")))
        #expect(shellMap.shape == [64, 64] && shellMap.values.count == 64 * 64)
        // z-scored images inside the field of view; the validity channel is 0/1.
        #expect(Set(array.values[(4 * 64 * 64 * 64)...]).isSubset(of: [0, 1]))
        // No patient value anywhere in the dataset but the clinical file we wrote.
        for file in ["dataset.csv", "dataset.json"] {
            let text = try String(contentsOf: dataset.appendingPathComponent(file), encoding: .utf8)
            for sentinel in ["DEMO0001", "DEMO^PATIENT", "20260101"] { #expect(!text.contains(sentinel), "\(file)") }
        }
    }

    @Test("NumPy reads the arrays (shape, dtype, C order, tumour at the centre); the image channel equals SimpleITK's resampling of the aligned phase")
    func numpyReadsTheArrays() throws {
        let python = TestPaths.repositoryRoot.appendingPathComponent(".venv-examples/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("skipped: no examples venv with NumPy (bash tools/examples/make-venv.sh; .ci/run does)")
            return
        }
        let out = try #require(Self.output)
        let dataset = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dataset) }
        var options = DatasetExport.Options()
        options.channels = [.image(.arterial), .tumour]
        options.normalization = .none
        _ = try DatasetExport.run(output: out, to: dataset, options: options)
        let study = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("st-") })
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import csv, numpy as np, SimpleITK as sitk
            row = next(csv.DictReader(open('\(dataset.path)/dataset.csv')))
            a = np.load('\(dataset.path)/' + row['file'])
            # SimpleITK: the aligned arterial phase onto the same grid (x, y, z sizes; identity direction).
            image = sitk.ReadImage('\(out.path)/\(study)/aligned/arterial.nii.gz', sitk.sitkFloat32)
            reference = sitk.Image([64, 64, 32], sitk.sitkFloat32)
            reference.SetSpacing([1.0, 1.0, 1.0])
            reference.SetOrigin([float(row['origin_x_mm']), float(row['origin_y_mm']), float(row['origin_z_mm'])])
            resampled = sitk.Resample(image, reference, sitk.Transform(), sitk.sitkLinear, -1024.0, sitk.sitkFloat32)
            expected = np.clip(sitk.GetArrayFromImage(resampled), -100, 240)
            delta = np.median(np.abs(expected - a[0]))
            c = np.argwhere(a[1] > 0).mean(axis=0)
            # The multi-channel NIfTI: SimpleITK reads a 3D image with one component per channel, the same
            # values, on the lesion grid (origin, 1 mm spacing, identity direction).
            n = sitk.ReadImage('\(dataset.path)/' + row['nifti_file'])
            same = np.array_equal(sitk.GetArrayFromImage(n), np.moveaxis(a, 0, -1))
            grid = (n.GetNumberOfComponentsPerPixel() == 2 and n.GetSize() == (64, 64, 32)
                    and np.allclose(n.GetOrigin(), reference.GetOrigin(), atol=1e-4) and np.allclose(n.GetSpacing(), 1)
                    and np.allclose(n.GetDirection(), np.eye(3).ravel()))
            print('nifti', same and grid)
            print(a.shape, a.dtype, a.flags['C_CONTIGUOUS'], '%.6f' % delta, ' '.join('%.3f' % v for v in c))
            """]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.hasPrefix("nifti True\n(2, 32, 64, 64) float32 True "), "\(text)")
        let fields = text.split(separator: " ")
        let delta = fields.count >= 6 ? Double(fields[fields.count - 4]) : nil
        #expect((delta ?? .infinity) <= 1, "median |ΔHU| against SimpleITK: \(text)")
        let centre = text.split(separator: " ").suffix(3).compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(centre.count == 3 && abs(centre[0] - 15.5) <= 0.5 && abs(centre[1] - 31.5) <= 0.5 && abs(centre[2] - 31.5) <= 0.5, "\(text)")
    }

    @Test("voxel feature-map channel: each tumour voxel holds the mean HU of its 3 × 3 × 3 kernel inside the tumour, 0 outside; a stored map is used when present")
    func voxelFeatureMapChannel() throws {
        let out = try #require(Self.output)
        let dataset = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dataset) }
        var options = DatasetExport.Options()
        options.size = [16, 24, 24]
        options.spacing = [2, 2, 2]
        options.channels = [.image(.arterial), .tumour, .voxel(feature: "firstorder_Mean", phase: .arterial)]
        options.window = (-5000, 5000)
        options.normalization = .none
        options.kernelRadius = 1
        #expect(try DatasetExport.run(output: out, to: dataset, options: options).lesions == 1)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: dataset.appendingPathComponent("lesions").path)
            .first { $0.hasSuffix(".npy") && !$0.contains("shellmap") })
        let array = try Self.readNumPy(dataset.appendingPathComponent("lesions/" + file))
        let (nz, ny, nx) = (16, 24, 24)
        let at = { (c: Int, z: Int, y: Int, x: Int) in array.values[((c * nz + z) * ny + y) * nx + x] }
        var checked = 0
        for z in 0..<nz { for y in 0..<ny { for x in 0..<nx {
            guard at(1, z, y, x) != 0 else {
                #expect(at(2, z, y, x) == 0)
                continue
            }
            // Independently: the mean of the image channel over the kernel's tumour voxels.
            var sum = 0.0, n = 0.0
            for dz in -1...1 { for dy in -1...1 { for dx in -1...1 {
                let (a, b, c) = (z + dz, y + dy, x + dx)
                guard (0..<nz).contains(a), (0..<ny).contains(b), (0..<nx).contains(c), at(1, a, b, c) != 0 else { continue }
                sum += Double(at(0, a, b, c))
                n += 1
            } } }
            #expect(abs(Double(at(2, z, y, x)) - sum / n) <= 1e-3 * max(1, abs(sum / n)), "voxel \(x), \(y), \(z)")
            checked += 1
        } } }
        #expect(checked > 100)
        // A stored map (voxel-maps/<phase>/<key>.nii.gz) is taken instead of computing one.
        let study = out.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("st-") }))
        let maps = study.appendingPathComponent("voxel-maps/arterial")
        try FileManager.default.createDirectory(at: maps, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: study.appendingPathComponent("voxel-maps")) }
        let aligned = try VolumeFiles.image(study.appendingPathComponent("aligned/arterial.nii.gz"))
        try VolumeFiles.write(Volume(geometry: aligned.geometry, repeating: Float(7)), to: maps.appendingPathComponent("original_firstorder_Mean.nii.gz"), format: .niftiGz)
        _ = try DatasetExport.run(output: out, to: dataset, options: options)
        let stored = try Self.readNumPy(dataset.appendingPathComponent("lesions/" + file))
        #expect(stored.values[(2 * nz * ny * nx)...].allSatisfy { $0 == 7 })
    }

    @Test("the split is by patient: a patient's lesions never fall in two splits; fixed by the seed")
    func splitByPatient() {
        let patients = Set((0..<40).map { "pt-\($0)" })
        let split = PatientSplit(patients: patients, fractions: [0.7, 0.15, 0.15], seed: 7)
        #expect(split.assignment.count == 40)
        #expect(split.assignment.values.filter { $0 == "train" }.count == 28 && split.assignment.values.filter { $0 == "val" }.count == 6)
        #expect(split == PatientSplit(patients: patients, fractions: [0.7, 0.15, 0.15], seed: 7))
        #expect(split != PatientSplit(patients: patients, fractions: [0.7, 0.15, 0.15], seed: 8))
    }

    @Test("the .npy header is NumPy format 1.0, 64-byte aligned, little-endian float32")
    func numpyHeader() throws {
        let data = NumPyFile.float32([1, -2.5, 3, 4, 5, 6], shape: [2, 3])
        let start = 10 + (Int(data[8]) | Int(data[9]) << 8)
        let header = String(decoding: data[10..<start], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") && start % 64 == 0 && data.count == start + 24)
        #expect(data[(start + 4)..<(start + 8)] == Data([0x00, 0x00, 0x20, 0xC0]))  // −2.5
    }
}
