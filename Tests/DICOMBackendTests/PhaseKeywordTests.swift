import Testing
@testable import DICOMBackend

/// Series-description keywords, DICOM time parsing and user-written phase names.
@Suite struct PhaseKeywordTests {
    @Test(arguments: [
        ("ABD NC", [ContrastPhase.nonContrast]), ("Leber nativ 5mm", [.nonContrast]), ("CT w/o contrast", [.nonContrast]),
        ("Late ART 1.25", [.arterial]), ("LIVER ART 2.5mm", [.arterial]), ("arterielle Phase", [.arterial]),
        ("PORTAL VENOUS", [.portalVenous]), ("Abd PVP", [.portalVenous]), ("Spätphase", [.delayed]), ("DELAYED 3 min", [.delayed]),
        ("Equilibrium", [.delayed]), ("5MIN", [.delayed]), ("LIVER 2.5mm", []), ("Body 1.0 Br40", []), ("PARTIAL", []),
        ("ART PV", [.arterial, .portalVenous]),
    ])
    func keywords(_ description: String, _ expected: [ContrastPhase]) {
        #expect(PhaseKeywords.phases(in: description) == Set(expected), "\(description)")
    }

    @Test func umlautsAreFolded() {
        #expect(PhaseKeywords.phases(in: "Spät") == [.delayed])
        #expect(PhaseKeywords.phases(in: "Portalvenös") == [.portalVenous])
    }

    @Test func dicomTimes() {
        #expect(DICOMTime.seconds(tm: "100035") == 36_035)
        #expect(DICOMTime.seconds(tm: "100030.500") == 36_030.5)
        #expect(DICOMTime.seconds(tm: "1000") == 36_000)
        #expect(DICOMTime.seconds(tm: "10:00:30") == 36_030)
        #expect(DICOMTime.seconds(tm: "250000") == nil)
        #expect(DICOMTime.seconds(tm: "abc") == nil)
        #expect(DICOMTime.seconds(tm: "10003") == nil)
        #expect(DICOMTime.seconds(dt: "20260102100110") == 36_070)
        #expect(DICOMTime.seconds(dt: "20260102100110.25+0100") == 36_070.25)
        #expect(DICOMTime.seconds(dt: "20260102") == nil)
        #expect(DICOMTime.difference(25, 86_390) == 35)
        #expect(DICOMTime.difference(86_390, 25) == -35)
    }

    @Test func userPhaseNames() {
        #expect(ContrastPhase(userText: "ARTERIAL") == .arterial)
        #expect(ContrastPhase(userText: "portal-venous") == .portalVenous)
        #expect(ContrastPhase(userText: "pv") == .portalVenous)
        #expect(ContrastPhase(userText: "nc") == .nonContrast)
        #expect(ContrastPhase(userText: "delay") == .delayed)
        #expect(ContrastPhase(userText: "venus") == nil)
        #expect(ContrastPhase.allCases.allSatisfy { ContrastPhase(userText: $0.rawValue) == $0 })
        #expect(ContrastPhase.portalVenous.fileStem == "portal_venous")
    }
}
