import Foundation
import VolumeModule

/// Mesh measures of a binary mask by marching cubes with vertices at edge midpoints (iso-level 0.5), as
/// PyRadiomics 3.1.0 computes them (`cshape.calculate_coefficients`; IBSI 1 §3.1.1, §3.1.3).
///
/// The mask is the ROI's bounding box padded with one background voxel on every side. Coordinates are index ×
/// spacing in (z, y, x) order (the mesh is in the image's axis frame; direction cosines do not change lengths).
/// Volume is the sum of signed tetrahedra (origin, triangle) / 6; area the sum of triangle areas.
struct MarchingCubes {
    /// Mesh volume in mm³.
    var volume = 0.0
    /// Mesh surface area in mm².
    var surfaceArea = 0.0

    /// Corners of a cube relative to its (z, y, x) origin, in the table's numbering.
    static let corners: [(Int, Int, Int)] = [(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 0), (1, 0, 0), (1, 0, 1), (1, 1, 1), (1, 1, 0)]
    /// Midpoints of the 12 cube edges relative to the cube origin, (z, y, x).
    static let edgeMidpoints: [(Double, Double, Double)] = [
        (0, 0, 0.5), (0, 0.5, 1), (0, 1, 0.5), (0, 0.5, 0), (1, 0, 0.5), (1, 0.5, 1), (1, 1, 0.5), (1, 0.5, 0),
        (0.5, 0, 0), (0.5, 0, 1), (0.5, 1, 1), (0.5, 1, 0),
    ]

    /// Computes volume and area of the padded mask `inside` (size x, y, z) with `spacing` (x, y, z) in mm.
    init(inside: [Bool], size: Size3, spacing: Vector3) {
        let nx = size.i, ny = size.j, nz = size.k
        let s = (spacing.z, spacing.y, spacing.x)
        let cornerOffsets = Self.corners.map { $0.2 + nx * ($0.1 + ny * $0.0) }
        let partials: [(Double, Double)] = parallelMap(max(nz - 1, 0)) { iz in
            var volume = 0.0, area = 0.0
            for iy in 0..<(ny - 1) {
                for ix in 0..<(nx - 1) {
                    let base = ix + nx * (iy + ny * iz)
                    var cube = 0
                    for (bit, offset) in cornerOffsets.enumerated() where inside[base + offset] { cube |= 1 << bit }
                    var sign = 1.0
                    if cube & 0x80 != 0 { cube ^= 0xff; sign = -1 }
                    guard cube != 0 else { continue }
                    let triangles = MarchingCubesTable.triangles[cube]
                    var t = 0
                    while t < triangles.count {
                        func point(_ edge: UInt8) -> (Double, Double, Double) {
                            let e = Self.edgeMidpoints[Int(edge)]
                            return ((Double(iz) + e.0) * s.0, (Double(iy) + e.1) * s.1, (Double(ix) + e.2) * s.2)
                        }
                        var a = point(triangles[t]), b = point(triangles[t + 1])
                        let c = point(triangles[t + 2])
                        let ab = (a.1 * b.2 - b.1 * a.2, a.2 * b.0 - b.2 * a.0, a.0 * b.1 - b.0 * a.1)
                        volume += sign * (ab.0 * c.0 + ab.1 * c.1 + ab.2 * c.2)
                        a = (a.0 - c.0, a.1 - c.1, a.2 - c.2)
                        b = (b.0 - c.0, b.1 - c.1, b.2 - c.2)
                        let n = (a.1 * b.2 - b.1 * a.2, a.2 * b.0 - b.2 * a.0, a.0 * b.1 - b.0 * a.1)
                        area += 0.5 * (n.0 * n.0 + n.1 * n.1 + n.2 * n.2).squareRoot()
                        t += 3
                    }
                }
            }
            return (volume, area)
        }
        volume = partials.reduce(0) { $0 + $1.0 } / 6
        surfaceArea = partials.reduce(0) { $0 + $1.1 }
    }
}
