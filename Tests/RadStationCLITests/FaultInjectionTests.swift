import Ingest
import Testing
@testable import RadStationCLI

/// The test-only crash hook must stay inert unless it is fully and validly configured.
@Suite("FaultInjection")
struct FaultInjectionTests {
    @Test("inert without both variables, with a relative marker, or with an unknown point or action")
    func inertByDefault() {
        #expect(FaultInjection.fromEnvironment([:]) == nil)
        #expect(FaultInjection.fromEnvironment(["RADSTATION_FAULT": "afterPublish:pause"]) == nil)
        #expect(FaultInjection.fromEnvironment(["RADSTATION_FAULT_MARKER": "/tmp/m"]) == nil)
        #expect(FaultInjection.fromEnvironment(["RADSTATION_FAULT": "afterPublish:pause", "RADSTATION_FAULT_MARKER": "m"]) == nil)
        #expect(FaultInjection.fromEnvironment(["RADSTATION_FAULT": "nowhere:pause", "RADSTATION_FAULT_MARKER": "/tmp/m"]) == nil)
        #expect(FaultInjection.fromEnvironment(["RADSTATION_FAULT": "afterPublish:explode", "RADSTATION_FAULT_MARKER": "/tmp/m"]) == nil)
        #expect(FaultInjection.fromEnvironment(["RADSTATION_FAULT": "afterPublish", "RADSTATION_FAULT_MARKER": "/tmp/m"]) == nil)
    }

    @Test("a full configuration names the point, the action and the marker")
    func configured() throws {
        let fault = try #require(FaultInjection.fromEnvironment(["RADSTATION_FAULT": "duringCommit:kill", "RADSTATION_FAULT_MARKER": "/tmp/m"]))
        #expect(fault.point == .duringCommit && fault.action == .kill && fault.marker == "/tmp/m")
        // Other points pass straight through (the process would stop dead at the configured one).
        fault.reach(.afterClaim, studyKey: "st-0")
        fault.reach(.afterPublish, studyKey: "st-0")
    }
}
