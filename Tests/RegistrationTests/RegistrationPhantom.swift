import Foundation
import TestSupport
import VolumeModule

/// A textured, asymmetric abdomen-like CT phantom built in code (HU): body ellipse with smooth texture and
/// noise, a liver-like block on the patient's right, spine, two kidneys, a lesion sphere in the liver.
enum RegistrationPhantom {
    static let lesionCentre = Vector3(-45, 10, 20)
    static let lesionRadius = 15.0

    static func baseline(size: Size3 = Size3(128, 112, 40), spacing: Vector3 = Vector3(2.5, 2.5, 4)) -> Volume<Float> {
        let origin = Vector3(-Double(size.i - 1) * spacing.x / 2, -Double(size.j - 1) * spacing.y / 2, -60)
        let g = VolumeGeometry(size: size, spacing: spacing, origin: origin)
        var random = SplitMix(state: 17)
        var v = Volume<Float>(geometry: g, repeating: -1000)
        for k in 0..<size.k { for j in 0..<size.j { for i in 0..<size.i {
            let p = g.physicalPoint(i: i, j: j, k: k)
            v[i, j, k] = Float(value(p) + random.uniform(-15...15))
        } } }
        return v
    }

    static func inside(_ p: Vector3, _ c: Vector3, _ r: Vector3) -> Bool {
        let d = Vector3((p.x - c.x) / r.x, (p.y - c.y) / r.y, (p.z - c.z) / r.z)
        return d.dot(d) <= 1
    }

    static func value(_ p: Vector3) -> Double {
        guard inside(p, Vector3(0, 0, 20), Vector3(145, 105, 400)) else { return -1000 }
        if (p - lesionCentre).length <= lesionRadius { return 140 }
        if inside(p, Vector3(0, 55, 0), Vector3(18, 16, 400)) { return 450 + 80 * sin(p.z / 7) }  // spine
        if inside(p, Vector3(-45, 5, 10), Vector3(65, 60, 55)) { return 60 + 12 * sin(p.x / 9) * cos(p.y / 11) }
        if inside(p, Vector3(55, 40, -10), Vector3(22, 30, 45)) { return 160 }  // left kidney
        if inside(p, Vector3(-60, 45, -35), Vector3(20, 28, 35)) { return 150 }  // right kidney, lower
        if inside(p, Vector3(45, -30, 40), Vector3(35, 25, 25)) { return -500 } // gas, left upper
        if inside(p, Vector3(0, 0, 20), Vector3(132, 92, 400)) { return 20 + 25 * sin(p.x / 13 + p.z / 17) * sin(p.y / 10) }
        return -90  // subcutaneous fat
    }

    /// 1 inside the lesion sphere on `g`, through `transform` (grid point → phantom point).
    static func lesionMask(on g: VolumeGeometry, through transform: AffineTransform3D = .identity) -> Mask {
        var m = Mask(geometry: g, repeating: 0)
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            if (transform.transformPoint(g.physicalPoint(i: i, j: j, k: k)) - lesionCentre).length <= lesionRadius { m[i, j, k] = 1 }
        } } }
        return m
    }

    static func dice(_ a: Mask, _ b: Mask) -> Double {
        var both = 0, na = 0, nb = 0
        for (x, y) in zip(a.voxels, b.voxels) { na += x != 0 ? 1 : 0; nb += y != 0 ? 1 : 0; both += x != 0 && y != 0 ? 1 : 0 }
        return 2 * Double(both) / Double(na + nb)
    }
}
