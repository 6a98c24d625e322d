import Foundation
import Testing
import TestSupport
@testable import DICOMBackend

/// The synthetic liver MR study of `tools/fixtures/make_mr_liver_fixtures.py` (`testdata/dicom/mr_liver`):
/// every series identified from its physics and contrast attributes (descriptions say only "series N").
@Suite struct MRSequenceIdentifierTests {
    static func identified() throws -> [(folder: String, plan: VolumePlan, id: MRSequenceIdentification)] {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/mr_liver"))
        #expect(scan.failures.isEmpty)
        let assembly = SeriesAssembly(scan.instances)
        let ids = MRSequenceIdentifier.identify(assembly)
        return try assembly.plans.indices.map { n in
            let path = assembly.instances[assembly.plans[n].planes[0].instance].path
            return (URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent, assembly.plans[n], try #require(ids[n]))
        }
    }

    @Test func everySeriesGetsItsSequenceAndPhase() throws {
        let all = try Self.identified()
        func one(_ folder: String) throws -> MRSequenceIdentification {
            let found = all.filter { $0.folder == folder }
            try #require(found.count == 1, "\(folder): \(found.count) volumes")
            return found[0].id
        }
        let expected: [(String, MRSequenceType, MRContrastPhase?)] = [
            ("t2_tse", .t2Weighted, nil), ("dyn_pre", .t1Weighted, .preContrast), ("dyn_arterial", .t1Weighted, .arterial),
            ("dyn_portal", .t1Weighted, .portalVenous), ("dyn_transitional", .t1Weighted, .transitional),
            ("dyn_hbp", .t1Weighted, .hepatobiliary), ("adc", .adc, nil),
        ]
        for (folder, type, phase) in expected {
            let id = try one(folder)
            #expect(id.sequence == type, "\(folder): \(id.summary) \(id.evidence)")
            #expect(id.contrastPhase == phase, "\(folder): \(id.summary) \(id.evidence)")
            #expect(id.level >= .medium, "\(folder): \(id.summary)")
            #expect(id.conflicts.isEmpty, "\(folder): \(id.conflicts)")
        }
        // Keywords alone: T2W at low confidence, the description never quoted.
        let described = try one("t2_described")
        #expect(described.sequence == .t2Weighted && described.level == .low && described.rule == .seriesKeywords)
        #expect(!described.evidence.joined().contains("HASTE"))
        // DWI: one volume per b-value, each DWI.
        let dwi = all.filter { $0.folder == "dwi" }
        #expect(dwi.map { $0.plan.diffusion?.bValue } == [0, 50, 800])
        #expect(dwi.allSatisfy { $0.id.sequence == .diffusion && $0.id.contrastPhase == nil })
    }

    /// In- and opposed-phase echoes share one AcquisitionNumber and time: split by echo time, shortest first.
    @Test func dualEchoIsSplitByEchoTime() throws {
        let echoes = try Self.identified().filter { $0.folder == "t1_dual_echo" }
        try #require(echoes.count == 2)
        #expect(echoes.map { $0.plan.planes[0].frame.echoTime } == [2.3, 4.6])
        #expect(echoes.allSatisfy { $0.plan.planes.count == 3 && $0.plan.splitReasons.contains("multi-echo series: split by echo time") })
        #expect(echoes.allSatisfy { $0.id.sequence == .t1Weighted })
    }

    static func clues(tr: Double?, te: Double?, sequence: [String], description: String? = nil, contrast: String? = nil) -> MRSequenceClues {
        var a = try! MRSequenceIdentifierTests.blankAcquisition()
        a.repetitionTime = tr
        a.echoTime = te
        a.scanningSequence = sequence
        a.acquisitionContrast = contrast
        return MRSequenceClues(timing: PhaseClues(studyGroup: "s", modality: "MR", seriesDescription: description), acquisition: a)
    }

    static func blankAcquisition() throws -> MRAcquisition {
        try JSONDecoder().decode(MRAcquisition.self, from: Data(#"{"scanningSequence":[],"sequenceVariant":[],"scanOptions":[]}"#.utf8))
    }

    /// Rules that disagree: the stronger decides, the weaker is a conflict and lowers the confidence.
    @Test func contradictingRulesAreRecorded() {
        let c = Self.clues(tr: 4000, te: 100, sequence: ["SE"], description: "T1 post")
        let id = MRSequenceIdentifier.identify([c])[0]!
        #expect(id.sequence == .t2Weighted && id.rule == .timing)
        #expect(id.conflicts.count == 1 && id.confidence < 0.75)
        let enhanced = Self.clues(tr: 4000, te: 100, sequence: ["SE"], contrast: "T1")
        #expect(MRSequenceIdentifier.identify([enhanced])[0]!.sequence == .t1Weighted)
        #expect(MRSequenceIdentifier.identify([c], overrides: [0: .protonDensity])[0]!.sequence == .protonDensity)
        #expect(MRSequenceIdentifier.identify([Self.clues(tr: nil, te: nil, sequence: [])])[0]!.sequence == .unknown)
    }
}
