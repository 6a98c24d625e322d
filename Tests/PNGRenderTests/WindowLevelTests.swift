import Testing
import VolumeModule
@testable import PNGRender

@Suite struct WindowLevelTests {
    @Test func linearVOIFunctionOfDICOM() {
        let w = WindowLevel.abdomen  // c = 40, w = 400: bounds −160 and 239 (PS3.3 C.11.2.1.2.1)
        #expect(w.grey(-1000) == 0 && w.grey(-160) == 0)
        #expect(w.grey(-159) == 1)  // ((−159 − 39.5)/399 + 0.5)·255 = 0.639
        #expect(w.grey(39.5) == 128)  // 127.5 rounds away from zero
        #expect(w.grey(239) == 255 && w.grey(239.01) == 255 && w.grey(3000) == 255)
        #expect(w.grey(100) == 166)  // (60.5/399 + 0.5)·255 = 166.17
        #expect(w.grey(.nan) == 0)
    }

    @Test func presets() {
        #expect(WindowLevel.abdomen == WindowLevel(width: 400, level: 40))
        #expect(WindowLevel.liver == WindowLevel(width: 150, level: 60))
        #expect(WindowLevel.lipiodol == WindowLevel(width: 1500, level: 300))
        #expect(WindowLevel.bone == .lipiodol)
        #expect(WindowLevel.abdomen.description == "W400 L40")
        #expect(WindowLevel(width: 97.5, level: -3.25).description == "W97.5 L-3.3")
    }

    @Test func percentileWindowMatchesNumPyLinearPercentiles() throws {
        // Values 0…99 shuffled, plus NaNs that must be ignored: numpy.percentile(range(100), [1, 99]) = 0.99, 98.01.
        var values = (0..<100).map { Float(($0 * 37) % 100) }
        values += [.nan, .nan, .nan, .nan]
        let g = VolumeGeometry(size: Size3(104, 1, 1), spacing: Vector3(1, 1, 1), origin: .zero)
        let w = try WindowLevel.percentiles(of: Volume(geometry: g, voxels: values))
        #expect(abs(w.width - (98.01 - 0.99)) < 1e-9 && abs(w.level - 49.5) < 1e-9)
        let all = Volume<Float>(geometry: g, repeating: .nan)
        #expect(throws: PNGRenderError.emptyVolume) { try WindowLevel.percentiles(of: all) }
    }
}
