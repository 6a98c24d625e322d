import Testing
@testable import DICOMBackend

/// Each rule of `PhaseIdentifier` on hand-built clues: which phase, which rule, the confidence band, the
/// evidence, the fallbacks and the override.
@Suite struct PhaseIdentifierTests {
    /// 10:00:00 in seconds since midnight.
    static let bolus = 36_000.0

    static func clue(_ time: Double?, agent: Bool = true, start: Double? = bolus, agentPhase: String? = nil,
                     description: String? = nil, study: String = "s1", role: VolumePlan.Role = .primary) -> PhaseClues {
        PhaseClues(studyGroup: study, role: role, agentPhase: agentPhase, hasContrastAgent: agent, hasContrastRoute: agent,
                   bolusStartSeconds: agent ? start : nil, acquisitionSeconds: time, acquisitionSource: "AcquisitionTime (0008,0032)",
                   seriesDescription: description)
    }

    @Test(arguments: [
        ("PRE_CONTRAST", ContrastPhase.nonContrast, 0.95), ("ARTERIAL", .arterial, 0.95), ("PORTAL_VENOUS", .portalVenous, 0.95),
        ("DELAYED", .delayed, 0.95), ("VENOUS", .portalVenous, 0.75), ("CAPILLARY", .arterial, 0.6), ("STEADY_STATE", .delayed, 0.6),
    ])
    func agentPhaseNamesThePhase(_ value: String, _ phase: ContrastPhase, _ confidence: Double) {
        let r = PhaseIdentifier.identify([Self.clue(nil, agent: false, agentPhase: value)])[0]
        #expect(r.phase == phase)
        #expect(r.rule == .agentPhase)
        #expect(r.confidence == confidence)
        #expect(r.evidence.contains { $0.contains("(0018,9344)") && $0.contains(value) })
    }

    @Test func agentPhaseWithoutAPhaseFallsThrough() {
        let r = PhaseIdentifier.identify([Self.clue(nil, agent: false, agentPhase: "POST_CONTRAST")])[0]
        #expect(r.phase == .unknown && r.confidence == 0 && r.level == .none)
        #expect(r.evidence.contains { $0.contains("contrast given, phase not named") })
    }

    @Test(arguments: [
        (-30.0, ContrastPhase.nonContrast, 0.8), (5, .arterial, 0.4), (12, .arterial, 0.6), (35, .arterial, 0.85),
        (48, .arterial, 0.6), (70, .portalVenous, 0.85), (110, .portalVenous, 0.6), (130, .delayed, 0.6), (180, .delayed, 0.85),
        (900, .delayed, 0.6), (3600, .delayed, 0.4),
    ])
    func bolusTimingBands(_ seconds: Double, _ phase: ContrastPhase, _ confidence: Double) {
        let r = PhaseIdentifier.identify([Self.clue(Self.bolus + seconds)])[0]
        #expect(r.phase == phase)
        #expect(r.rule == .bolusTiming)
        #expect(r.confidence == confidence)
        #expect(r.evidence[0].contains(String(format: "%.0f s", abs(seconds))))
    }

    @Test func timingAcrossMidnight() {
        // Bolus at 23:59:50, acquired at 00:00:25 → 35 s.
        let c = PhaseClues(studyGroup: "s", hasContrastAgent: true, bolusStartSeconds: 86_390, acquisitionSeconds: 25)
        #expect(PhaseIdentifier.identify([c])[0].phase == .arterial)
    }

    @Test func agentWithoutStartTimeSaysSoAndDefersToOrder() {
        // Three enhanced acquisitions without start time after an unenhanced one.
        let clues = [Self.clue(100, agent: false), Self.clue(135, start: nil), Self.clue(170, start: nil), Self.clue(280, start: nil)]
        let r = PhaseIdentifier.identify(clues)
        #expect(r.map(\.phase) == [.nonContrast, .arterial, .portalVenous, .delayed])
        #expect(r[0].rule == .contrastAbsent && r[0].confidence == 0.75)
        #expect(r[1].rule == .acquisitionOrder && r[1].level == .low)
        #expect(r[1].evidence.contains { $0.contains("no ContrastBolusStartTime") })
    }

    @Test func absenceRuleWeakWhenAcquiredAfterEnhanced() {
        let r = PhaseIdentifier.identify([Self.clue(Self.bolus + 35), Self.clue(Self.bolus + 300, agent: false)])
        #expect(r[1].phase == .nonContrast && r[1].rule == .contrastAbsent)
        #expect(r[1].confidence < 0.5)
        #expect(!r[1].conflicts.isEmpty)  // acquired after an arterial volume
    }

    @Test func absenceNeedsAnotherTaggedVolumeInTheSameStudy() {
        let r = PhaseIdentifier.identify([Self.clue(Self.bolus + 35, study: "a"), Self.clue(Self.bolus - 60, agent: false, study: "b")])
        #expect(r[0].phase == .arterial)
        #expect(r[1].phase == .unknown)
    }

    @Test func untaggedFourAcquisitionsAreLowConfidenceByOrder() {
        let r = PhaseIdentifier.identify([400.0, 100, 300, 200].map { Self.clue($0, agent: false) })
        #expect(r.map(\.phase) == [.delayed, .nonContrast, .portalVenous, .arterial])
        #expect(r.allSatisfy { $0.rule == .acquisitionOrder && $0.level == .low && $0.confidence == 0.35 })
    }

    @Test func untaggedTwoAcquisitionsStayUnknown() {
        let r = PhaseIdentifier.identify([100.0, 200].map { Self.clue($0, agent: false) })
        #expect(r.allSatisfy { $0.phase == .unknown && $0.confidence == 0 })
        #expect(r[0].evidence.contains { $0.contains("acquisition order") })
    }

    @Test func reconstructionsOfOneAcquisitionShareARank() {
        // Four volumes, two of them at the same time: three acquisitions → NC/ART/PV, the pair equal.
        let r = PhaseIdentifier.identify([100.0, 200, 201, 300].map { Self.clue($0, agent: false) })
        #expect(r.map(\.phase) == [.nonContrast, .arterial, .arterial, .portalVenous])
        #expect(r.allSatisfy { $0.confidence == 0.25 })
    }

    @Test func keywordsAreTheLastResortAndNeverQuoted() {
        let r = PhaseIdentifier.identify([Self.clue(nil, agent: false, description: "Abdomen PORTAL venous 3mm")])[0]
        #expect(r.phase == .portalVenous && r.rule == .seriesKeywords && r.confidence == 0.4 && r.level == .low)
        #expect(!r.evidence.joined().uppercased().contains("PORTAL VENOUS"))
        #expect(!r.evidence.joined().contains("Abdomen"))
    }

    @Test func keywordsAndOrderTogetherStayBelowMedium() {
        let words = ["NC", "ART", "PV", "DELAY"]
        let r = PhaseIdentifier.identify((0..<4).map { Self.clue(Double(100 * $0), agent: false, description: "liver \(words[$0])") })
        #expect(r.map(\.phase) == [.nonContrast, .arterial, .portalVenous, .delayed])
        #expect(r.allSatisfy { $0.confidence > 0.35 && $0.confidence <= PhaseIdentifier.heuristicCap && $0.level == .low })
        #expect(r.allSatisfy { $0.evidence.contains { $0.contains("(agrees)") } })
    }

    @Test func contradictingKeywordLowersConfidenceAndIsReported() {
        let agree = PhaseIdentifier.identify([Self.clue(Self.bolus + 35, description: "ART")])[0]
        let contradict = PhaseIdentifier.identify([Self.clue(Self.bolus + 35, description: "PV")])[0]
        #expect(agree.phase == .arterial && contradict.phase == .arterial)
        #expect(agree.confidence > 0.85 && agree.conflicts.isEmpty)
        #expect(contradict.confidence < 0.85 && contradict.conflicts.count == 1)
    }

    @Test func acquisitionOrderContradictionIsFlagged() {
        // Tags say arterial for a volume acquired after the portal venous one.
        let clues = [Self.clue(nil, agent: false, agentPhase: "PORTAL_VENOUS"), Self.clue(nil, agent: false, agentPhase: "ARTERIAL")]
        var timed = clues
        timed[0].acquisitionSeconds = 100
        timed[1].acquisitionSeconds = 200
        let r = PhaseIdentifier.identify(timed)
        #expect(r.map(\.phase) == [.portalVenous, .arterial])
        #expect(r.allSatisfy { !$0.conflicts.isEmpty && $0.confidence < 0.95 })
        let fine = PhaseIdentifier.identify(clues)
        #expect(fine.allSatisfy { $0.conflicts.isEmpty && $0.confidence == 0.95 })
    }

    @Test func overrideAlwaysWins() {
        let r = PhaseIdentifier.identify([Self.clue(Self.bolus + 35, agentPhase: "ARTERIAL")], overrides: [0: .delayed])[0]
        #expect(r.phase == .delayed && r.rule == .override && r.confidence == 1 && r.level == .high)
    }

    @Test func localizersGetNoPhase() {
        let r = PhaseIdentifier.identify([Self.clue(Self.bolus + 35, role: .localizer)])[0]
        #expect(r.phase == .unknown)
    }

    @Test func nothingAtAllIsUnknown() {
        let r = PhaseIdentifier.identify([PhaseClues(studyGroup: "x")])[0]
        #expect(r.phase == .unknown && r.rule == .none && r.level == .none)
        #expect(r.summary == "UNKNOWN")
    }

    @Test func levelsFollowTheConfidence() {
        #expect(PhaseIdentification.Level(0.8) == .high)
        #expect(PhaseIdentification.Level(0.79) == .medium)
        #expect(PhaseIdentification.Level(0.5) == .medium)
        #expect(PhaseIdentification.Level(0.49) == .low)
        #expect(PhaseIdentification.Level(0) == .none)
    }
}
