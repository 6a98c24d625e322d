import VolumeModule

extension SliceView {
    /// The slice's intensities on the display grid, row-major from the top row: bilinear interpolation in
    /// the plane (no interpolation across slices); NaN where a pixel centre lies outside the volume.
    /// - Precondition: `volume` has this view's grid size.
    public func sample(_ volume: Volume<Float>) -> [Float] {
        precondition(volume.size == geometry.size, "volume is not on this view's grid")
        let tx = table(horizontalAxis, origin: originX, pixels: width)
        let ty = table(verticalAxis, origin: originY, pixels: height)
        let base = sliceOffset, w = width
        var out = [Float](repeating: .nan, count: width * height)
        volume.voxels.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                for y in 0..<height where ty.inside[y] {
                    let r0 = base &+ ty.lower[y], r1 = base &+ ty.upper[y]
                    let wy = ty.weight[y], wy0 = 1 - wy
                    let row = y &* w
                    for x in 0..<w where tx.inside[x] {
                        let c0 = tx.lower[x], c1 = tx.upper[x], wx = tx.weight[x], wx0 = 1 - wx
                        let top = v[r0 &+ c0] * wx0 + v[r0 &+ c1] * wx
                        let bottom = v[r1 &+ c0] * wx0 + v[r1 &+ c1] * wx
                        o[row &+ x] = top * wy0 + bottom * wy
                    }
                }
            }
        }
        return out
    }

    /// The slice of a label image on the display grid (nearest neighbour), row-major from the top row; 0
    /// outside the volume. - Precondition: `mask` has this view's grid size.
    public func sample(_ mask: Mask) -> [UInt8] {
        precondition(mask.size == geometry.size, "mask is not on this view's grid")
        let tx = table(horizontalAxis, origin: originX, pixels: width)
        let ty = table(verticalAxis, origin: originY, pixels: height)
        let base = sliceOffset, w = width
        var out = [UInt8](repeating: 0, count: width * height)
        mask.voxels.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                for y in 0..<height where ty.inside[y] {
                    let r = base &+ ty.nearest[y], row = y &* w
                    for x in 0..<w where tx.inside[x] {
                        o[row &+ x] = v[r &+ tx.nearest[x]]
                    }
                }
            }
        }
        return out
    }

    /// The slice as opaque grey pixels through a window (NaN / outside → black).
    public func render(_ volume: Volume<Float>, window: WindowLevel) -> RGBAImage {
        RGBAImage(grey: window.greys(sample(volume)), width: width, height: height)
    }
}
