/// Voxel adjacency for connected components: which of the 26 neighbours of a voxel touch it.
///
/// Same meaning as ITK's `FullyConnected` off/on (6 / 26) with the intermediate 18 (faces + edges).
public enum Connectivity: Int, Sendable, Codable, Hashable, CaseIterable {
    /// Neighbours sharing a face (±1 along one axis).
    case faces6 = 6
    /// Neighbours sharing a face or an edge (at most two axes change).
    case edges18 = 18
    /// Neighbours sharing a face, an edge or a corner (all 26).
    case vertices26 = 26

    /// The neighbour steps (di, dj, dk), excluding (0, 0, 0). With `planar`, only steps with dk = 0
    /// (4, 8 or 8 neighbours in a slice: `.faces6` → 4, the others → 8).
    public func offsets(planar: Bool = false) -> [(Int, Int, Int)] {
        var result: [(Int, Int, Int)] = []
        let dkRange = planar ? 0...0 : -1...1
        for dk in dkRange {
            for dj in -1...1 {
                for di in -1...1 {
                    let changed = abs(di) + abs(dj) + abs(dk)
                    if changed == 0 { continue }
                    switch self {
                    case .faces6 where changed > 1: continue
                    case .edges18 where changed > 2: continue
                    default: result.append((di, dj, dk))
                    }
                }
            }
        }
        return result
    }
}
