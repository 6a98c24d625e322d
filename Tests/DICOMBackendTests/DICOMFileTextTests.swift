import Foundation
import Testing
@testable import DICOMBackend

/// The scan's own trimming against Foundation's `trimmingCharacters(in:)`, which it replaces.
@Suite struct DICOMFileTextTests {
    static let samples = ["", " ", "\0", "  ORIGINAL ", "PRIMARY\0", " \0AXIAL\0 ", "-1024 ", " 0.703125", "\t1.5\t", "1\u{00A0}",
                          "\u{3000}2.5\u{2009}", " \u{301}x ", "a b", "é ", "\0\0", " \u{1F600} ", "x\u{200B}", "\n1\r\n", "\u{0B}2\u{0C}", "\u{1C}3\u{1F}"]

    @Test(arguments: samples)
    func equalsFoundationsTrimming(_ text: String) {
        #expect(DICOMFile.trimming(text) { $0 == " " || $0 == "\0" } == text.trimmingCharacters(in: CharacterSet(charactersIn: " \0")))
        #expect(DICOMFile.trimmingWhitespace(text) == text.trimmingCharacters(in: .whitespaces))
        #expect(DICOMFile.trimmingWhitespace(Substring(text)) == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func comparatorSeesAnUntrimmedSpace() {
        #expect(DICOMFile.trimmingWhitespace("1.5 ") != "1.5 ")
        #expect(DICOMFile.trimming("x\0") { $0 == " " } != "x\0".trimmingCharacters(in: CharacterSet(charactersIn: " \0")))
    }
}
