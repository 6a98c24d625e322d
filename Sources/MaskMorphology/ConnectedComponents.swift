import VolumeModule

/// Connected components of the non-zero voxels of a mask (ITK `ConnectedComponentImageFilter`).
///
/// Labels are numbered 1, 2, … in the raster order (`i` fastest, ITK order) of each component's first
/// voxel, so the labelling is deterministic.
public struct ConnectedComponents: Sendable {
    /// The grid.
    public let geometry: VolumeGeometry
    /// Component label per voxel (0 = background), ITK order.
    public let labels: [Int32]
    /// Voxel count of each component: `voxelCounts[n - 1]` for label `n`.
    public let voxelCounts: [Int]

    /// Labels the non-zero voxels of `mask`.
    /// - Parameters:
    ///   - connectivity: which neighbours touch.
    ///   - dimensionality: `.slices` labels each `k` plane on its own (only dk = 0 steps).
    public init(_ mask: Mask, connectivity: Connectivity = .vertices26, dimensionality: Dimensionality = .volume) {
        let n = mask.size
        let steps = connectivity.offsets(planar: dimensionality == .slices)
        var labels = [Int32](repeating: 0, count: n.count)
        var counts: [Int] = []
        var stack: [Int] = []
        mask.voxels.withUnsafeBufferPointer { m in
            labels.withUnsafeMutableBufferPointer { l in
                for seed in 0..<m.count where m[seed] != 0 && l[seed] == 0 {
                    let label = Int32(counts.count + 1)
                    var size = 0
                    l[seed] = label
                    stack.append(seed)
                    while let o = stack.popLast() {
                        size += 1
                        let i = o % n.i, rest = o / n.i, j = rest % n.j, k = rest / n.j
                        for (di, dj, dk) in steps {
                            let a = i + di, b = j + dj, c = k + dk
                            guard n.contains(a, b, c) else { continue }
                            let p = n.offset(a, b, c)
                            if m[p] != 0 && l[p] == 0 {
                                l[p] = label
                                stack.append(p)
                            }
                        }
                    }
                    counts.append(size)
                }
            }
        }
        geometry = mask.geometry
        self.labels = labels
        voxelCounts = counts
    }

    /// Number of components.
    public var count: Int { voxelCounts.count }

    /// Volume of component `label` in mm³.
    public func volume(of label: Int) -> Double { Double(voxelCounts[label - 1]) * geometry.voxelVolume }

    /// The label of the largest component (the lowest label among equals), or `nil` when there is none.
    public var largestLabel: Int? {
        guard let best = voxelCounts.max() else { return nil }
        return (voxelCounts.firstIndex(of: best) ?? 0) + 1
    }

    /// A binary mask (0/1) of the components for which `keep(label)` is true.
    public func mask(keeping keep: (Int) -> Bool) -> Mask {
        let kept = [false] + (1...max(1, count)).map { $0 <= count && keep($0) }
        return Mask(geometry: geometry, voxels: labels.map { kept[Int($0)] ? 1 : 0 })
    }
}

extension Volume where Voxel == UInt8 {
    /// The mask without components smaller than `minimumVolume` mm³ (components of exactly that volume are
    /// kept).
    /// - Throws: ``MaskMorphologyError/invalidParameter(name:reason:)`` for a negative or NaN volume.
    public func removingComponents(smallerThan minimumVolume: Double, connectivity: Connectivity = .vertices26,
                                   dimensionality: Dimensionality = .volume) throws -> Mask {
        guard minimumVolume >= 0 else {
            throw MaskMorphologyError.invalidParameter(name: "minimumVolume", reason: "must be ≥ 0 mm³")
        }
        let components = ConnectedComponents(self, connectivity: connectivity, dimensionality: dimensionality)
        // Compare voxel counts with a relative slack so a component of exactly the limit is kept.
        return components.mask { components.volume(of: $0) >= minimumVolume * (1 - 1e-12) }
    }

    /// The largest connected component only (the first in raster order among equals); an empty mask stays
    /// empty.
    public func keepingLargestComponent(connectivity: Connectivity = .vertices26) -> Mask {
        let components = ConnectedComponents(self, connectivity: connectivity)
        let largest = components.largestLabel
        return components.mask { $0 == largest }
    }
}
