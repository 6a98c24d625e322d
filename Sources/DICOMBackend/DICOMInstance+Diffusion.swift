import Foundation
import VolumeModule

extension DICOMInstance {
    /// What reading the diffusion attributes of one frame found: the encoding, or why a present attribute
    /// was ignored (naming the attribute, never quoting its text).
    struct DiffusionReading {
        var encoding: DiffusionEncoding?
        var warning: String?
    }

    /// Reads the diffusion encoding of frame `frame` (see ``DiffusionEncoding`` for the sources and their
    /// order). MR only; an unusable value is reported as a warning and the frame keeps no encoding, so the
    /// image itself still converts.
    static func diffusion(_ file: DICOMFile, frame: Int?, manufacturer: String?, csa: SiemensCSAHeader? = nil) -> DiffusionReading {
        var steps: [[DICOMFile.Step]] = []
        if let frame {
            steps.append([.init(sequence: .perFrameFunctionalGroupsSequence, item: frame), .init(sequence: .mrDiffusionSequence, item: 0)])
            steps.append([.init(sequence: .sharedFunctionalGroupsSequence, item: 0), .init(sequence: .mrDiffusionSequence, item: 0)])
        }
        steps.append([])
        for s in steps {
            switch file.numbers(.diffusionBValue, in: s) {
            case .absent: continue
            case .invalid(let why): return DiffusionReading(warning: "DiffusionBValue (0018,9087) \(why); b-value ignored")
            case .values(let v):
                guard let b = checkedBValue(v.first, "DiffusionBValue (0018,9087)") else {
                    return DiffusionReading(warning: "DiffusionBValue (0018,9087) is outside \(bRangeText) s/mm²; b-value ignored")
                }
                // The direction sits in DiffusionGradientDirectionSequence inside the functional group, at top level beside the b-value.
                let directionSteps = s.isEmpty ? s : s + [.init(sequence: .diffusionGradientDirectionSequence, item: 0)]
                var numbers = file.numbers(.diffusionGradientOrientation, in: directionSteps)
                if numbers == .absent && s.isEmpty {
                    numbers = file.numbers(.diffusionGradientOrientation, in: [.init(sequence: .diffusionGradientDirectionSequence, item: 0)])
                }
                // DiffusionDirectionality sits beside the b-value (in the functional group's MRDiffusionSequence item).
                let isotropic = b > 0 && (statesZeroVector(numbers) || file.text(.diffusionDirectionality, in: s)?.uppercased() == "ISOTROPIC"
                    || philipsIsotropic(file, manufacturer))
                switch direction(numbers, "DiffusionGradientOrientation (0018,9089)") {
                case .failure(let why):
                    var encoding = DiffusionEncoding(bValue: b, direction: nil, source: "DiffusionBValue (0018,9087)")
                    encoding.isotropic = isotropic
                    return DiffusionReading(encoding: encoding, warning: why.message)
                case .success(let d):
                    var encoding = DiffusionEncoding(bValue: b, direction: d, source: "DiffusionBValue (0018,9087)")
                    encoding.isotropic = isotropic
                    if d == nil, !isotropic, let vendor = geDirection(file, manufacturer) {
                        encoding.groupingDirection = vendor
                        encoding.direction = geLPSDirection(file, vendor)
                    }
                    if d == nil, !isotropic, let philips = philipsDirection(file, manufacturer) {
                        encoding.direction = philips
                        encoding.groupingDirection = philips
                    }
                    return DiffusionReading(encoding: encoding)
                }
            }
        }
        let maker = (manufacturer ?? "").uppercased()
        if maker.hasPrefix("GE"), let reading = geDiffusion(file) { return reading }
        if maker.hasPrefix("PHILIPS"), let reading = philipsDiffusion(file) { return reading }
        if maker.hasPrefix("SIEMENS"), let reading = siemensDiffusion(file, csa: csa) { return reading }
        if maker.hasPrefix("UIH"), let reading = uihDiffusion(file) { return reading }
        return DiffusionReading()
    }

    private static var bRangeText: String {
        "\(Int(HeaderLimits.diffusionBValue.lowerBound))…\(Int(HeaderLimits.diffusionBValue.upperBound))"
    }

    private static func checkedBValue(_ value: Double?, _ name: String) -> Double? {
        guard let value, value.isFinite, HeaderLimits.diffusionBValue.contains(value) else { return nil }
        return value
    }

    private struct DirectionProblem: Error { var message: String }

    /// A direction from three numbers: `nil` for the zero vector (b = 0), else normalised.
    private static func direction(_ numbers: HeaderNumbers, _ name: String) -> Result<Vector3?, DirectionProblem> {
        switch numbers {
        case .absent: return .success(nil)
        case .invalid(let why): return .failure(DirectionProblem(message: "\(name) \(why); direction ignored"))
        case .values(let v):
            guard v.count == 3 else { return .failure(DirectionProblem(message: "\(name) has \(v.count) values, not 3; direction ignored")) }
            guard v.allSatisfy({ abs($0) <= HeaderLimits.maximumDirectionComponent }) else {
                return .failure(DirectionProblem(message: "\(name) has a component beyond ±\(HeaderLimits.maximumDirectionComponent); direction ignored"))
            }
            let d = Vector3(v[0], v[1], v[2])
            let length = d.dot(d).squareRoot()
            guard length > 1e-6 else { return .success(nil) }
            return .success(Vector3(d.x / length, d.y / length, d.z / length))
        }
    }

    /// Whether a private attribute can be read as values: its block belongs to `creator` and its VR is a
    /// number or numeric text (not "UN" bytes).
    static func readablePrivate(_ file: DICOMFile, _ tag: Tag, creator: Tag, named expected: String) -> Bool {
        guard let owner = file.text(creator), owner.uppercased() == expected.uppercased(),
              let vr = file.valueRepresentation(tag) else { return false }
        return ["IS", "DS", "FL", "FD", "SL", "SS", "UL", "US"].contains(vr)
    }

    /// GE: b-value from (0043,1039) value 1 modulo 10⁹ (the bias of multi-b and synthetic-b series).
    private static func geDiffusion(_ file: DICOMFile) -> DiffusionReading? {
        let name = "GE private b-value (0043,1039)"
        guard readablePrivate(file, .geDiffusionBValue, creator: .gePrivateCreator0043, named: "GEMS_PARM_01") else { return nil }
        switch file.numbers(.geDiffusionBValue) {
        case .absent: return nil
        case .invalid(let why): return DiffusionReading(warning: "\(name) \(why); b-value ignored")
        case .values(let v):
            guard let raw = v.first, raw.isFinite, raw >= 0, raw < 1e12, raw == raw.rounded() else {
                return DiffusionReading(warning: "\(name) value 1 is not a non-negative integer below 10¹²; b-value ignored")
            }
            guard let b = checkedBValue(raw.truncatingRemainder(dividingBy: 1e9), name) else {
                return DiffusionReading(warning: "\(name) is outside \(bRangeText) s/mm² after removing the 10⁹ bias; b-value ignored")
            }
            var encoding = DiffusionEncoding(bValue: b, direction: nil, source: name)
            encoding.groupingDirection = geDirection(file, "GE")
            if let g = encoding.groupingDirection { encoding.direction = geLPSDirection(file, g) }
            return DiffusionReading(encoding: encoding)
        }
    }

    /// GE (0019,10BB–10BD), rounded to 10⁻⁴: distinguishes directions; its frame is not asserted as LPS.
    private static func geDirection(_ file: DICOMFile, _ manufacturer: String?) -> Vector3? {
        guard (manufacturer ?? "").uppercased().hasPrefix("GE") else { return nil }
        let tags: [Tag] = [.geGradientX, .geGradientY, .geGradientZ]
        guard tags.allSatisfy({ readablePrivate(file, $0, creator: .gePrivateCreator0019, named: "GEMS_ACQU_01") }) else { return nil }
        var v: [Double] = []
        for t in tags {
            guard case .values(let n) = file.numbers(t), n.count == 1, abs(n[0]) <= HeaderLimits.maximumDirectionComponent else { return nil }
            v.append((n[0] * 1e4).rounded() / 1e4)
        }
        guard v.contains(where: { $0 != 0 }) else { return nil }
        return Vector3(v[0], v[1], v[2])
    }

    /// Philips: b-value from (2001,1003) DiffusionBFactor.
    private static func philipsDiffusion(_ file: DICOMFile) -> DiffusionReading? {
        let name = "Philips private b-value (2001,1003)"
        guard readablePrivate(file, .philipsDiffusionBFactor, creator: .philipsPrivateCreator2001, named: "Philips Imaging DD 001") else { return nil }
        switch file.numbers(.philipsDiffusionBFactor) {
        case .absent: return nil
        case .invalid(let why): return DiffusionReading(warning: "\(name) \(why); b-value ignored")
        case .values(let v):
            guard let b = checkedBValue(v.first, name) else {
                return DiffusionReading(warning: "\(name) is outside \(bRangeText) s/mm²; b-value ignored")
            }
            var encoding = DiffusionEncoding(bValue: b, direction: nil, source: name)
            encoding.isotropic = b > 0 && philipsIsotropic(file, "PHILIPS")
            if !encoding.isotropic, let d = philipsDirection(file, "PHILIPS") {
                encoding.direction = d
                encoding.groupingDirection = d
            }
            return DiffusionReading(encoding: encoding)
        }
    }

    /// GE (0019,10BB–10BD) in patient LPS: the components are along the image axes with x and y negated — on two
    /// oblique series of different obliquity, (−x, y, z) is dcm2niix's `.bvec` — so LPS = −x·row − y·column + z·normal.
    private static func geLPSDirection(_ file: DICOMFile, _ g: Vector3) -> Vector3? {
        imageFrameDirection(file, along: (-g.x, -g.y, g.z))
    }

    /// The unit LPS direction whose components along ImageOrientationPatient's row, column and normal (row ×
    /// column) are `c`; `nil` for a zero vector or an unusable orientation.
    static func imageFrameDirection(_ file: DICOMFile, along c: (Double, Double, Double)) -> Vector3? {
        let length = (c.0 * c.0 + c.1 * c.1 + c.2 * c.2).squareRoot()
        guard length > 1e-6, length.isFinite,
              let o = try? orientation(file.numbers(.imageOrientationPatient), file: file.path, frame: nil) else { return nil }
        let n = o.row.cross(o.column).normalized
        let (a, b, d) = (c.0 / length, c.1 / length, c.2 / length)
        return Vector3(a * o.row.x + b * o.column.x + d * n.x, a * o.row.y + b * o.column.y + d * n.y,
                       a * o.row.z + b * o.column.z + d * n.z)
    }

    /// Whether three numbers state the zero vector (all components within 10⁻⁶ of 0).
    private static func statesZeroVector(_ numbers: HeaderNumbers) -> Bool {
        guard case .values(let v) = numbers, v.count == 3 else { return false }
        return v.allSatisfy { abs($0) <= 1e-6 }
    }

    /// Philips (2005,10B0–10B2) DiffusionDirectionRL/AP/FH, read only under Philips' private creator "Philips MR
    /// Imaging DD 001" as FL: the gradient direction in patient LPS, normalised; `nil` for the zero vector or an
    /// unusable value. In the Philips series that also state (0018,9089) (Achieva 2018, Ingenia 2020) the two are
    /// equal component for component, and on a 2008 Achieva with only these it gives dcm2niix's `.bvec`.
    private static func philipsDirection(_ file: DICOMFile, _ manufacturer: String?) -> Vector3? {
        guard (manufacturer ?? "").uppercased().hasPrefix("PHILIPS") else { return nil }
        let tags: [Tag] = [.philipsDirectionRL, .philipsDirectionAP, .philipsDirectionFH]
        guard tags.allSatisfy({ readablePrivate(file, $0, creator: .philipsPrivateCreator2005, named: "Philips MR Imaging DD 001") })
        else { return nil }
        var v: [Double] = []
        for t in tags {
            guard case .values(let n) = file.numbers(t), n.count == 1 else { return nil }
            v.append(n[0])
        }
        guard case .success(let d) = direction(.values(v), "Philips private direction (2005,10B0–10B2)") else { return nil }
        return d
    }

    /// Philips (2001,1004) DiffusionDirection is "I" (the isotropic image), read only under Philips' private
    /// creator and as CS text.
    private static func philipsIsotropic(_ file: DICOMFile, _ manufacturer: String?) -> Bool {
        guard (manufacturer ?? "").uppercased().hasPrefix("PHILIPS"),
              let owner = file.text(.philipsPrivateCreator2001), owner.uppercased() == "PHILIPS IMAGING DD 001",
              file.valueRepresentation(.philipsDiffusionDirection) == "CS" else { return false }
        return file.text(.philipsDiffusionDirection)?.trimmingCharacters(in: .whitespaces).uppercased() == "I"
    }
}
