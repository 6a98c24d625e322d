import Testing
@testable import PNGRender

@Suite struct PNGRenderSmokeTests {
    @Test func moduleLinks() { #expect(PNGRenderInfo.name == "PNGRender") }
}
