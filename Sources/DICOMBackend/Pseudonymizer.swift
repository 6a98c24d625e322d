import Foundation
import Hashing

/// Makes the only names RadStation puts in output paths: keyed hashes (HMAC-SHA256) of study and series
/// instance UIDs under a secret key, so outputs can be matched to inputs by whoever holds the key and by
/// nobody else. Tag values never reach paths.
public struct Pseudonymizer: Sendable {
    private let secret: Data

    /// Uses the given secret (at least 16 bytes).
    public init(secret: Data) {
        precondition(secret.count >= 16, "the pseudonym secret must be at least 16 bytes")
        self.secret = secret
    }

    /// Reads the secret from `url`, creating it (32 random bytes, mode 0600) when absent.
    /// - Throws: ``DICOMError`` `.fileAccess` when the key file cannot be read or created.
    public static func loadOrCreate(at url: URL) throws -> Pseudonymizer {
        if let data = try? Data(contentsOf: url), data.count >= 16 { return Pseudonymizer(secret: data) }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // 32 bytes from the system CSPRNG (getrandom(2)), the source swift-crypto's SymmetricKey used here.
            var random = SystemRandomNumberGenerator()
            let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) })
            guard FileManager.default.createFile(atPath: url.path, contents: secret, attributes: [.posixPermissions: 0o600]) else {
                throw DICOMError(.fileAccess, "cannot create the pseudonym key file", file: url.path)
            }
            return Pseudonymizer(secret: secret)
        } catch let error as DICOMError {
            throw error
        } catch {
            throw DICOMError(.fileAccess, "cannot create the pseudonym key file (\(error.localizedDescription))", file: url.path)
        }
    }

    private func digest(_ domain: String, _ value: String, length: Int) -> String {
        let mac = HMACSHA256.authenticationCode(for: Data((domain + "\u{0}" + value).utf8), key: secret)
        return mac.hexPrefix(bytes: length / 2)
    }

    /// Folder name of a study: `st-` + 16 hex digits.
    public func studyKey(for plan: VolumePlan) -> String { "st-" + digest("study", plan.studyInstanceUID, length: 16) }

    /// The study key of any instance (image, SEG, RTSTRUCT): the same as ``studyKey(for:)`` of its volumes;
    /// `nil` when the instance has no StudyInstanceUID.
    public func studyKey(for instance: DICOMInstance) -> String? {
        instance.studyInstanceUID.map { "st-" + digest("study", $0, length: 16) }
    }

    /// The pseudonymous key of a patient: `pt-` + 16 hex digits of HMAC-SHA256(PatientID (0010,0020)),
    /// leading and trailing spaces removed. `nil` for an empty ID (the caller then treats each study as its
    /// own patient, see ``patientKey(for:)``).
    public func patientKey(patientID: String) -> String? {
        let id = patientID.trimmingCharacters(in: .whitespaces)
        return id.isEmpty ? nil : "pt-" + digest("patient", id, length: 16)
    }

    /// The patient key of an instance's patient; an instance without a PatientID gets a key of its own
    /// study (`pt-` + HMAC of the StudyInstanceUID under another domain), so studies of unknown patients are
    /// never merged. `nil` only without a StudyInstanceUID either.
    public func patientKey(for instance: DICOMInstance) -> String? {
        if let id = instance.identity.patientID, let key = patientKey(patientID: id) { return key }
        return instance.studyInstanceUID.map { "pt-" + digest("patient-of-study", $0, length: 16) }
    }

    /// Name of a series: `se-` + 12 hex digits.
    public func seriesKey(for plan: VolumePlan) -> String {
        "se-" + digest("series", plan.studyInstanceUID + "|" + plan.seriesInstanceUID, length: 12)
    }

    /// Pseudonymous identity of a volume's frame of reference: `fr-` + 12 hex digits of HMAC-SHA256 of its
    /// FrameOfReferenceUID (0020,0052), so two published studies can be seen to share patient coordinates
    /// without the UID leaving the machine; `nil` when the volume has no FrameOfReferenceUID.
    public func frameOfReferenceKey(for plan: VolumePlan) -> String? {
        guard let uid = plan.frameOfReferenceUID, !uid.isEmpty else { return nil }
        return "fr-" + digest("frame-of-reference", uid, length: 12)
    }

    /// File stem of a volume: the series key and the volume's number within the series.
    public func volumeName(for plan: VolumePlan) -> String { seriesKey(for: plan) + "_\(plan.indexInSeries)" }
}
