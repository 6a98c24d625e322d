/// PNG row unfiltering (PNG spec §9) for the tests' own PNG readers, shared by the one that reads stored deflate
/// streams (PNGRenderTests) and the one that inflates with zlib (PipelineTests); neither uses libpng.
public enum PNGRows {
    /// Why rows could not be unfiltered.
    public enum Failure: Error, Equatable {
        /// Fewer or more bytes than `height × (width × channels + 1)`.
        case truncated
        /// A filter type byte other than 0…4.
        case badFilter(UInt8)
    }

    /// Undoes the per-row filters (None, Sub, Up, Average, Paeth) of 8-bit samples; `data` holds each row's filter
    /// byte then its `width × channels` samples. - Returns: the samples, row-major from the top row.
    public static func unfilter(_ data: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let stride = width * channels
        guard data.count == height * (stride + 1) else { throw Failure.truncated }
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = data[y * (stride + 1)]
            for x in 0..<stride {
                let raw = data[y * (stride + 1) + 1 + x]
                let a = x >= channels ? Int(out[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(out[(y - 1) * stride + x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure.badFilter(filter)
                }
                out[y * stride + x] = UInt8(truncatingIfNeeded: Int(raw) + predictor)
            }
        }
        return out
    }
}
