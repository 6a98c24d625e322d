import Foundation
import Testing
import TestSupport
@testable import DICOMBackend

/// Output names must never change: existing study folders, series files and patient keys are found again by
/// them. The expected keys below were produced by the swift-crypto (BoringSSL) HMAC-SHA256 that Pseudonymizer
/// used before it moved to the system's libcrypto: `radstation convert` and `process` of `dicom/uniform`,
/// release build of commit 5f77dee, with `.radstation/pseudonym.key` = bytes 0…31; Python's `hmac` gives the
/// same values.
@Suite struct PseudonymizerTests {
    static let names = Pseudonymizer(secret: Data(0..<32))

    @Test func keysOfTheUniformFixtureAreThoseSwiftCryptoGave() throws {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/uniform"))
        let assembly = SeriesAssembly(scan.instances)
        let plan = try #require(assembly.plans.first)
        #expect(assembly.plans.count == 1)
        #expect(Self.names.studyKey(for: plan) == "st-68a14d531b4f571f")
        #expect(Self.names.seriesKey(for: plan) == "se-5201d6424a8c")
        #expect(Self.names.volumeName(for: plan) == "se-5201d6424a8c_1")
        #expect(Self.names.frameOfReferenceKey(for: plan) == "fr-9f294ae5822d")
        let instance = try #require(scan.instances.first)
        #expect(Self.names.studyKey(for: instance) == "st-68a14d531b4f571f")
        #expect(Self.names.patientKey(for: instance) == "pt-a8e32e5c2b19ab1f")  // PatientID FIX0001
    }

    @Test func patientKeysAreThoseSwiftCryptoGave() {
        // Values from Python's hmac with the same key; "FIX0001" also from the swift-crypto build.
        #expect(Self.names.patientKey(patientID: "FIX0001") == "pt-a8e32e5c2b19ab1f")
        #expect(Self.names.patientKey(patientID: "  12345 ") == "pt-91bd7d71fb2e755e")
        #expect(Self.names.patientKey(patientID: "Müller^Å 42") == "pt-f88edcf66dbbac71")
        #expect(Self.names.patientKey(patientID: "   ") == nil)
    }

    @Test func anotherSecretGivesOtherKeys() {
        #expect(Pseudonymizer(secret: Data(1..<33)).patientKey(patientID: "FIX0001") != "pt-a8e32e5c2b19ab1f")
    }

    @Test func createdKeyFilesAreRandomAndPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pseudonymizer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Pseudonymizer.loadOrCreate(at: folder.appendingPathComponent("a/key"))
        let second = try Pseudonymizer.loadOrCreate(at: folder.appendingPathComponent("b/key"))
        let bytes = try Data(contentsOf: folder.appendingPathComponent("a/key"))
        #expect(bytes.count == 32)
        #expect(bytes != (try Data(contentsOf: folder.appendingPathComponent("b/key"))))
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("a/key").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(first.patientKey(patientID: "FIX0001") != second.patientKey(patientID: "FIX0001"))
        // Read back, the same file gives the same names.
        let again = try Pseudonymizer.loadOrCreate(at: folder.appendingPathComponent("a/key"))
        #expect(again.patientKey(patientID: "FIX0001") == first.patientKey(patientID: "FIX0001"))
    }
}
