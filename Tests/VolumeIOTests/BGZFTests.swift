import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import VolumeIO

@Suite struct BGZFTests {
    /// Half noise, half runs of one value, so blocks both shrink and (the noise) hardly compress.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix(state: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        for n in 0..<count {
            let run = n / 40_000
            bytes[n] = run % 2 == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(truncatingIfNeeded: run)
        }
        return bytes
    }

    /// Runs `/usr/bin/python3 -c script path…` and returns its standard output, or `nil` without python3.
    static func python(_ script: String, _ arguments: [String]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            print("skipped: /usr/bin/python3 not found (independent gzip reader)")
            return nil
        }
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [0, 1, 352, BGZF.blockDataSize, 3 * BGZF.blockDataSize + 12_345, 40 * BGZF.blockDataSize + 7])
    func blocksAreGzipEveryReaderReads(_ bodyCount: Int) throws {
        let header = Self.bytes(352, seed: 1), body = Self.bytes(bodyCount, seed: 2)
        let runs = try header.withUnsafeBytes { h in try body.withUnsafeBytes { b in try BGZF.compress(pieces: [h, b]) } }
        let file = runs.flatMap { $0 }
        #expect(Array(file.suffix(28)) == BGZF.endOfFile)
        // zlib reads it as multi-member gzip; Python's gzip module, independently, as well.
        #expect(try file.withUnsafeBytes { try Gzip.decompress($0) } == header + body)
        let url = try TestPaths.temporaryFolder().appendingPathComponent("x.gz")
        try Data(file).write(to: url)
        if let size = try Self.python("import gzip,sys; print(len(gzip.open(sys.argv[1]).read()))", [url.path]) {
            #expect(size == String(header.count + body.count))
        }
        try file.withUnsafeBytes { raw in
            let index = try #require(BGZF.Index(raw))
            #expect(index.count == header.count + body.count)
            #expect(index.blockCount == (index.count + BGZF.blockDataSize - 1) / BGZF.blockDataSize + 1)
            #expect(try index.all(from: raw) == header + body)
            var random = SplitMix(state: 3)
            let all = header + body
            let ranges = (0..<20).map { _ -> Range<Int> in
                let a = random.uniform(0, all.count), b = random.uniform(0, all.count)
                return min(a, b)..<max(a, b)
            }
            #expect(try index.bytes(ranges, from: raw) == ranges.flatMap { all[$0] })
        }
    }

    @Test func aCorruptBlockIsAnErrorNotWrongBytes() throws {
        let body = Self.bytes(5 * BGZF.blockDataSize, seed: 4)
        var file = try body.withUnsafeBytes { try BGZF.compress(pieces: [$0]) }.flatMap { $0 }
        let second = try file.withUnsafeBytes { try #require(BGZF.Index($0)).fileOffsets[1] }
        file[second + 40] ^= 0x55  // inside block 1's deflate data
        try file.withUnsafeBytes { raw in
            let index = try #require(BGZF.Index(raw))
            #expect(throws: VolumeIOError.self) { try index.all(from: raw) }
            #expect(throws: VolumeIOError.self) { try index.bytes([BGZF.blockDataSize..<(BGZF.blockDataSize + 10)], from: raw) }
            // Block 0 alone is intact.
            #expect(try index.bytes([0..<100], from: raw) == Array(body[0..<100]))
        }
    }

    @Test func otherGzipAndTruncatedFilesAreNotIndexed() throws {
        let body = Self.bytes(200_000, seed: 5)
        let plain = try body.withUnsafeBytes { try Gzip.compress($0) }
        plain.withUnsafeBytes { #expect(BGZF.Index($0) == nil) }
        let blocked = try body.withUnsafeBytes { try BGZF.compress(pieces: [$0]) }.flatMap { $0 }
        let cut = Array(blocked.prefix(blocked.count - 100))
        cut.withUnsafeBytes { #expect(BGZF.Index($0) == nil) }
        // Read as plain gzip, which says it is truncated.
        #expect(throws: VolumeIOError.self) { try cut.withUnsafeBytes { try ImageFile.inflate($0) } }
        // Lying block sizes: BSIZE past the end of the file.
        var lying = blocked
        lying[16] = 0xFF
        lying[17] = 0xFF
        lying.withUnsafeBytes { raw in
            if let index = BGZF.Index(raw) { #expect(index.count != body.count || index.blockCount != 5) }
        }
    }

    @Test func mutatedFilesThrowOrReadNeverTrap() throws {
        // Seeded mutations of a BGZF .nii.gz (flipped bytes in headers, sizes, data and trailers; truncations):
        // every read either succeeds or throws a VolumeIOError.
        let geometry = VolumeGeometry(size: Size3(64, 48, 12), spacing: Vector3(1, 1, 2), origin: .zero)
        let volume = Volume(geometry: geometry, voxels: (0..<geometry.voxelCount).map { Int16(truncatingIfNeeded: $0 &* 7919) })
        let folder = try TestPaths.temporaryFolder()
        let clean = folder.appendingPathComponent("clean.nii.gz")
        try NIfTI.write(volume, to: clean)
        let bytes = try [UInt8](Data(contentsOf: clean))
        var random = SplitMix(state: 31)
        let url = folder.appendingPathComponent("mutated.nii.gz")
        let box = IndexBox(lower: Index3(10, 5, 2), upper: Index3(40, 30, 9))
        for trial in 0..<150 {
            var mutated = bytes
            if trial % 5 == 4 {
                mutated = Array(mutated.prefix(random.uniform(0, mutated.count - 1)))
            } else {
                for _ in 0..<random.uniform(1, 4) {
                    // Mostly near block headers and trailers, where the sizes are.
                    let n = trial % 2 == 0 ? random.uniform(0, min(40, mutated.count - 1)) : random.uniform(0, mutated.count - 1)
                    mutated[n] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            try Data(mutated).write(to: url)
            do { _ = try NIfTI.read(url) } catch is VolumeIOError {}
            do { _ = try NIfTI.read(url, region: { _ in box }) } catch is VolumeIOError {}
        }
    }

    @Test(arguments: ["nii", "nii.gz", "foreign.nii.gz"])
    func regionReadsEqualTheCroppedWholeImage(_ kind: String) throws {
        let geometry = VolumeGeometry(size: Size3(70, 61, 23), spacing: Vector3(0.7, 0.8, 2.5), origin: Vector3(-100, -80, 10),
                                      direction: NIfTITests.obliqueGrid.direction)
        var random = SplitMix(state: 6)
        let volume = Volume(geometry: geometry, voxels: (0..<geometry.size.count).map { _ in Int16(random.uniform(-1024, 3000)) })
        let labels = Volume(geometry: geometry, voxels: volume.voxels.map { UInt8(clamping: max(0, Int($0) / 400)) })
        let folder = try TestPaths.temporaryFolder()
        func file(_ name: String, _ write: (URL) throws -> Void) throws -> URL {
            let url = folder.appendingPathComponent(name + "." + (kind == "nii" ? "nii" : "nii.gz"))
            if kind == "foreign.nii.gz" {
                // One zlib member, as other tools write it: read whole, then cropped.
                let raw = folder.appendingPathComponent(name + ".nii")
                try write(raw)
                let bytes = try [UInt8](Data(contentsOf: raw))
                try Data(bytes.withUnsafeBytes { try Gzip.compress($0) }).write(to: url)
            } else {
                try write(url)
            }
            return url
        }
        let imageURL = try file("image") { try NIfTI.write(volume, to: $0) }
        let labelURL = try file("labels") { try NIfTI.write(labels, to: $0) }
        let whole = try NIfTI.read(imageURL).volume, wholeLabels = try NIfTI.readLabels(labelURL)
        for _ in 0..<12 {
            let a = Index3(random.uniform(0, 69), random.uniform(0, 60), random.uniform(0, 22))
            let b = Index3(random.uniform(0, 69), random.uniform(0, 60), random.uniform(0, 22))
            let box = IndexBox(lower: Index3(min(a.i, b.i), min(a.j, b.j), min(a.k, b.k)),
                               upper: Index3(max(a.i, b.i), max(a.j, b.j), max(a.k, b.k)))
            let part = try #require(try NIfTI.read(imageURL, region: { _ in box }))
            #expect(part.storedType == .int16)
            #expect(part.volume.voxels == whole.cropped(to: box).voxels)
            #expect(part.volume.geometry.isCongruent(with: whole.cropped(to: box).geometry, tolerance: 1e-9))
            #expect(try NIfTI.readLabels(labelURL, region: { _ in box })?.voxels == wholeLabels.cropped(to: box).voxels)
        }
        #expect(try NIfTI.read(imageURL, region: { _ in nil }) == nil)
        let outside = IndexBox(lower: Index3(0, 0, 0), upper: Index3(70, 0, 0))
        #expect(throws: VolumeIOError.self) { try NIfTI.read(imageURL, region: { _ in outside }) }
    }
}
