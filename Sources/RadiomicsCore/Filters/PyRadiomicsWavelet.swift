import VolumeModule

/// PyRadiomics 3.1.0's wavelet image type (`imageoperations.getWaveletImage` / `_swt3`): every odd dimension is
/// padded by one voxel with a copy of the first slice (NumPy `pad(…, 'wrap')`), then `start_level` levels are
/// skipped and `level` levels computed, each a one-level ``StationaryWavelet`` transform of the previous level's
/// approximation (no à-trous upsampling: PyRadiomics calls `swtn(…, level=1, start_level=0)` every time).
/// Results are trimmed back to the input size.
///
/// Names (x, y, z letter order; `L` low-pass, `H` high-pass): the 7 detail images of the first computed level are
/// `wavelet-LLH` … `wavelet-HHH`, of the n-th level `wavelet<n>-…`, then the last approximation `wavelet-LLL`
/// (`wavelet<levels>-LLL` for several levels). `wavelet-LLH` is high-pass along z.
public enum PyRadiomicsWavelet {
    /// The precision PyWavelets computes in: `float32` images stay `Float`, everything else (integer images,
    /// `float64`) is computed in `Double`.
    public enum Precision: Sendable { case float32, float64 }

    /// Prefixes (letters of the leading axes, see ``images(of:size:bank:startLevel:levels:axes:precision:group:)``)
    /// that split the images into groups computed one after the other (peak memory): with one level from the
    /// original image (`startLevel` 0, `level` 1), one group per combination of the letters of all axes but the last,
    /// two images each; otherwise a single group (`""`) of every image, since each level starts from the previous
    /// approximation.
    public static func groups(axes: [Int], startLevel: Int, levels: Int) -> [String] {
        guard startLevel == 0 && levels == 1 && axes.count > 1 else { return [""] }
        var prefixes = [""]
        for _ in 0..<(axes.count - 1) { prefixes = prefixes.flatMap { [$0 + "a", $0 + "d"] } }
        return prefixes
    }

    /// Names of every wavelet image in PyRadiomics' order (the details of each level, then the last approximation).
    public static func names(axes: [Int], levels: Int) -> [String] {
        var keys = [""]
        for _ in axes { keys = keys.flatMap { [$0 + "a", $0 + "d"] } }
        var names: [String] = []
        for level in 1...max(levels, 1) {
            let prefix = level == 1 ? "wavelet-" : "wavelet\(level)-"
            names += keys.dropFirst().map { prefix + letters($0) }
        }
        return names + [(levels == 1 ? "wavelet-" : "wavelet\(levels)-") + letters(keys[0])]
    }

    /// Names of the two images of a group of a one-level transform (the last axis' low and high pass).
    public static func names(group: String) -> [String] {
        ["a", "d"].map { "wavelet-" + letters(group + $0) }
    }

    /// The wavelet images.
    /// - Parameters:
    ///   - values: intensities in ITK order (`i` fastest).
    ///   - size: grid size (x, y, z).
    ///   - bank: the wavelet.
    ///   - startLevel: levels decomposed but not reported (`start_level`, ≥ 0).
    ///   - levels: levels reported (`level`, ≥ 1).
    ///   - axes: transformed axes, ITK numbering (0 = x); PyRadiomics uses x, y, z, or drops the
    ///     `force2Ddimension` axis in 2-D mode.
    ///   - precision: arithmetic of the transform.
    ///   - group: one of ``groups(axes:startLevel:levels:)``: only the images of that group (same values).
    /// - Returns: (PyRadiomics image type name, values in ITK order) in PyRadiomics' order (within the group).
    public static func images(of values: consuming [Double], size: Size3, bank: WaveletFilterBank, startLevel: Int,
                              levels: Int, axes: [Int] = [0, 1, 2], precision: Precision,
                              group: String = "") -> [(name: String, values: [Double])] {
        filteredImages(of: values, size: size, bank: bank, startLevel: startLevel, levels: levels, axes: axes,
                       precision: precision, group: group).map { ($0.name, $0.doubleValues) }
    }

    /// ``images(of:size:bank:startLevel:levels:axes:precision:group:)`` as filtered images, `float32` ones stored as
    /// `Float`. Inputs and intermediate sub-bands are released as soon as the next pass has them (peak memory).
    static func filteredImages(of values: consuming [Double], size: Size3, bank: WaveletFilterBank, startLevel: Int,
                               levels: Int, axes: [Int], precision: Precision, group: String) -> [FilteredImage] {
        switch precision {
        case .float32:
            let converted = values.map { Float($0) }
            _ = consume values
            return compute(consume converted, size: size, bank: bank, startLevel: startLevel, levels: levels,
                           axes: axes, group: group).map { FilteredImage(name: $0.name, floatValues: $0.values) }
        case .float64:
            return compute(consume values, size: size, bank: bank, startLevel: startLevel, levels: levels, axes: axes,
                           group: group).map { FilteredImage(name: $0.name, values: $0.values) }
        }
    }

    /// ``filteredImages(of:size:bank:startLevel:levels:axes:precision:group:)`` of an image already in `Float`, in
    /// `float32` precision (no `Double` copy of the grid).
    static func filteredImages(ofFloat values: [Float], size: Size3, bank: WaveletFilterBank, startLevel: Int,
                               levels: Int, axes: [Int], group: String) -> [FilteredImage] {
        compute(values, size: size, bank: bank, startLevel: startLevel, levels: levels, axes: axes, group: group)
            .map { FilteredImage(name: $0.name, floatValues: $0.values) }
    }

    private static func compute<T: BinaryFloatingPoint & Sendable>(
        _ values: consuming [T], size: Size3, bank: WaveletFilterBank, startLevel: Int, levels: Int, axes: [Int],
        group: String
    ) -> [(name: String, values: [T])] {
        precondition(values.count == size.count && startLevel >= 0 && levels >= 1, "invalid wavelet input")
        precondition(group.isEmpty || (startLevel == 0 && levels == 1), "wavelet groups need one level")
        let padded = Size3(size.i + size.i % 2, size.j + size.j % 2, size.k + size.k % 2)
        var data = pad(values, from: size, to: padded)
        _ = consume values
        let approximationKey = String(repeating: "a", count: axes.count)
        for _ in 0..<startLevel {
            // The approximation is always the first sub-band.
            data = StationaryWavelet.decompose(data, size: padded, axes: axes, bank: bank)[0].1
        }
        var result: [(name: String, values: [T])] = []
        for level in 1...levels {
            var bands = StationaryWavelet.decompose(consume data, size: padded, axes: axes, bank: bank, prefix: group)
            data = []
            if bands[0].0 == approximationKey { swap(&data, &bands[0].1) }
            let prefix = level == 1 ? "wavelet-" : "wavelet\(level)-"
            for n in bands.indices where bands[n].0 != approximationKey {
                var band: [T] = []
                swap(&band, &bands[n].1)
                result.append((prefix + letters(bands[n].0), trim(consume band, from: padded, to: size)))
            }
        }
        if !data.isEmpty {
            let prefix = levels == 1 ? "wavelet-" : "wavelet\(levels)-"
            result.append((prefix + letters(approximationKey), trim(consume data, from: padded, to: size)))
        }
        return result
    }

    private static func letters(_ key: String) -> String {
        String(key.map { $0 == "a" ? "L" : "H" })
    }

    /// NumPy `pad(x, [(0, odd)…], 'wrap')`: index n of the padded grid reads n mod size.
    private static func pad<T>(_ values: [T], from size: Size3, to padded: Size3) -> [T] {
        guard size != padded else { return values }
        var out: [T] = []
        out.reserveCapacity(padded.count)
        for k in 0..<padded.k {
            for j in 0..<padded.j {
                for i in 0..<padded.i { out.append(values[size.offset(i % size.i, j % size.j, k % size.k)]) }
            }
        }
        return out
    }

    private static func trim<T>(_ values: consuming [T], from padded: Size3, to size: Size3) -> [T] {
        guard padded != size else { return values }
        // In place, rows moved towards the front (a row's target never lies after its source): no second grid.
        var out = consume values
        out.withUnsafeMutableBufferPointer { buffer in
            var target = 0
            for k in 0..<size.k {
                for j in 0..<size.j {
                    let source = padded.offset(0, j, k)
                    if source != target {
                        for i in 0..<size.i { buffer[target + i] = buffer[source + i] }
                    }
                    target += size.i
                }
            }
        }
        out.removeLast(out.count - size.count)
        return out
    }
}
