import Foundation
import VolumeModule

/// 3D shape features of the ROI mask (PyRadiomics `shape`, IBSI 1 §3.1), computed on the mask cropped to the ROI
/// bounding box and padded with one background voxel.
///
/// MeshVolume, SurfaceArea and the diameters come from the marching-cubes mesh (``MarchingCubes``,
/// ``MeshDiameters``); the axis lengths from PCA of voxel-centre coordinates (index × spacing) with a **1/N**
/// covariance (PyRadiomics; IBSI's reference values assume 1/(N−1), so Minor/LeastAxisLength differ slightly on
/// tiny ROIs — deviation stated in ``FeatureCatalog``).
enum ShapeFeatures {
    static func compute(inside: [Bool], size: Size3, spacing: Vector3, names: [String]) -> [(String, Double)] {
        let padded = Size3(size.i + 2, size.j + 2, size.k + 2)
        var mask = [Bool](repeating: false, count: padded.count)
        var voxels = 0
        for z in 0..<size.k {
            for y in 0..<size.j {
                for x in 0..<size.i where inside[x + size.i * (y + size.j * z)] {
                    mask[(x + 1) + padded.i * ((y + 1) + padded.j * (z + 1))] = true
                    voxels += 1
                }
            }
        }
        let wanted = Set(names)
        let mesh = MarchingCubes(inside: mask, size: padded, spacing: spacing)
        let needsDiameters = !wanted.isDisjoint(with: ["Maximum3DDiameter", "Maximum2DDiameterSlice",
                                                       "Maximum2DDiameterColumn", "Maximum2DDiameterRow"])
        let diameters = needsDiameters ? MeshDiameters(inside: mask, size: padded, spacing: spacing) : MeshDiameters()
        let eigen = principalMoments(inside: inside, size: size, spacing: spacing)
        let v = mesh.volume, a = mesh.surfaceArea
        return names.compactMap { name in
            let value: Double
            switch name {
            case "MeshVolume": value = v
            case "VoxelVolume": value = Double(voxels) * (spacing.z * spacing.x * spacing.y)
            case "SurfaceArea": value = a
            case "SurfaceVolumeRatio": value = a / v
            case "Sphericity": value = pow(36 * Double.pi * v * v, 1.0 / 3.0) / a
            case "Compactness1": value = v / (pow(a, 3.0 / 2.0) * Double.pi.squareRoot())
            case "Compactness2": value = (36 * Double.pi) * (v * v) / (a * a * a)
            case "SphericalDisproportion": value = a / pow(36 * Double.pi * v * v, 1.0 / 3.0)
            case "Maximum3DDiameter": value = diameters.maximum3D
            case "Maximum2DDiameterSlice": value = diameters.slice
            case "Maximum2DDiameterColumn": value = diameters.column
            case "Maximum2DDiameterRow": value = diameters.row
            case "MajorAxisLength": value = eigen[2] < 0 ? .nan : eigen[2].squareRoot() * 4
            case "MinorAxisLength": value = eigen[1] < 0 ? .nan : eigen[1].squareRoot() * 4
            case "LeastAxisLength": value = eigen[0] < 0 ? .nan : eigen[0].squareRoot() * 4
            case "Elongation": value = eigen[1] < 0 || eigen[2] < 0 ? .nan : (eigen[1] / eigen[2]).squareRoot()
            case "Flatness": value = eigen[0] < 0 || eigen[2] < 0 ? .nan : (eigen[0] / eigen[2]).squareRoot()
            default: return nil
            }
            return (name, value)
        }
    }

    /// Eigenvalues (ascending) of the 1/N covariance of the ROI voxel centres (index × spacing, z, y, x, as
    /// PyRadiomics: centred, scaled by 1/√N, then XᵀX); values in (−1e-10, 0) become 0. Two streaming passes, no
    /// coordinate array.
    static func principalMoments(inside: [Bool], size: Size3, spacing: Vector3) -> [Double] {
        func forEachPoint(_ body: (Double, Double, Double) -> Void) {
            for z in 0..<size.k {
                for y in 0..<size.j {
                    for x in 0..<size.i where inside[x + size.i * (y + size.j * z)] {
                        body(Double(z + 1) * spacing.z, Double(y + 1) * spacing.y, Double(x + 1) * spacing.x)
                    }
                }
            }
        }
        var n = 0.0
        var mean = (0.0, 0.0, 0.0)
        forEachPoint { z, y, x in n += 1; mean = (mean.0 + z, mean.1 + y, mean.2 + x) }
        mean = (mean.0 / n, mean.1 / n, mean.2 / n)
        let root = n.squareRoot()
        var c = [Double](repeating: 0, count: 9)
        forEachPoint { z, y, x in
            let d = [(z - mean.0) / root, (y - mean.1) / root, (x - mean.2) / root]
            for r in 0..<3 { for k in 0..<3 { c[r * 3 + k] += d[r] * d[k] } }
        }
        return SymmetricEigen.eigenvalues(c, n: 3).map { $0 < 0 && $0 > -1e-10 ? 0 : $0 }.sorted()
    }
}
