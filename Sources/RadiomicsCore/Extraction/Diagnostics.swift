import Foundation
import VolumeModule

/// The `diagnostics_*` entries (PyRadiomics `generalinfo`), restricted to what is meaningful here: versions,
/// settings, image and mask digests, grid, bounding box and voxel counts. Digests are FNV-1a 64 over the voxel
/// values (PyRadiomics uses SHA-1 of the SimpleITK buffer; the digests are for provenance, not compatibility).
enum Diagnostics {
    /// Version of the radiomics core, reported as `diagnostics_Versions_RadStation`.
    static let version = "0.2.0"

    static func append(to output: inout FeatureVector, image: Volume<Float>, mask: Mask, label: UInt8, box: IndexBox,
                       parameters: ExtractionParameters, settings: ExtractionSettings) {
        output.append("diagnostics_Versions_RadStation", .text(version))
        output.append("diagnostics_Versions_PyRadiomicsCompatibility", .text("v3.1.0"))
        output.append("diagnostics_Configuration_Settings", .text(settingsText(settings)))
        output.append("diagnostics_Configuration_EnabledImageTypes",
                      .text("{" + parameters.imageTypes.map { "'\($0.pyRadiomicsName)': \(arguments($0))" }
                            .joined(separator: ", ") + "}"))
        output.append("diagnostics_Image-original_Hash", .text(digest(image.voxels)))
        output.append("diagnostics_Image-original_Dimensionality", .text("3D"))
        output.append("diagnostics_Image-original_Spacing", .text(tuple(image.geometry.spacing)))
        output.append("diagnostics_Image-original_Size", .text(tuple(image.size)))
        var sum = 0.0, lo = Double.infinity, hi = -Double.infinity
        image.voxels.withUnsafeBufferPointer { buffer in
            for v in buffer { let x = Double(v); sum += x; lo = min(lo, x); hi = max(hi, x) }
        }
        output.append("diagnostics_Image-original_Mean", sum / Double(max(image.voxels.count, 1)))
        output.append("diagnostics_Image-original_Minimum", lo)
        output.append("diagnostics_Image-original_Maximum", hi)
        output.append("diagnostics_Mask-original_Hash", .text(digest(mask.voxels)))
        output.append("diagnostics_Mask-original_Spacing", .text(tuple(mask.geometry.spacing)))
        output.append("diagnostics_Mask-original_Size", .text(tuple(mask.size)))
        let s = box.size
        output.append("diagnostics_Mask-original_BoundingBox",
                      .text("(\(box.lower.i), \(box.lower.j), \(box.lower.k), \(s.i), \(s.j), \(s.k))"))
        var count = 0
        var centre = (0.0, 0.0, 0.0)
        for k in box.lower.k...box.upper.k {
            for j in box.lower.j...box.upper.j {
                for i in box.lower.i...box.upper.i where mask[i, j, k] == label {
                    count += 1
                    centre = (centre.0 + Double(i), centre.1 + Double(j), centre.2 + Double(k))
                }
            }
        }
        output.append("diagnostics_Mask-original_VoxelNum", Double(count))
        output.append("diagnostics_Mask-original_VolumeNum", Double(componentCount(mask, label: label, box: box)))
        let index = Vector3(centre.0 / Double(count), centre.1 / Double(count), centre.2 / Double(count))
        output.append("diagnostics_Mask-original_CenterOfMassIndex", .text(tuple(index)))
        output.append("diagnostics_Mask-original_CenterOfMass", .text(tuple(mask.geometry.physicalPoint(at: index))))
    }

    /// The image type's filter arguments as a Python dict literal (PyRadiomics prints the custom arguments given;
    /// we print the resolved ones that differ from the defaults).
    static func arguments(_ type: ImageType) -> String {
        switch type {
        case .original, .square, .squareRoot, .logarithm, .exponential, .gradient, .lbp2D: return "{}"
        case .laplacianOfGaussian(let sigmas):
            return "{'sigma': [" + sigmas.map(\.pythonText).joined(separator: ", ") + "]}"
        case .wavelet(let name, let start, let level):
            var items: [String] = []
            if name != "coif1" { items.append("'wavelet': '\(name)'") }
            if start != 0 { items.append("'start_level': \(start)") }
            if level != 1 { items.append("'level': \(level)") }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }

    static func tuple(_ v: Vector3) -> String { "(\(v.x), \(v.y), \(v.z))" }
    static func tuple(_ s: Size3) -> String { "(\(s.i), \(s.j), \(s.k))" }

    static func settingsText(_ s: ExtractionSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(s), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    /// FNV-1a digest over the voxel bytes taken as little-endian 64-bit words (zero-padded tail), as
    /// `fnv1a64w:<16 hex>`.
    static func digest<T>(_ values: [T]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        values.withUnsafeBytes { bytes in
            let words = bytes.count / 8
            for w in 0..<words { h = (h ^ bytes.loadUnaligned(fromByteOffset: w &* 8, as: UInt64.self)) &* 0x0000_0100_0000_01b3 }
            var tail: UInt64 = 0
            for (n, b) in bytes[(words * 8)...].enumerated() { tail |= UInt64(b) << (8 * UInt64(n)) }
            h = (h ^ tail) &* 0x0000_0100_0000_01b3
        }
        return "fnv1a64w:" + String(h, radix: 16).leftPadded(to: 16)
    }

    /// Number of 6-connected components of the label (SimpleITK `ConnectedComponent` default connectivity).
    static func componentCount(_ mask: Mask, label: UInt8, box: IndexBox) -> Int {
        // Flood fill on the box padded with one background voxel (no bounds checks, no divisions); 1 = not yet
        // visited label voxel.
        let size = box.size
        let px = size.i + 2, py = size.j + 2, pz = size.k + 2
        var grid = [UInt8](repeating: 0, count: px * py * pz)
        let nx = mask.geometry.size.i, ny = mask.geometry.size.j
        mask.voxels.withUnsafeBufferPointer { voxels in
            for k in 0..<size.k {
                for j in 0..<size.j {
                    let source = box.lower.i + nx * ((box.lower.j + j) + ny * (box.lower.k + k))
                    let target = 1 + px * ((j + 1) + py * (k + 1))
                    for i in 0..<size.i where voxels[source + i] == label { grid[target + i] = 1 }
                }
            }
        }
        let strides = [1, -1, px, -px, px * py, -(px * py)]
        var components = 0
        var stack: [Int] = []
        grid.withUnsafeMutableBufferPointer { grid in
            for start in 0..<grid.count where grid[start] == 1 {
                components += 1
                grid[start] = 0
                stack.append(start)
                while let n = stack.popLast() {
                    for s in strides where grid[n &+ s] == 1 {
                        grid[n &+ s] = 0
                        stack.append(n &+ s)
                    }
                }
            }
        }
        return components
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
