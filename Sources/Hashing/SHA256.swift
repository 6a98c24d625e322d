import COpenSSL
import Foundation

/// SHA-256 (FIPS 180-4) computed by the system's OpenSSL libcrypto through its EVP interface, one
/// buffer at a time: content hashes of files and manifests.
///
/// `SHA256.hash(data:)` hashes one buffer; an instance hashes a stream (`update` any number of times, then
/// ``finalize()`` once). An instance owns one `EVP_MD_CTX`, freed when it is released.
///
/// libcrypto fails SHA-256 only when it cannot allocate memory or its default provider is missing (a broken
/// installation); such a failure is not caused by the data and traps, as swift-crypto did.
public final class SHA256 {
    private let context: OpaquePointer
    private var finalized = false

    /// Starts a new hash.
    public init() {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto cannot allocate a digest context") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            preconditionFailure("libcrypto cannot start SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Hashes the next bytes of the message.
    /// - Parameter data: bytes, in any number of regions.
    public func update(data: some DataProtocol) {
        for region in data.regions { region.withUnsafeBytes { update(bufferPointer: $0) } }
    }

    /// Hashes the next bytes of the message.
    /// - Parameter bufferPointer: bytes read during the call only.
    public func update(bufferPointer: UnsafeRawBufferPointer) {
        precondition(!finalized, "SHA256.update after finalize()")
        guard let base = bufferPointer.baseAddress, bufferPointer.count > 0 else { return }
        guard EVP_DigestUpdate(context, base, bufferPointer.count) == 1 else { preconditionFailure("libcrypto SHA-256 update failed") }
    }

    /// Ends the message and returns its digest; the instance cannot be used afterwards.
    /// - Returns: the 32-byte SHA-256 of everything passed to `update`.
    public func finalize() -> SHA256Digest {
        precondition(!finalized, "SHA256.finalize() called twice")
        finalized = true
        var bytes = [UInt8](repeating: 0, count: SHA256Digest.byteCount)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &bytes, &length) == 1, length == UInt32(SHA256Digest.byteCount) else {
            preconditionFailure("libcrypto SHA-256 final failed")
        }
        return SHA256Digest(bytes: bytes)
    }

    /// The SHA-256 of one message.
    /// - Parameter data: the whole message.
    /// - Returns: its 32-byte digest.
    public static func hash(data: some DataProtocol) -> SHA256Digest {
        let hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }

    /// The SHA-256 of the bytes of one buffer (for instance a voxel array's `withUnsafeBytes`).
    /// - Parameter bufferPointer: the whole message, read during the call only.
    /// - Returns: its 32-byte digest.
    public static func hash(bufferPointer: UnsafeRawBufferPointer) -> SHA256Digest {
        let hasher = SHA256()
        hasher.update(bufferPointer: bufferPointer)
        return hasher.finalize()
    }
}
