import RadiomicsCore
import Testing
import VolumeModule

/// `diagnostics_Mask-original_VolumeNum`: 6-connected components of the ROI (SimpleITK `ConnectedComponent`
/// default), counted against a brute-force union of face neighbours.
@Suite struct DiagnosticsComponentTests {
    static let geometry = VolumeGeometry(size: Size3(9, 7, 5), spacing: Vector3(0.8, 0.7, 2.5), origin: Vector3(0, 0, 0))

    /// Components by repeated relabelling to the minimum face-neighbour label until nothing changes.
    static func bruteForce(_ mask: Mask) -> Int {
        let s = mask.geometry.size
        var label = mask.voxels.indices.map { mask.voxels[$0] == 1 ? $0 : -1 }
        var changed = true
        while changed {
            changed = false
            for k in 0..<s.k { for j in 0..<s.j { for i in 0..<s.i {
                let n = s.offset(i, j, k)
                guard label[n] >= 0 else { continue }
                for (a, b, c) in [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]
                where s.contains(i + a, j + b, k + c) {
                    let m = s.offset(i + a, j + b, k + c)
                    if label[m] >= 0 && label[m] < label[n] { label[n] = label[m]; changed = true }
                }
            } } }
        }
        return Set(label.filter { $0 >= 0 }).count
    }

    @Test func countsSixConnectedComponentsLikeBruteForce() throws {
        var mask = Mask(geometry: Self.geometry, repeating: 0)
        for (i, j, k) in [(1, 1, 1), (2, 1, 1), (2, 2, 1), (3, 3, 1),  // (3,3,1) touches (2,2,1) by an edge only
                          (6, 5, 3), (7, 5, 3), (7, 5, 4), (8, 0, 0), (0, 6, 4), (1, 6, 4), (5, 2, 2), (5, 2, 3)] {
            mask[i, j, k] = 1
        }
        let image = Volume<Float>(geometry: Self.geometry, voxels: (0..<Self.geometry.voxelCount).map { Float($0 % 17) })
        var parameters = ExtractionParameters()
        parameters.featureClasses = [(.firstorder, ["Mean"])]
        let vector = try FeatureExtractor(parameters: parameters).execute(image: image, mask: mask)
        let expected = Self.bruteForce(mask)
        #expect(expected == 6)
        #expect(vector["diagnostics_Mask-original_VolumeNum"]?.number == Double(expected))
    }
}
