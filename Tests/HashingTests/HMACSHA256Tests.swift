import Foundation
import Hashing
import Testing

/// HMAC-SHA256 against the seven test cases of RFC 4231 §4 (case 5 is truncated to 128 bits there).
@Suite struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var message: [UInt8]
        var code: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "4.2", key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8),
               code: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(name: "4.3 (key shorter than the output)", key: Array("Jefe".utf8),
               message: Array("what do ya want for nothing?".utf8),
               code: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(name: "4.4", key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50),
               code: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(name: "4.5", key: Array(1...25), message: [UInt8](repeating: 0xcd, count: 50),
               code: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(name: "4.6 (truncated to 128 bits)", key: [UInt8](repeating: 0x0c, count: 20),
               message: Array("Test With Truncation".utf8), code: "a3b6167473100ee06e0c796c2955552b"),
        Vector(name: "4.7 (key longer than the block)", key: [UInt8](repeating: 0xaa, count: 131),
               message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
               code: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(name: "4.8 (key and data longer than the block)", key: [UInt8](repeating: 0xaa, count: 131),
               message: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                               + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
               code: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func computesTheRFC4231Vectors(_ vector: Vector) {
        let code = HMACSHA256.authenticationCode(for: vector.message, key: vector.key)
        #expect(code.hexString.hasPrefix(vector.code))
        #expect(HMACSHA256.authenticationCode(for: Data(vector.message), key: Data(vector.key)) == code)
    }

    @Test func emptyKeyAndMessageAreValid() {
        // RFC 2104 pads an empty key with zeros; the value is Python's hmac.new(b"", b"", sha256).
        #expect(HMACSHA256.authenticationCode(for: [UInt8](), key: [UInt8]()).hexString
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func differentKeysGiveDifferentCodes() {
        let message = Array("1.2.826.0.1.3680043.10.1411.1.1".utf8)
        #expect(HMACSHA256.authenticationCode(for: message, key: [UInt8](repeating: 7, count: 32))
                != HMACSHA256.authenticationCode(for: message, key: [UInt8](repeating: 8, count: 32)))
    }
}
