@testable import DICOMBackend
import TestSupport
import Testing

/// The Int16 plane converter against a plain per-voxel definition of rescale (HU = stored × slope +
/// intercept, DICOM PS3.3 C.11.1.1.2), padding (C.7.5.1.1.2) and the "does not fit Int16" refusal.
@Suite struct RescaleConverterTests {
    /// The definition, voxel by voxel in Int64: nil when a value leaves Int16.
    func reference(_ stored: [Int32], slope: Int64, intercept: Int64, pad: ClosedRange<Int64>?, fill: Int16)
        -> (out: [Int16], padding: Int, below: Int)?
    {
        var out: [Int16] = [], padding = 0, below = 0
        for s in stored {
            if let pad, pad.contains(Int64(s)) {
                out.append(fill)
                padding += 1
                continue
            }
            let v = Int64(s) * slope + intercept
            guard v >= -32768 && v <= 32767 else { return nil }
            if v < -1024 { below += 1 }
            out.append(Int16(v))
        }
        return (out, padding, below)
    }

    func converted(_ stored: [Int32], slope: Double, intercept: Double, pad: ClosedRange<Int64>?, fill: Int16)
        -> (out: [Int16], padding: Int, below: Int)?
    {
        var out = [Int16](repeating: 0x5555, count: stored.count)
        let counts = stored.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { o in
                VolumeLoader.int16Converter(fill: fill)(source, o.baseAddress!, slope, intercept, pad)
            }
        }
        return counts.map { (out, $0.padding, $0.belowAir) }
    }

    @Test(arguments: [
        (1.0, -1024.0, nil as ClosedRange<Int64>?),   // typical CT, unsigned stored values
        (1.0, 0.0, -2000...(-2000)),                   // signed CT with padding present
        (1.0, 0.0, 30000...30010),                     // padding range absent from the plane
        (2.0, -1024.0, nil),                           // slope 2: overflows for large stored values
        (-1.0, 100.0, nil),                            // negative slope
        (1.0, 70_000.0, nil),                          // intercept beyond the Int16 fast path
    ])
    func equalsTheDefinition(slope: Double, intercept: Double, pad: ClosedRange<Int64>?) {
        var generator = SplitMix(state: 7)
        for range in [Int32(0)...4095, Int32(-2000)...3000, Int32(-2000)...20000, Int32(-70_000)...(-60_000)] {
            var stored = (0..<4096).map { _ in Int32.random(in: range, using: &generator) }
            stored[17] = range.lowerBound
            let fast = converted(stored, slope: slope, intercept: intercept, pad: pad, fill: -1024)
            let plain = reference(stored, slope: Int64(slope), intercept: Int64(intercept), pad: pad, fill: -1024)
            #expect((fast == nil) == (plain == nil), "range \(range): fits differently")
            if let fast, let plain {
                #expect(fast.out == plain.out)
                #expect(fast.padding == plain.padding)
                #expect(fast.below == plain.below)
            }
        }
    }

    @Test func comparatorSeesAChangedVoxel() {
        let stored: [Int32] = [0, 1000, 2000, 4095]
        let plain = reference(stored, slope: 1, intercept: -1024, pad: nil, fill: -1024)!
        let fast = converted(stored, slope: 1, intercept: -1023, pad: nil, fill: -1024)!
        #expect(fast.out != plain.out)
    }
}

/// Raw 16-bit words → stored values (PS3.5 §8.1.1) against the definition: take bits HighBit − BitsStored
/// + 1 … HighBit, then sign-extend when PixelRepresentation is 1; and the word converter against the
/// stored-value converter.
@Suite struct WordLayoutTests {
    func definition(_ word: UInt16, bitsStored: Int, highBit: Int, signed: Bool) -> Int32 {
        let value = (Int32(word) >> (highBit + 1 - bitsStored)) & ((1 << bitsStored) - 1)
        return signed && value >= 1 << (bitsStored - 1) ? value - (1 << bitsStored) : value
    }

    func format(bitsStored: Int, highBit: Int, signed: Bool) -> PixelFormat {
        PixelFormat(rows: 64, columns: 64, frames: 1, bitsAllocated: 16, bitsStored: bitsStored, highBit: highBit,
                    pixelRepresentation: signed ? 1 : 0, samplesPerPixel: 1, photometricInterpretation: "MONOCHROME2")
    }

    @Test(arguments: [(16, 15), (12, 11), (12, 15), (10, 13), (1, 0)], [false, true])
    func storedValuesFollowTheDefinition(layout: (Int, Int), signed: Bool) {
        let (bits, high) = layout
        let words = WordLayout(format(bitsStored: bits, highBit: high, signed: signed))
        for word in stride(from: 0, through: 65535, by: 7).map(UInt16.init) + [0x8000, 0xFFFF, 0x0800, 0x07FF] {
            #expect(words.stored(word) == definition(word, bitsStored: bits, highBit: high, signed: signed),
                    "word \(word) bits \(bits) high \(high) signed \(signed)")
        }
    }

    typealias WordLayout = VolumeLoader.WordLayout

    /// Word ranges: every 16-bit pattern (mostly overflowing) and CT-like values that fit, so both the fused
    /// one-pass converter and its "does not fit" answer are compared.
    static let wordRanges: [ClosedRange<Int32>] = [0...65535, -2000...3000, 0...4095, -32768...(-31000), 30000...32767]

    @Test(arguments: [(1.0, -1024.0, nil as ClosedRange<Int64>?), (1.0, 0.0, -2000...(-2000)), (3.0, -1024.0, nil),
                      (1.0, 0.0, nil), (-1.0, 100.0, nil), (1.0, 32768.0, nil), (1.0, -32768.0, nil), (0.0, 5.0, nil),
                      (2.0, 70_000.0, nil)])
    func wordConverterEqualsStoredValueConverter(slope: Double, intercept: Double, pad: ClosedRange<Int64>?) {
        var generator = SplitMix(state: 11)
        for (bits, high, signed) in [(16, 15, true), (12, 11, false), (16, 15, false), (12, 11, true), (12, 15, true)] {
          for range in Self.wordRanges {
            let layout = WordLayout(format(bitsStored: bits, highBit: high, signed: signed))
            // 33 000 words: more than one 32 768-word chunk of the 16-bit counters.
            var words = (0..<33_000).map { _ in UInt16(truncatingIfNeeded: Int32.random(in: range, using: &generator)) }
            words[5] = UInt16(bitPattern: -2000)
            let stored = words.map { layout.stored($0) }
            var viaWords = [Int16](repeating: 0, count: words.count), viaStored = viaWords
            let a = words.withUnsafeBufferPointer { w in
                viaWords.withUnsafeMutableBufferPointer {
                    VolumeLoader.int16WordConverter(fill: -1024)(w, layout, $0.baseAddress!, slope, intercept, pad)
                }
            }
            let b = stored.withUnsafeBufferPointer { s in
                viaStored.withUnsafeMutableBufferPointer {
                    VolumeLoader.int16Converter(fill: -1024)(s, $0.baseAddress!, slope, intercept, pad)
                }
            }
            #expect((a == nil) == (b == nil), "bits \(bits) high \(high) signed \(signed) range \(range)")
            if let a, let b {
                #expect(a.padding == b.padding && a.belowAir == b.belowAir)
                #expect(viaWords == viaStored, "bits \(bits) high \(high) signed \(signed) range \(range)")
            }
          }
        }
    }
}
