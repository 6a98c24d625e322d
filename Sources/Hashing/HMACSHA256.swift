import COpenSSL
import Foundation

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) computed by the system's OpenSSL libcrypto (its one-shot `HMAC`):
/// the keyed hashes behind RadStation's pseudonymous study, series and patient keys.
public enum HMACSHA256 {
    /// The authentication code of `message` under `key`.
    ///
    /// Keys longer than the 64-byte SHA-256 block are hashed first, shorter ones zero-padded (RFC 2104 §2),
    /// so any key length, including 0, is valid.
    /// - Parameters:
    ///   - message: the bytes authenticated.
    ///   - key: the secret key.
    /// - Returns: the 32-byte code (truncate it by taking a prefix, RFC 2104 §5).
    public static func authenticationCode(for message: some DataProtocol, key: some DataProtocol) -> SHA256Digest {
        // One contiguous copy each, with at least one byte so no pointer is ever null (lengths stay exact).
        let keyBytes = Array(key), messageBytes = Array(message)
        precondition(keyBytes.count <= Int(Int32.max), "an HMAC key shorter than 2 GiB")
        var code = [UInt8](repeating: 0, count: SHA256Digest.byteCount)
        var length: UInt32 = 0
        let result = (keyBytes.isEmpty ? [0] : keyBytes).withUnsafeBytes { keyBuffer in
            (messageBytes.isEmpty ? [0] : messageBytes).withUnsafeBufferPointer { messageBuffer in
                HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBytes.count),
                     messageBuffer.baseAddress, messageBytes.count, &code, &length)
            }
        }
        guard result != nil, length == UInt32(SHA256Digest.byteCount) else { preconditionFailure("libcrypto HMAC-SHA256 failed") }
        return SHA256Digest(bytes: code)
    }
}
