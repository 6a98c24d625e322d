import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// GE DWI series (b-value only in GE private (0043,1039) on b0 files) split into one volume per b-value and
/// direction, checked against dcm2niix v1.0.20211006's `.bval` and NIfTI (`../shared/testdata/mr/dcm_qa_ge_dwi`).
@Suite struct DiffusionReferenceTests {
    /// (input folder, dcm2niix reference name) per series.
    static let series: [(String, String)] = [
        ("01_Ax_DWI_TENSOR_R2", "Ax_DWI_TENSOR_R2_1"),
        ("02_Ax_DWI_TENSOR_R3", "Ax_DWI_TENSOR_R3_2"),
        ("03_Ax_DWI_TENSOR_R1p5", "Ax_DWI_TENSOR_R1p5_3"),
        ("04_Ax_DWI_TENSOR_R2MB2", "Ax_DWI_TENSOR_R2MB2_4"),
    ]

    static func assembly(_ folder: URL) throws -> SeriesAssembly {
        let scan = try FolderScan.scan(folder)
        if let failure = scan.failures.first(where: { $0.code != .notDICOM }) { throw failure }
        return SeriesAssembly(scan.instances)
    }

    static func bValues(_ url: URL) throws -> [Double] {
        try String(contentsOf: url, encoding: .utf8).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map {
            try #require(Double($0))
        }
    }

    @Test(arguments: series.indices)
    func volumesAndBValuesEqualDcm2niixBval(_ n: Int) throws {
        let (input, reference) = Self.series[n]
        guard let root = TestPaths.shared("mr/dcm_qa_ge_dwi") else { return }
        let assembly = try Self.assembly(root.appendingPathComponent("in/\(input)"))
        let expected = try Self.bValues(root.appendingPathComponent("reference/\(reference).bval"))
        #expect(assembly.plans.map { $0.diffusion?.bValue } == expected.map { Optional($0) }, "\(input)")
        // Every volume holds one plane per slice position, and the b > 0 volumes have distinct directions.
        let slices = Set(assembly.plans.map(\.planes.count))
        #expect(slices.count == 1, "\(input)")
        let directions = assembly.plans.compactMap { $0.diffusion?.groupingDirection }
        #expect(Set(directions).count == expected.filter { $0 > 0 }.count, "\(input)")
        // Volume order: dcm2niix's .bvec for these GE files is (−x, y, z) of (0019,10BB–10BD), volume by volume.
        let bvec = try String(contentsOf: root.appendingPathComponent("reference/\(reference).bvec"), encoding: .utf8)
            .split(separator: "\n").map { try $0.split(separator: " ").map { try #require(Double($0)) } }
        try #require(bvec.count == 3 && bvec.allSatisfy { $0.count == assembly.plans.count })
        for (t, plan) in assembly.plans.enumerated() {
            let g = plan.diffusion?.groupingDirection ?? Vector3(0, 0, 0)
            #expect(abs(-g.x - bvec[0][t]) < 1e-3 && abs(g.y - bvec[1][t]) < 1e-3 && abs(g.z - bvec[2][t]) < 1e-3, "\(input) volume \(t)")
        }
        // The LPS direction, put in dcm2niix's image frame as for every other vendor, is its .bvec (oblique series).
        let d = try VendorDiffusionReferenceTests.directionMismatches(assembly.plans,
                                                                      bvec: root.appendingPathComponent("reference/\(reference).bvec"))
        #expect(d.compared == expected.filter { $0 > 0 }.count, "\(input): \(d)")
        #expect(d.mismatches == 0, "\(input): \(d)")
    }

    /// Voxels of our LPS volume `ours` that differ from dcm2niix's volume `t` at the same physical point
    /// (ours LPS, theirs the RAS sform), and voxels that land outside dcm2niix's grid.
    static func differences(_ ours: Volume<Float>, _ reference: ReferenceNIfTI4D, _ t: Int) -> (mismatches: Int, outside: Int) {
        var mismatches = 0, outside = 0
        let g = ours.geometry
        for k in 0..<g.size.k {
            for j in 0..<g.size.j {
                for i in 0..<g.size.i {
                    let p = g.physicalPoint(i: i, j: j, k: k)
                    guard let index = reference.index(ofRAS: Vector3(-p.x, -p.y, p.z)) else { outside += 1; continue }
                    if reference.value(index, t) != ours[i, j, k] { mismatches += 1 }
                }
            }
        }
        return (mismatches, outside)
    }

    @Test(arguments: [0, 3])
    func voxelsEqualDcm2niixNIfTI(_ t: Int) throws {
        guard let root = TestPaths.shared("mr/dcm_qa_ge_dwi") else { return }
        let assembly = try Self.assembly(root.appendingPathComponent("in/01_Ax_DWI_TENSOR_R2"))
        let ours = try VolumeLoader.load(assembly.plans[t], instances: assembly.instances).data.floatVolume
        let reference = try ReferenceNIfTI4D(root.appendingPathComponent("reference/Ax_DWI_TENSOR_R2_1.nii"))
        #expect(reference.size == [256, 256, 2, 7])
        let d = Self.differences(ours, reference, t)
        #expect(d.outside == 0)
        #expect(d.mismatches == 0)
    }

    /// The comparison can fail (the seven volumes of this QA series hold identical pixels, so a wrong volume
    /// would pass; a wrong geometry does not): our volume mirrored left–right differs from dcm2niix's.
    @Test func comparisonDetectsAMirroredVolume() throws {
        guard let root = TestPaths.shared("mr/dcm_qa_ge_dwi") else { return }
        let assembly = try Self.assembly(root.appendingPathComponent("in/01_Ax_DWI_TENSOR_R2"))
        let ours = try VolumeLoader.load(assembly.plans[0], instances: assembly.instances).data.floatVolume
        let reference = try ReferenceNIfTI4D(root.appendingPathComponent("reference/Ax_DWI_TENSOR_R2_1.nii"))
        let s = ours.size
        var mirrored = ours
        for k in 0..<s.k { for j in 0..<s.j { for i in 0..<s.i { mirrored.voxels[i + s.i * (j + s.j * k)] = ours[s.i - 1 - i, j, k] } } }
        let d = Self.differences(mirrored, reference, 0)
        #expect(d.mismatches > ours.voxels.count / 10, "\(d.mismatches)")
    }

    /// GE fMRI files carry (0043,1039) = 0 on every file: no diffusion encoding, volumes split as before.
    @Test func geFMRIWithZeroBValueIsNotDiffusion() throws {
        guard let root = TestPaths.shared("mr/dcm_qa_nih_ge_siemens_epi/in/20180918GE/mr_0004") else { return }
        let assembly = try Self.assembly(root)
        #expect(assembly.plans.count == 10)
        #expect(assembly.plans.allSatisfy { $0.diffusion == nil })
    }
}

/// A minimal reader of dcm2niix's uncompressed int16 or uint16 NIfTI-1 (4D), written here so the comparison does
/// not go through our own NIfTI code: dim (bytes 40–55), datatype (70: 4 int16, 512 uint16), vox_offset (108),
/// srow_x/y/z (280–327).
struct ReferenceNIfTI4D {
    var size: [Int]
    var srow: [[Double]]
    var voxels: [Float]

    init(_ url: URL) throws {
        let data = try Data(contentsOf: url)
        func i16(_ o: Int) -> Int16 { data.withUnsafeBytes { Int16(littleEndian: $0.loadUnaligned(fromByteOffset: o, as: Int16.self)) } }
        func f32(_ o: Int) -> Float { data.withUnsafeBytes { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: o, as: UInt32.self))) } }
        try #require(data.count > 352 && (i16(70) == 4 || i16(70) == 512))
        let unsigned = i16(70) == 512
        size = (1...4).map { Int(i16(40 + 2 * $0)) }
        srow = (0..<3).map { r in (0..<4).map { Double(f32(280 + 16 * r + 4 * $0)) } }
        let offset = Int(f32(108))
        let count = size.reduce(1, *)
        try #require(data.count >= offset + 2 * count)
        voxels = data.withUnsafeBytes { raw in
            (0..<count).map {
                let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 2 * $0, as: UInt16.self))
                return unsigned ? Float(bits) : Float(Int16(bitPattern: bits))
            }
        }
    }

    /// The nearest voxel index of a RAS point (inverting the 3×3 sform), or `nil` when outside or off-grid by > 0.01.
    func index(ofRAS p: Vector3) -> (Int, Int, Int)? {
        let m = Matrix3(rowMajor: (0..<3).flatMap { r in srow[r][0..<3] })
        guard let inv = m.inverse else { return nil }
        let c = inv * Vector3(p.x - srow[0][3], p.y - srow[1][3], p.z - srow[2][3])
        let r = [c.x, c.y, c.z].map { $0.rounded() }
        guard zip([c.x, c.y, c.z], r).allSatisfy({ abs($0 - $1) < 0.01 }) else { return nil }
        let idx = r.map { Int($0) }
        guard (0..<3).allSatisfy({ idx[$0] >= 0 && idx[$0] < size[$0] }) else { return nil }
        return (idx[0], idx[1], idx[2])
    }

    func value(_ index: (Int, Int, Int), _ t: Int) -> Float {
        voxels[index.0 + size[0] * (index.1 + size[1] * (index.2 + size[2] * t))]
    }
}
