import Foundation
import Testing
import VolumeModule
@testable import MaskMorphology

@Suite struct MaskDerivationTests {
    @Test func derivesEverythingConsistently() throws {
        let phantom = PostTACEPhantom()
        let liver = Phantoms.mask(phantom.tumour.geometry) { $0.x < 14 }
        let configuration = MaskDerivation.Configuration(
            shellBand: .init(innerRadius: 2, outerRadius: 3), ring: .init(radius: 5), coreDepth: 4,
            shellMap: .init(size: 32), signedDistanceMap: true)
        let result = try MaskDerivation.derive(.init(image: phantom.image, tumour: phantom.tumour, liver: liver), configuration)
        #expect(result.lipiodol == phantom.truth)
        #expect(result.shellBand == (try ShellBand.make(around: phantom.tumour, innerRadius: 2, outerRadius: 3)))
        #expect(result.ring == (try PeritumoralRing.make(around: phantom.tumour, radius: 5, within: liver)))
        #expect(result.core == (try phantom.tumour.eroded(byMillimetres: 4)))
        #expect(result.shellMap?.values.count == 32 * 32)
        #expect(result.signedDistanceMap?.voxels.count == phantom.tumour.voxels.count)
        #expect(result.measurements.lipiodol?.lipiodolVoxelCount == phantom.truth.count(of: 1))
        let json = try JSONEncoder().encode(result.measurements)
        #expect(try JSONDecoder().decode(MaskDerivation.Measurements.self, from: json) == result.measurements)
        let configJSON = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(MaskDerivation.Configuration.self, from: configJSON) == configuration)
    }

    @Test func missingInputsThrow() {
        let phantom = PostTACEPhantom()
        #expect(throws: MaskMorphologyError.self) {
            try MaskDerivation.derive(.init(tumour: phantom.tumour), .init())
        }
        #expect(throws: MaskMorphologyError.emptyMask(what: "tumour")) {
            try MaskDerivation.derive(.init(image: phantom.image, tumour: Mask(geometry: phantom.tumour.geometry, repeating: 0)), .init())
        }
    }
}
