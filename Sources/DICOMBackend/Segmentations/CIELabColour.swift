import Foundation

/// Conversions between DICOM-scaled CIELab (RecommendedDisplayCIELabValue (0062,000D), PS3.3 C.10.7.1.1:
/// L* 0…100 → 0…65535, a* and b* −128…127 → 0…65535) and 8-bit sRGB, through CIE XYZ with the D65 white
/// point (as dcmqi's `Helper::getRGBFromCIELab` and highdicom's `CIELabColor`).
enum CIELabColour {
    private static let white = (x: 0.95047, y: 1.0, z: 1.08883)

    /// 8-bit sRGB of a DICOM-scaled CIELab triplet.
    static func rgb(fromDICOM lab: (UInt16, UInt16, UInt16)) -> [UInt8] {
        let l = Double(lab.0) / 65535 * 100
        let a = Double(lab.1) / 65535 * 255 - 128
        let b = Double(lab.2) / 65535 * 255 - 128
        let fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200
        func inverse(_ t: Double) -> Double { t > 6.0 / 29 ? t * t * t : 3 * (6.0 / 29) * (6.0 / 29) * (t - 4.0 / 29) }
        let x = white.x * inverse(fx), y = white.y * inverse(fy), z = white.z * inverse(fz)
        let linear = [3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
                      -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
                      0.0556434 * x - 0.2040259 * y + 1.0572252 * z]
        return linear.map { c in
            let v = c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055
            return UInt8(max(0, min(255, (v * 255).rounded())))
        }
    }

    /// DICOM-scaled CIELab of an 8-bit sRGB colour.
    static func dicomLab(fromRGB rgb: [UInt8]) -> (UInt16, UInt16, UInt16) {
        precondition(rgb.count == 3, "RGB needs three components")
        let linear = rgb.map { v -> Double in
            let c = Double(v) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let x = 0.4124564 * linear[0] + 0.3575761 * linear[1] + 0.1804375 * linear[2]
        let y = 0.2126729 * linear[0] + 0.7151522 * linear[1] + 0.0721750 * linear[2]
        let z = 0.0193339 * linear[0] + 0.1191920 * linear[1] + 0.9503041 * linear[2]
        func f(_ t: Double) -> Double { t > pow(6.0 / 29, 3) ? cbrt(t) : t / (3 * (6.0 / 29) * (6.0 / 29)) + 4.0 / 29 }
        let fx = f(x / white.x), fy = f(y / white.y), fz = f(z / white.z)
        let l = 116 * fy - 16, a = 500 * (fx - fy), b = 200 * (fy - fz)
        func scaled(_ v: Double) -> UInt16 { UInt16(max(0, min(65535, v.rounded()))) }
        return (scaled(l / 100 * 65535), scaled((a + 128) / 255 * 65535), scaled((b + 128) / 255 * 65535))
    }
}
