/// What a numeric attribute holds, telling an absent attribute from one that is present but unusable, so
/// an error can say "PixelSpacing (0028,0030) value 1 of 2 is not a positive number" instead of "no
/// PixelSpacing" (DICOM PS3.5 §6.2: DS and IS values are decimal text, several joined by `\`).
enum HeaderNumbers: Equatable {
    /// The attribute is absent or empty.
    case absent
    /// The attribute is present, but a value is not a finite number: the reason, without the value.
    case invalid(String)
    /// Every value, as finite numbers.
    case values([Double])
}

extension DICOMFile {
    /// The values of a numeric attribute, or why they are unusable (never quoting them: the text may be
    /// anything). Infinity and NaN spelt out ("inf", "nan") count as unusable.
    func numbers(_ tag: Tag, in steps: [Step] = []) -> HeaderNumbers {
        guard let s = text(tag, in: steps) else { return .absent }
        let parts = s.split(separator: "\\", omittingEmptySubsequences: false)
        var values: [Double] = []
        values.reserveCapacity(parts.count)
        for (n, part) in parts.enumerated() {
            guard let v = Double(Self.trimmingWhitespace(part)) else {
                return .invalid("value \(n + 1) of \(parts.count) is not a number")
            }
            guard v.isFinite else { return .invalid("value \(n + 1) of \(parts.count) is not finite") }
            values.append(v)
        }
        return .values(values)
    }
}
