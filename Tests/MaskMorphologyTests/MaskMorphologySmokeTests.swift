import Testing
@testable import MaskMorphology

@Suite struct MaskMorphologySmokeTests {
    @Test func moduleLinks() { #expect(MaskMorphologyInfo.name == "MaskMorphology") }
}
