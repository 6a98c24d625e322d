import Foundation
import VolumeModule

/// 2D shape features of a single-slice ROI (PyRadiomics 3.1.0 `shape2D`, enabled with `force2D` and a mask that is
/// one voxel thick along `force2Ddimension`).
///
/// The slice is taken in NumPy order with the excluded axis removed (excluded 0 = z: rows y, columns x; 1 = y:
/// rows z, columns x; 2 = x: rows z, columns y), padded with one background pixel. MeshSurface, Perimeter and
/// MaximumDiameter come from PyRadiomics' marching squares (`_cshape.c` `calculate_coefficients2D`: signed
/// triangle areas against the origin, line lengths, and the largest distance between mesh vertices); the axis
/// lengths from PCA of the pixel centres (row, column × spacing) with a 1/N covariance. No IBSI counterpart.
enum Shape2DFeatures {
    /// The features named in `names` (PyRadiomics names; unknown names are skipped).
    /// - Parameters:
    ///   - inside: ROI membership of the bounding-box crop, ITK order (i fastest).
    ///   - size: crop size (x, y, z); the size along `excludedAxis` must be 1.
    ///   - spacing: voxel spacing in mm (x, y, z).
    ///   - excludedAxis: `force2Ddimension`, NumPy order (0 = z, 1 = y, 2 = x).
    static func compute(inside: [Bool], size: Size3, spacing: Vector3, excludedAxis: Int,
                        names: [String]) -> [(String, Double)] {
        let slice = Slice(inside: inside, size: size, spacing: spacing, excludedAxis: excludedAxis)
        let mesh = slice.marchingSquares()
        let eigen = slice.principalMoments()
        let pixels = Double(slice.pixelCount)
        let (p, a) = (mesh.perimeter, mesh.surface)
        return names.compactMap { name in
            let value: Double
            switch name {
            case "MeshSurface": value = a
            case "PixelSurface": value = pixels * (slice.columnSpacing * slice.rowSpacing)
            case "Perimeter": value = p
            case "PerimeterSurfaceRatio": value = p / a
            case "Sphericity": value = (2 * (Double.pi * a).squareRoot()) / p
            case "SphericalDisproportion": value = 1.0 / ((2 * (Double.pi * a).squareRoot()) / p)
            case "MaximumDiameter": value = mesh.diameter
            case "MajorAxisLength": value = eigen[1] < 0 ? .nan : eigen[1].squareRoot() * 4
            case "MinorAxisLength": value = eigen[0] < 0 ? .nan : eigen[0].squareRoot() * 4
            case "Elongation": value = eigen[0] < 0 || eigen[1] < 0 ? .nan : (eigen[0] / eigen[1]).squareRoot()
            default: return nil
            }
            return (name, value)
        }
    }

    /// The padded 2D mask in NumPy (row, column) order.
    struct Slice {
        let rows: Int, columns: Int
        let rowSpacing: Double, columnSpacing: Double
        /// Row-major, one background pixel of padding on every side.
        var mask: [Bool]
        var pixelCount = 0

        init(inside: [Bool], size: Size3, spacing: Vector3, excludedAxis: Int) {
            // NumPy axes (z, y, x) with sizes and spacings; drop the excluded one.
            let axes = [(size.k, spacing.z, size.i * size.j), (size.j, spacing.y, size.i), (size.i, spacing.x, 1)]
            precondition((0...2).contains(excludedAxis) && axes[excludedAxis].0 == 1, "not a single slice")
            let kept = axes.enumerated().filter { $0.offset != excludedAxis }.map(\.element)
            rows = kept[0].0 + 2
            columns = kept[1].0 + 2
            rowSpacing = kept[0].1
            columnSpacing = kept[1].1
            mask = [Bool](repeating: false, count: rows * columns)
            for r in 0..<kept[0].0 {
                for c in 0..<kept[1].0 where inside[r * kept[0].2 + c * kept[1].2] {
                    mask[(r + 1) * columns + c + 1] = true
                    pixelCount += 1
                }
            }
        }

        /// PyRadiomics `calculate_coefficients2D`: perimeter (mm), signed-area surface (mm²), and the maximum
        /// distance between mesh vertices (mm), in the C code's loop order.
        func marchingSquares() -> (perimeter: Double, surface: Double, diameter: Double) {
            var perimeter = 0.0, surface = 0.0
            var vertices: [Double] = []
            let spacing = [rowSpacing, columnSpacing]
            for iy in 0..<(rows - 1) {
                for ix in 0..<(columns - 1) {
                    var square = 0
                    for corner in 0..<4 where mask[(iy + Self.corners[corner].0) * columns + ix + Self.corners[corner].1] {
                        square |= 1 << corner
                    }
                    if square == 0 || square == 0xF { continue }
                    let lines = Self.lines[square]
                    var t = 0
                    while t * 2 < lines.count {
                        var a = [Double(iy), Double(ix)], b = a
                        for d in 0..<2 {
                            a[d] += Self.edgePoints[lines[t * 2]][d]
                            b[d] += Self.edgePoints[lines[t * 2 + 1]][d]
                            a[d] *= spacing[d]
                            b[d] *= spacing[d]
                        }
                        surface += (a[0] * b[1]) - (b[0] * a[1])
                        let d0 = a[0] - b[0], d1 = a[1] - b[1]
                        perimeter += (d0 * d0 + d1 * d1).squareRoot()
                        t += 1
                    }
                    // Vertices on edges 3 and 2 (left and bottom) are stored once per square.
                    if square > 7 { square ^= 0xF }
                    for (corner, edge) in [(0, 3), (2, 2)] where square & (1 << corner) != 0 {
                        vertices.append((Double(iy) + Self.edgePoints[edge][0]) * spacing[0])
                        vertices.append((Double(ix) + Self.edgePoints[edge][1]) * spacing[1])
                    }
                }
            }
            return (perimeter, surface / 2, Self.maximumDistance(vertices))
        }

        /// Eigenvalues (ascending) of the 1/N covariance of pixel centres (row, column × spacing); values in
        /// (−1e-10, 0) become 0, as PyRadiomics does.
        func principalMoments() -> [Double] {
            var n = 0.0, mean = (0.0, 0.0)
            forEachPixel { y, x in n += 1; mean = (mean.0 + y, mean.1 + x) }
            mean = (mean.0 / n, mean.1 / n)
            let root = n.squareRoot()
            var c = [0.0, 0.0, 0.0, 0.0]
            forEachPixel { y, x in
                let d0 = (y - mean.0) / root, d1 = (x - mean.1) / root
                c[0] += d0 * d0
                c[1] += d0 * d1
                c[3] += d1 * d1
            }
            c[2] = c[1]
            return SymmetricEigen.eigenvalues(c, n: 2).map { $0 < 0 && $0 > -1e-10 ? 0 : $0 }.sorted()
        }

        private func forEachPixel(_ body: (Double, Double) -> Void) {
            for r in 0..<rows {
                for c in 0..<columns where mask[r * columns + c] {
                    body(Double(r) * rowSpacing, Double(c) * columnSpacing)
                }
            }
        }

        /// The largest distance between two of the (row, column) points stored flat in `points`.
        static func maximumDistance(_ points: [Double]) -> Double {
            var best = 0.0
            points.withUnsafeBufferPointer { p in
                var top = p.count
                while top > 0 {
                    let a1 = p[top - 1], a0 = p[top - 2]
                    top -= 2
                    var index = 0
                    while index < top {
                        let d0 = a0 - p[index], d1 = a1 - p[index + 1]
                        let distance = d0 * d0 + d1 * d1
                        if distance > best { best = distance }
                        index += 2
                    }
                }
            }
            return best.squareRoot()
        }

        /// Square corners p0…p3 as (row, column) offsets (`gridAngles2D`).
        static let corners = [(0, 0), (0, 1), (1, 1), (1, 0)]
        /// Edge midpoints v0…v3 as (row, column) offsets (`vertList2D`).
        static let edgePoints: [[Double]] = [[0, 0.5], [0.5, 1], [1, 0.5], [0.5, 0]]
        /// Lines per square index as pairs of edge numbers, oriented consistently (`lineTable2D`).
        static let lines: [[Int]] = [
            [], [3, 0], [0, 1], [3, 1], [1, 2], [1, 2, 3, 0], [0, 2], [3, 2],
            [2, 3], [2, 0], [0, 1, 2, 3], [2, 1], [1, 3], [1, 0], [0, 3], [],
        ]
    }
}
