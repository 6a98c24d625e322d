import Testing
import VolumeModule

/// ``Volume/nonZeroBoundingBox()`` and ``Volume/boundingBox(of:)`` against brute force over every voxel, on random
/// sparse multi-label masks of non-cubic grids (rows shorter and longer than the 8-byte words the label scan skips
/// empty rows by), and the empty mask.
@Suite struct MaskBoundingBoxTests {
    func bruteForce(_ mask: Mask, label: UInt8? = nil) -> IndexBox? {
        var points: [Index3] = []
        for k in 0..<mask.size.k {
            for j in 0..<mask.size.j {
                for i in 0..<mask.size.i {
                    let v = mask.voxels[mask.size.offset(i, j, k)]
                    if label.map({ v == $0 }) ?? (v != 0) { points.append(Index3(i, j, k)) }
                }
            }
        }
        guard !points.isEmpty else { return nil }
        return IndexBox(lower: Index3(points.map(\.i).min()!, points.map(\.j).min()!, points.map(\.k).min()!),
                        upper: Index3(points.map(\.i).max()!, points.map(\.j).max()!, points.map(\.k).max()!))
    }

    @Test func equalsBruteForce() {
        let geometry = VolumeGeometry(size: Size3(13, 7, 5), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(0, 0, 0))
        var state: UInt64 = 42
        for trial in 0..<50 {
            var mask = Mask(geometry: geometry, voxels: [UInt8](repeating: 0, count: geometry.size.count))
            for _ in 0..<(trial % 6) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                mask.voxels[Int(state >> 33) % mask.voxels.count] = UInt8(1 + (state >> 20) % 3)
            }
            #expect(mask.nonZeroBoundingBox() == bruteForce(mask), "trial \(trial)")
        }
        let empty = Mask(geometry: geometry, voxels: [UInt8](repeating: 0, count: geometry.size.count))
        #expect(empty.nonZeroBoundingBox() == nil)
    }

    @Test(arguments: [Size3(13, 7, 5), Size3(5, 3, 4), Size3(40, 9, 3), Size3(16, 4, 2)])
    func labelBoxEqualsBruteForce(_ size: Size3) {
        let geometry = VolumeGeometry(size: size, spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(0, 0, 0))
        var state: UInt64 = 7
        for trial in 0..<60 {
            var mask = Mask(geometry: geometry, voxels: [UInt8](repeating: 0, count: geometry.size.count))
            for _ in 0..<(trial % 7) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                mask.voxels[Int(state >> 33) % mask.voxels.count] = UInt8(1 + (state >> 20) % 3)
            }
            for label in [UInt8(0), 1, 2, 3] {
                #expect(mask.boundingBox(of: label) == bruteForce(mask, label: label), "trial \(trial) label \(label)")
            }
        }
    }
}
