import Foundation
import Testing
import TestSupport
@testable import DICOMBackend

/// Phase identification and timepoints on the committed synthetic studies (demo-study from
/// make_fixtures.py; multiphase/ from make_multiphase_study.py), whose true phases are known.
@Suite struct PhaseFixtureTests {
    static func identify(_ folder: URL) throws -> (SeriesAssembly, [PhaseIdentification]) {
        let assembly = SeriesAssembly(try FolderScan.scan(folder).instances)
        return (assembly, PhaseIdentifier.identify(assembly))
    }

    /// Expected phase per SeriesNumber.
    static func byNumber(_ assembly: SeriesAssembly, _ result: [PhaseIdentification]) -> [Int: PhaseIdentification] {
        Dictionary(uniqueKeysWithValues: assembly.plans.indices.map { (assembly.instances[assembly.plans[$0].planes[0].instance].seriesNumber!, result[$0]) })
    }

    @Test func demoStudyFromBolusTiming() throws {
        let (assembly, result) = try Self.identify(TestPaths.testdata("demo-study"))
        let phases = Self.byNumber(assembly, result)
        #expect(phases[2]?.phase == .nonContrast)
        #expect(phases[3]?.phase == .arterial)
        #expect(phases[4]?.phase == .portalVenous)
        #expect(phases[5]?.phase == .delayed)
        #expect(phases[2]?.rule == .contrastAbsent)
        for n in 3...5 { #expect(phases[n]?.rule == .bolusTiming && phases[n]?.level == .high) }
        #expect(phases[3]?.evidence.first == "AcquisitionTime (0008,0032) is 35 s after ContrastBolusStartTime (0018,1042) → ARTERIAL")
        #expect(result.allSatisfy { $0.conflicts.isEmpty })
    }

    @Test func multiphaseStudyFromItsTags() throws {
        let truth = try MultiphaseTruth.load()
        let (assembly, result) = try Self.identify(MultiphaseTruth.tagged)
        #expect(result.count == 4)
        let names = assembly.plans.map { URL(fileURLWithPath: assembly.instances[$0.planes[0].instance].path).lastPathComponent }
        for phase in truth.phases {
            let n = try #require(names.firstIndex { phase.files.contains($0) })
            #expect(result[n].phase.rawValue == phase.expected_phase, "\(phase.key)")
            #expect(result[n].level == .high, "\(phase.key): \(result[n].evidence)")
            #expect(result[n].conflicts.isEmpty)
        }
        let rules = Set(result.map(\.rule))
        #expect(rules == [.contrastAbsent, .bolusTiming, .agentPhase])
        // The enhanced PV file: Contrast/Bolus Agent Phase from the shared functional group.
        #expect(result.contains { $0.phase == .portalVenous && $0.rule == .agentPhase })
    }

    @Test func untaggedStudyFallsBackToLowConfidence() throws {
        let (_, result) = try Self.identify(MultiphaseTruth.untagged)
        #expect(result.count == 4)
        for r in result {
            #expect(r.level <= .low, "\(r)")
            #expect(r.rule == .acquisitionOrder || r.rule == .seriesKeywords || r.rule == .none)
            #expect(r.evidence.contains { $0.contains("heuristics") || $0.contains("UNKNOWN") })
        }
    }

    @Test func evidenceNeverQuotesPatientValues() throws {
        let (assembly, result) = try Self.identify(MultiphaseTruth.untagged)
        let text = result.flatMap(\.evidence).joined(separator: "\n")
        for plan in assembly.plans {
            let id = plan.identity(in: assembly.instances)
            for value in [id.seriesDescription, id.patientID, id.patientName, id.studyDate].compactMap({ $0 }) {
                #expect(!text.contains(value))
            }
        }
        #expect(!text.contains("LIVER"))
    }

    @Test func laterStudyOfTheSamePatientIsAFollowUp() throws {
        let folder = try TestPaths.temporaryFolder()
        // The same study again 107 days later (other StudyInstanceUID, every date moved).
        // (0020,000D) UI, length 32, value: the element bytes make the match unique.
        let element = "\u{20}\u{0}\u{0D}\u{0}UI\u{20}\u{0}"
        let studyUID = element + "1.2.826.0.1.3680043.10.1411.92.1"
        try DICOMBytePatch.copy(MultiphaseTruth.tagged, to: folder.appendingPathComponent("base"), replacing: [])
        try DICOMBytePatch.copy(MultiphaseTruth.tagged, to: folder.appendingPathComponent("later"),
                                replacing: [(studyUID, element + "1.2.826.0.1.3680043.10.1411.92.9"), ("20260102", "20260419")])
        let assembly = SeriesAssembly(try FolderScan.scan(folder).instances)
        #expect(assembly.plans.count == 8)
        let timepoints = StudyTimeline.timepoints(assembly)
        let labels = Dictionary(grouping: timepoints, by: \.label).mapValues(\.count)
        #expect(labels == ["baseline": 4, "follow-up 1": 4])
        #expect(Set(timepoints.compactMap(\.daysSinceBaseline)) == [0, 107])
        #expect(timepoints.allSatisfy { $0.studiesOfPatient == 2 })
        // Each study is identified on its own.
        let phases = PhaseIdentifier.identify(assembly)
        #expect(phases.allSatisfy { $0.level == .high })
    }

    @Test func singleStudyIsBaseline() throws {
        let assembly = SeriesAssembly(try FolderScan.scan(TestPaths.testdata("demo-study")).instances)
        let t = StudyTimeline.timepoints(assembly)
        #expect(t.allSatisfy { $0.label == "baseline" && $0.daysSinceBaseline == 0 && $0.studiesOfPatient == 1 })
        #expect(StudyTimeline.dayNumber("20260419")! - StudyTimeline.dayNumber("20260102")! == 107)
        #expect(StudyTimeline.dayNumber("20240229") != nil)
        #expect(StudyTimeline.dayNumber("20230229") == nil)
        #expect(StudyTimeline.dayNumber("2026") == nil)
    }
}
