@testable import RadiomicsCore
import Testing
import VolumeModule

/// GLRLM from run ends on the padded grid against the line-by-line walk (the original builder), every offset,
/// on random ROIs, and the fallback when no two ROI voxels are adjacent along an offset (checkerboard).
@Suite struct RunLengthTests {
    static func binned(size: Size3, seed: UInt64, inside: (Int, Int, Int) -> Bool) -> BinnedROI {
        var state = seed
        var values: [Double] = [], inROI: [Bool] = []
        for k in 0..<size.k { for j in 0..<size.j { for i in 0..<size.i {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double((state >> 33) % 4) * 25)  // four levels: long runs happen
            inROI.append(inside(i, j, k))
        } } }
        let roi = CroppedROI(size: size, spacing: Vector3(0.8, 0.7, 2.5), values: values, inROI: inROI)
        return BinnedROI(roi, binWidth: 25, binCount: nil)
    }

    static func compare(_ binned: BinnedROI) -> (same: Bool, fallbacks: Int) {
        let offsets = NeighbourOffsets(size: binned.size, distances: [1], bidirectional: false, excludedAxis: nil)
        let padded = PaddedLevels(binned, pad: 1)
        let index = binned.compactIndex, m = binned.grayLevels.count
        let maxRun = max(binned.size.i, binned.size.j, binned.size.k)
        var same = true, fallbacks = 0
        for o in offsets.offsets {
            let walk = GLRLMFeatures.runLengthMatrix(padded, offset: o, index: index, m: m, maxRun: maxRun)
            if let ends = GLRLMFeatures.runEnds(padded, offset: o, index: index, m: m, maxRun: maxRun) {
                same = same && ends == walk
            } else {
                fallbacks += 1
            }
        }
        return (same, fallbacks)
    }

    @Test func runEndsEqualTheLineWalk() {
        let size = Size3(9, 7, 6)
        let ball = Self.binned(size: size, seed: 7) { i, j, k in
            let (x, y, z) = (Double(i) - 4, Double(j) - 3, Double(k) - 2.5)
            return x * x + y * y + 2 * z * z <= 16
        }
        let result = Self.compare(ball)
        #expect(result.same && result.fallbacks == 0)
        let sparse = Self.binned(size: size, seed: 11) { i, j, k in (i * 7 + j * 3 + k * 5) % 4 != 0 }
        #expect(Self.compare(sparse).same)
    }

    @Test func checkerboardFallsBackToTheLineWalk() {
        // Along an offset with an odd number of unit steps (3 axes, 4 body diagonals) no two ROI voxels are
        // adjacent: those 7 fall back; the 6 face diagonals still count run ends.
        let board = Self.binned(size: Size3(6, 5, 4), seed: 3) { i, j, k in (i + j + k) % 2 == 0 }
        let result = Self.compare(board)
        #expect(result.same)
        #expect(result.fallbacks == 7)
    }
}
