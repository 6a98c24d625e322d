import VolumeModule

/// NIfTI-1 quaternion form of a rotation (quatern_b/c/d, with a ≥ 0 implied) and the qfac sign for
/// left-handed grids (nifti1.h, "METHOD 2").
struct NIfTIQuaternion: Equatable {
    var b: Double, c: Double, d: Double
    var qfac: Double
}

extension NIfTIQuaternion {
    /// Quaternion of an orthonormal direction matrix (columns = axis unit vectors, RAS).
    init(rotation r: Matrix3) {
        var m = r
        qfac = 1
        if m.determinant < 0 {
            qfac = -1
            m = Matrix3(columns: m.columns.0, m.columns.1, -m.columns.2)
        }
        let (r11, r12, r13) = (m[0, 0], m[0, 1], m[0, 2])
        let (r21, r22, r23) = (m[1, 0], m[1, 1], m[1, 2])
        let (r31, r32, r33) = (m[2, 0], m[2, 1], m[2, 2])
        var a = r11 + r22 + r33 + 1
        var bb: Double, cc: Double, dd: Double
        if a > 0.5 {
            a = 0.5 * a.squareRoot()
            bb = 0.25 * (r32 - r23) / a
            cc = 0.25 * (r13 - r31) / a
            dd = 0.25 * (r21 - r12) / a
        } else {
            let xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22)
            if xd > 1 {
                bb = 0.5 * xd.squareRoot()
                cc = 0.25 * (r12 + r21) / bb
                dd = 0.25 * (r13 + r31) / bb
                a = 0.25 * (r32 - r23) / bb
            } else if yd > 1 {
                cc = 0.5 * yd.squareRoot()
                bb = 0.25 * (r12 + r21) / cc
                dd = 0.25 * (r23 + r32) / cc
                a = 0.25 * (r13 - r31) / cc
            } else {
                dd = 0.5 * zd.squareRoot()
                bb = 0.25 * (r13 + r31) / dd
                cc = 0.25 * (r23 + r32) / dd
                a = 0.25 * (r21 - r12) / dd
            }
            if a < 0 {
                bb = -bb
                cc = -cc
                dd = -dd
            }
        }
        b = bb
        c = cc
        d = dd
    }

    /// The rotation matrix (with qfac applied to the third column), inverse of `init(rotation:)`.
    var rotation: Matrix3 {
        let a = max(0, 1 - (b * b + c * c + d * d)).squareRoot()
        let m = Matrix3(rowMajor: [
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
        ])
        return Matrix3(columns: m.columns.0, m.columns.1, m.columns.2 * qfac)
    }
}
