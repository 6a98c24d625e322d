/// A label image: one `UInt8` per voxel, 0 = background, any other value = a label (a structure, or the
/// segment number of a DICOM SEG). Binary masks use 1 for "inside".
///
/// A mask belongs to an image only when their geometries are congruent
/// (``VolumeGeometry/isCongruent(with:tolerance:)``).
public typealias Mask = Volume<UInt8>

extension Volume where Voxel == UInt8 {
    /// Number of voxels equal to `label`.
    public func count(of label: UInt8) -> Int {
        voxels.withUnsafeBufferPointer { buffer in
            var n = 0
            for v in buffer where v == label { n &+= 1 }
            return n
        }
    }

    /// The smallest index box holding every voxel equal to `label`, or `nil` when the label is absent.
    ///
    /// One pass; a row without any non-zero voxel (most rows of a small ROI in a large image) is passed over by an
    /// OR of its 8-byte words, and only the first and last voxel equal to `label` of the other rows move the box.
    public func boundingBox(of label: UInt8) -> IndexBox? {
        let size = geometry.size
        var lo = (Int.max, Int.max, Int.max), hi = (-1, -1, -1)
        voxels.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let words = size.i / 8
            var offset = 0
            for k in 0..<size.k {
                for j in 0..<size.j {
                    defer { offset &+= size.i }
                    if label != 0 {
                        var any: UInt64 = 0
                        for w in 0..<words { any |= raw.loadUnaligned(fromByteOffset: offset &+ 8 &* w, as: UInt64.self) }
                        for i in (8 &* words)..<size.i { any |= UInt64(base[offset &+ i]) }
                        if any == 0 { continue }
                    }
                    var first = -1, last = -1
                    for i in 0..<size.i where base[offset &+ i] == label {
                        if first < 0 { first = i }
                        last = i
                    }
                    guard first >= 0 else { continue }
                    lo = (min(lo.0, first), min(lo.1, j), min(lo.2, k))
                    hi = (max(hi.0, last), max(hi.1, j), max(hi.2, k))
                }
            }
        }
        return hi.0 < 0 ? nil : IndexBox(lower: Index3(lo.0, lo.1, lo.2), upper: Index3(hi.0, hi.1, hi.2))
    }

    /// The smallest index box holding every non-zero voxel (any label), or `nil` for an empty mask. One pass;
    /// per row only the first and last non-zero voxel move the box.
    public func nonZeroBoundingBox() -> IndexBox? {
        let size = geometry.size
        var lo = (Int.max, Int.max, Int.max), hi = (-1, -1, -1)
        voxels.withUnsafeBufferPointer { buffer in
            var offset = 0
            for k in 0..<size.k {
                for j in 0..<size.j {
                    var first = -1, last = -1
                    for i in 0..<size.i where buffer[offset &+ i] != 0 {
                        if first < 0 { first = i }
                        last = i
                    }
                    offset &+= size.i
                    guard first >= 0 else { continue }
                    lo = (min(lo.0, first), min(lo.1, j), min(lo.2, k))
                    hi = (max(hi.0, last), max(hi.1, j), max(hi.2, k))
                }
            }
        }
        return hi.0 < 0 ? nil : IndexBox(lower: Index3(lo.0, lo.1, lo.2), upper: Index3(hi.0, hi.1, hi.2))
    }

    /// A binary mask (1 where the voxel equals `label`, else 0) on the same grid.
    public func binary(selecting label: UInt8) -> Mask {
        map { $0 == label ? 1 : 0 }
    }
}

extension Volume {
    /// The sub-volume inside `box`, with the origin moved to the box's first voxel (same spacing and
    /// direction, so every kept voxel keeps its physical position).
    /// - Precondition: the box lies inside the grid.
    public func cropped(to box: IndexBox) -> Volume<Voxel> {
        let size = geometry.size
        precondition(size.contains(box.lower.i, box.lower.j, box.lower.k)
                     && size.contains(box.upper.i, box.upper.j, box.upper.k), "crop box outside the grid")
        let newSize = box.size
        var out = [Voxel]()
        out.reserveCapacity(newSize.count)
        for k in box.lower.k...box.upper.k {
            for j in box.lower.j...box.upper.j {
                let start = size.offset(box.lower.i, j, k)
                out.append(contentsOf: voxels[start..<(start + newSize.i)])
            }
        }
        var g = geometry
        g.origin = geometry.physicalPoint(i: box.lower.i, j: box.lower.j, k: box.lower.k)
        g.size = newSize
        return Volume(geometry: g, voxels: out)
    }
}
