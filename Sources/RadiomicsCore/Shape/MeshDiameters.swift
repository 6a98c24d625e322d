import Foundation
import VolumeModule

/// Maximum distances between marching-cubes mesh vertices (PyRadiomics 3.1.0 `calculate_meshDiameter`; IBSI 1
/// §3.1.11 "maximum 3D diameter"): overall, and restricted to vertex pairs on one axial slice (equal z), one
/// coronal plane (equal y) or one sagittal plane (equal x).
///
/// The vertices are the midpoints of every pair of 6-neighbour voxels of which exactly one is in the mask. Rather
/// than PyRadiomics' O(V²) loop over all vertices, only vertices that are extreme on an axis-parallel line are kept
/// (a vertex strictly between two others on a line can never be an end of a longest chord, by convexity of the
/// distance), and the pair search stops once the bound |a − c| + |b − c| (c = centroid) cannot beat the best.
/// Distances are evaluated with PyRadiomics' arithmetic, so the result is the same number.
struct MeshDiameters {
    var maximum3D = 0.0, slice = 0.0, column = 0.0, row = 0.0

    /// A vertex in doubled index units (2·index, so edge midpoints are integers), z, y, x.
    typealias Vertex = (z: Int32, y: Int32, x: Int32)

    /// No diameters (all 0), when none is requested.
    init() {}

    init(inside: [Bool], size: Size3, spacing: Vector3) {
        let vertices = Self.vertices(inside: inside, size: size)
        guard !vertices.isEmpty else { return }
        let s = (spacing.z, spacing.y, spacing.x)
        let tasks: [() -> Double] = [
            { Self.longest(Self.extremes(Self.extremes(Self.extremes(vertices, along: 2), along: 1), along: 0), s) },
            { Self.planeMaximum(vertices, plane: 0, s) },
            { Self.planeMaximum(vertices, plane: 1, s) },
            { Self.planeMaximum(vertices, plane: 2, s) },
        ]
        let results = parallelMap(tasks.count) { tasks[$0]() }
        maximum3D = results[0]
        slice = results[1]
        column = results[2]
        row = results[3]
    }

    static func vertices(inside: [Bool], size: Size3) -> [Vertex] {
        let nx = size.i, ny = size.j, nz = size.k
        var result: [Vertex] = []
        for z in 0..<nz {
            for y in 0..<ny {
                for x in 0..<nx {
                    let n = x + nx * (y + ny * z)
                    let here = inside[n]
                    let (dz, dy, dx) = (Int32(2 * z), Int32(2 * y), Int32(2 * x))
                    if x + 1 < nx && inside[n + 1] != here { result.append((dz, dy, dx + 1)) }
                    if y + 1 < ny && inside[n + nx] != here { result.append((dz, dy + 1, dx)) }
                    if z + 1 < nz && inside[n + nx * ny] != here { result.append((dz + 1, dy, dx)) }
                }
            }
        }
        return result
    }

    /// Keeps, on every line parallel to `axis` (0 = z, 1 = y, 2 = x), only the two extreme vertices.
    static func extremes(_ vertices: [Vertex], along axis: Int) -> [Vertex] {
        func key(_ v: Vertex) -> Int64 {
            switch axis {
            case 0: Int64(v.y) << 32 | Int64(UInt32(bitPattern: v.x))
            case 1: Int64(v.z) << 32 | Int64(UInt32(bitPattern: v.x))
            default: Int64(v.z) << 32 | Int64(UInt32(bitPattern: v.y))
            }
        }
        func coordinate(_ v: Vertex) -> Int32 { axis == 0 ? v.z : axis == 1 ? v.y : v.x }
        var lines: [Int64: (Vertex, Vertex)] = [:]
        for v in vertices {
            let k = key(v)
            if let (lo, hi) = lines[k] {
                lines[k] = (coordinate(v) < coordinate(lo) ? v : lo, coordinate(v) > coordinate(hi) ? v : hi)
            } else { lines[k] = (v, v) }
        }
        var result: [Vertex] = []
        for (lo, hi) in lines.values {
            result.append(lo)
            if coordinate(hi) != coordinate(lo) { result.append(hi) }
        }
        return result
    }

    /// The longest distance among vertices sharing one coordinate along `plane`, maximised over planes.
    static func planeMaximum(_ vertices: [Vertex], plane: Int, _ s: (Double, Double, Double)) -> Double {
        var groups: [Int32: [Vertex]] = [:]
        for v in vertices { groups[plane == 0 ? v.z : plane == 1 ? v.y : v.x, default: []].append(v) }
        let inPlane = [0, 1, 2].filter { $0 != plane }
        var best = 0.0
        for group in groups.values {
            best = max(best, longest(extremes(extremes(group, along: inPlane[0]), along: inPlane[1]), s))
        }
        return best
    }

    /// The longest distance (mm) between any two vertices, with PyRadiomics' coordinate arithmetic.
    static func longest(_ vertices: [Vertex], _ s: (Double, Double, Double)) -> Double {
        let points = vertices.map { (Double($0.z) * 0.5 * s.0, Double($0.y) * 0.5 * s.1, Double($0.x) * 0.5 * s.2) }
        guard points.count > 1 else { return 0 }
        var c = (0.0, 0.0, 0.0)
        for p in points { c = (c.0 + p.0, c.1 + p.1, c.2 + p.2) }
        c = (c.0 / Double(points.count), c.1 / Double(points.count), c.2 / Double(points.count))
        let radius = points.map { p in ((p.0 - c.0) * (p.0 - c.0) + (p.1 - c.1) * (p.1 - c.1) + (p.2 - c.2) * (p.2 - c.2)).squareRoot() }
        let order = radius.indices.sorted { radius[$0] > radius[$1] }
        var best = 0.0
        for (n, i) in order.enumerated() {
            let bound = radius[i] + radius[order[0]]
            if bound * bound * (1 + 1e-12) < best { break }
            let a = points[i]
            for j in order[(n + 1)...] {
                let reach = radius[i] + radius[j]
                if reach * reach * (1 + 1e-12) < best { break }
                let b = points[j]
                var dz = a.0 - b.0, dy = a.1 - b.1, dx = a.2 - b.2
                dz *= dz; dy *= dy; dx *= dx
                best = max(best, dz + dy + dx)
            }
        }
        return best.squareRoot()
    }
}
