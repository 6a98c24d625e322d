import Testing
@testable import RadiomicsCore

@Suite struct RadiomicsCoreSmokeTests {
    @Test func moduleLinks() { #expect(RadiomicsCoreInfo.name == "RadiomicsCore") }
}
