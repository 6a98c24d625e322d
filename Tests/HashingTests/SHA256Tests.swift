import Foundation
import Hashing
import Testing

/// SHA-256 against the known answers of FIPS 180-2 Appendix B (and NIST CAVS `SHA256ShortMsg`, Len = 0).
@Suite struct SHA256Tests {
    static let vectors: [(message: String, digest: String)] = [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),  // B.1
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),  // B.2, 448 bits
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),  // CAVS Len = 0
    ]
    static let millionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"  // B.3

    @Test(arguments: vectors.indices)
    func hashesTheFIPSVectors(_ index: Int) {
        let (message, digest) = Self.vectors[index]
        #expect(SHA256.hash(data: Data(message.utf8)).hexString == digest)
        #expect(Array(message.utf8).withUnsafeBytes { SHA256.hash(bufferPointer: $0) }.hexString == digest)
    }

    @Test func hashesAMillionAsInOneBuffer() {
        #expect(SHA256.hash(data: [UInt8](repeating: 0x61, count: 1_000_000)).hexString == Self.millionA)
    }

    @Test func streamedChunksOfAnySizeGiveTheOneShotDigest() {
        // Chunk sizes straddle the 64-byte block: 1, 63, 64, 65, 1000, … until a million bytes.
        let hasher = SHA256()
        let sizes = [1, 63, 64, 65, 1000, 4096, 0, 77_777]
        var fed = 0, turn = 0
        while fed < 1_000_000 {
            let size = min(sizes[turn % sizes.count], 1_000_000 - fed)
            hasher.update(data: Data(repeating: 0x61, count: size))
            fed += size
            turn += 1
        }
        #expect(hasher.finalize().hexString == Self.millionA)
    }

    @Test func hashesDataOfSeveralRegions() {
        // DispatchData keeps its regions apart; the digest is that of the concatenation.
        let first = Data("abcdbcdecdefdefgefghfghighijklm".utf8), second = Data("klmnlmnomnopnopq".utf8)
        var data = DispatchData.empty
        first.withUnsafeBytes { data.append($0) }
        second.withUnsafeBytes { data.append($0) }
        let expected = SHA256.hash(data: first + second)
        #expect(SHA256.hash(data: data) == expected)
        #expect(expected.hexString != SHA256.hash(data: first).hexString)
    }

    @Test func digestIsItsBytesInOrder() {
        let digest = SHA256.hash(data: Data("abc".utf8))
        #expect(digest.bytes.count == 32)
        #expect(Array(digest) == digest.bytes)
        #expect(digest.bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect(digest.hexPrefix(bytes: 8) == "ba7816bf8f01cfea")
        #expect(digest.hexPrefix(bytes: 0) == "")
        #expect(digest.map { String(format: "%02x", $0) }.joined() == digest.hexString)
    }
}
