import DICOMBackend
import Foundation
import Testing
import TestSupport
import VolumeIO
import VolumeModule
@testable import Pipeline

/// Registration-free alignment of the synthetic 4-phase study (tools/fixtures/make_multiphase_study.py):
/// the tumour, whose LPS centre is known, must land at the same place in every aligned phase.
@Suite struct AlignmentTests {
    static let truth = try! MultiphaseTruth.load()

    /// Whether a point lies within 15 mm in-plane of the tumour centre: the tumour (radius 9 mm plus
    /// in-plane blur) is inside, the vessel (≥ 16 mm away) outside.
    static func nearTumour(_ p: Vector3) -> Bool {
        let c = truth.tumour_centre_lps_mm
        return (p.x - c[0]) * (p.x - c[0]) + (p.y - c[1]) * (p.y - c[1]) <= 15 * 15
    }

    /// Centroid (LPS mm) of the valid voxels near the tumour above `threshold` HU.
    static func centroid(_ image: Volume<Float>, valid: Volume<Float>, threshold: Double) -> (Vector3, Int) {
        var sum = Vector3.zero
        var count = 0
        let g = image.geometry
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            let o = g.size.offset(i, j, k)
            if valid.voxels[o] == 1 && Double(image.voxels[o]) > threshold && nearTumour(g.physicalPoint(i: i, j: j, k: k)) {
                sum = sum + g.physicalPoint(i: i, j: j, k: k)
                count += 1
            }
        } } }
        return (sum * (1 / Double(max(count, 1))), count)
    }

    /// Partial-volume-weighted centroid (LPS mm): each valid voxel near the tumour weighs its tumour fraction
    /// `clamp((HU − background) / (tumour − background), 0, 1)`. Unlike the threshold centroid it does not
    /// depend on where the grid's voxel centres fall, so it holds on coarse (5 mm) grids too.
    static func weightedCentroid(_ image: Volume<Float>, valid: Volume<Float>, background: Double, tumour: Double) -> Vector3 {
        var sum = Vector3.zero
        var weight = 0.0
        let g = image.geometry
        for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
            let o = g.size.offset(i, j, k)
            guard valid.voxels[o] == 1, nearTumour(g.physicalPoint(i: i, j: j, k: k)) else { continue }
            let w = min(1, max(0, (Double(image.voxels[o]) - background) / (tumour - background)))
            sum = sum + g.physicalPoint(i: i, j: j, k: k) * w
            weight += w
        } } }
        return sum * (1 / weight)
    }

    static func align(_ options: Alignment.Options, input: URL = MultiphaseTruth.tagged) throws -> (URL, Alignment.Result) {
        let out = try TestPaths.temporaryFolder()
        return (out, try Alignment.run(input: input, output: out, options: options))
    }

    static let references: [AlignmentReference] = [
        .phase(nil), .phase(.portalVenous), .phase(.nonContrast), .isotropic(spacing: 1, coverage: .union),
        .isotropic(spacing: 0.7, coverage: .intersection),
    ]

    @Test(arguments: references)
    func tumourCentroidAgreesAcrossPhases(_ reference: AlignmentReference) throws {
        let (out, result) = try Self.align(Alignment.Options(reference: reference))
        #expect(result.isComplete)
        #expect(result.report.phases.count == 4)
        let centre = Vector3(Self.truth.tumour_centre_lps_mm)
        var geometries: [VolumeGeometry] = []
        var centroids: [Vector3] = []
        for entry in result.report.phases {
            let phase = try #require(Self.truth.phases.first { $0.expected_phase == entry.phase.phase.rawValue }, "\(entry.phase.phase)")
            let image = try NIfTI.read(out.appendingPathComponent(entry.file)).volume
            let valid = try NIfTI.read(out.appendingPathComponent(entry.validMask)).volume
            geometries += [image.geometry, valid.geometry]
            // Threshold centroid on grids of at most 2.5 mm; the 5-mm NC grid samples the 18-mm sphere
            // too coarsely for a thresholded voxel set (0.3–0.45 mm there), so it is checked weighted only.
            if image.geometry.spacing.z <= 2.5 {
                let (c, count) = Self.centroid(image, valid: valid, threshold: phase.hu_threshold)
                #expect(count > 50)
                let error = (c - centre).length
                #expect(error <= 0.25, "\(reference) \(phase.key): threshold centroid off by \(error) mm")
                centroids.append(c)
            }
            let w = Self.weightedCentroid(image, valid: valid, background: phase.hu_background, tumour: phase.hu_tumour)
            #expect((w - centre).length <= 0.25, "\(reference) \(phase.key): weighted centroid off by \((w - centre).length) mm")
        }
        for a in centroids { for b in centroids { #expect((a - b).length <= 0.25) } }
        // One identical grid (hence one affine) for every file, equal to the reported reference grid.
        #expect(Set(geometries).count == 1)
        #expect(geometries[0].isCongruent(with: result.report.reference.geometry, tolerance: 1e-4))
    }

    /// Negative control: the same centroid check catches a 1-mm error in a phase's position.
    @Test func centroidCheckDetectsAOneMillimetreShift() throws {
        let assembly = SeriesAssembly(try FolderScan.scan(MultiphaseTruth.tagged).instances)
        let phases = PhaseIdentifier.identify(assembly)
        let nc = try #require(phases.firstIndex { $0.phase == .nonContrast })
        let art = try #require(phases.firstIndex { $0.phase == .arterial })
        let truthNC = try #require(Self.truth.phases.first { $0.key == "NC" })
        let target = try VolumeLoader.load(assembly.plans[art], instances: assembly.instances).data.geometry
        var source = try VolumeLoader.load(assembly.plans[nc], instances: assembly.instances).data.floatVolume
        let centre = Vector3(Self.truth.tumour_centre_lps_mm)
        func error() throws -> Double {
            let image = try source.resampled(onto: target, interpolation: .linear, defaultValue: -1024)
            let valid = try AlignmentGeometry.validityMask(of: source.geometry, on: target).map { Float($0) }
            return (Self.centroid(image, valid: valid, threshold: truthNC.hu_threshold).0 - centre).length
        }
        #expect(try error() <= 0.25)
        source.geometry.origin = source.geometry.origin + Vector3(0, 0, 1)
        #expect(try error() > 0.75)
    }

    @Test func defaultReferenceIsTheArterialGrid() throws {
        let (_, result) = try Self.align(Alignment.Options())
        let r = result.report
        #expect(r.reference.kind == "phase" && r.reference.phase == .arterial)
        let art = try #require(r.phases.first { $0.isReference })
        #expect(art.phase.phase == .arterial && art.overlapFraction == 1 && art.filledVoxels == 0)
        #expect(art.tableOffset == 0 && art.fieldOfViewOffset.length == 0)
        #expect(r.phases.map(\.file) == ["aligned/non_contrast.nii.gz", "aligned/arterial.nii.gz",
                                         "aligned/portal_venous.nii.gz", "aligned/delayed.nii.gz"])
        #expect(r.fillValue == -1024 && r.timepoint.label == "baseline")
        #expect(r.phases.allSatisfy { $0.sharesFrameOfReference && $0.phase.level == .high })
    }

    @Test func validityMaskMarksExactlyTheFilledVoxels() throws {
        let (out, result) = try Self.align(Alignment.Options(reference: .isotropic(spacing: 1, coverage: .union)))
        for entry in result.report.phases {
            let image = try NIfTI.read(out.appendingPathComponent(entry.file)).volume
            let valid = try NIfTI.read(out.appendingPathComponent(entry.validMask)).volume
            let source = entry.sourceGeometry
            var inside = 0, wrongMask = 0, wrongValue = 0
            let g = image.geometry
            for k in 0..<g.size.k { for j in 0..<g.size.j { for i in 0..<g.size.i {
                // Brute force: the voxel centre's continuous index in the source.
                let c = source.continuousIndex(at: g.physicalPoint(i: i, j: j, k: k))!
                let o = g.size.offset(i, j, k)
                if valid.voxels[o] == 1 { inside += 1 }
                // Outside: the fill value; inside: liver or tumour (no air inside any FOV).
                if valid.voxels[o] == 1 ? image.voxels[o] < 0 : image.voxels[o] != -1024 { wrongValue += 1 }
                // Centres on a FOV edge (the union grid is built from the edges) may go either way.
                let edges = [(c.x, source.size.i), (c.y, source.size.j), (c.z, source.size.k)]
                if edges.contains(where: { abs($0.0 + 0.5) < 1e-6 || abs($0.0 - Double($0.1) + 0.5) < 1e-6 }) { continue }
                let isInside = edges.allSatisfy { $0.0 >= -0.5 && $0.0 < Double($0.1) - 0.5 }
                if valid.voxels[o] != (isInside ? 1 : 0) { wrongMask += 1 }
            } } }
            #expect(wrongMask == 0 && wrongValue == 0)
            #expect(inside == entry.validVoxels)
            #expect(abs(entry.overlapFraction - Double(inside) / Double(g.voxelCount)) < 1e-12)
            #expect(entry.overlapFraction > 0.2 && entry.overlapFraction < 1)  // union: every phase misses part of it
        }
    }

    @Test func tableOffsetsFollowTheScanRanges() throws {
        let (_, result) = try Self.align(Alignment.Options())
        // Offsets from the truth: centre z of each phase's range minus the arterial range's.
        func centreZ(_ p: MultiphaseTruth.Phase) -> Double { p.first_ipp_lps_mm[2] + p.slice_step_mm * Double(p.slices - 1) / 2 }
        let art = try #require(Self.truth.phases.first { $0.key == "ART" })
        for entry in result.report.phases {
            let p = try #require(Self.truth.phases.first { $0.expected_phase == entry.phase.phase.rawValue })
            #expect(abs(entry.tableOffset - (centreZ(p) - centreZ(art))) < 1e-6, "\(p.key)")
        }
    }

    @Test func differentFramesOfReferenceAreRefusedUnlessAllowed() throws {
        let nc = try #require(Self.truth.phases.first { $0.key == "NC" })
        let input = try TestPaths.temporaryFolder()
        // (0020,0052) UI length 32: another frame of reference for the NC files only.
        let element = "\u{20}\u{0}\u{52}\u{0}UI\u{20}\u{0}"
        try DICOMBytePatch.copy(MultiphaseTruth.tagged, to: input,
                                replacing: [(element + "1.2.826.0.1.3680043.10.1411.92.3", element + "1.2.826.0.1.3680043.10.1411.92.8")],
                                only: { nc.files.contains($0) })
        #expect(throws: AlignmentError.self) { try Self.align(Alignment.Options(), input: input) }
        do {
            _ = try Self.align(Alignment.Options(), input: input)
        } catch let error as AlignmentError {
            guard case .differentFramesOfReference(let volumes) = error else { Issue.record("\(error)"); return }
            #expect(volumes.count == 1)
        }
        let (_, allowed) = try Self.align(Alignment.Options(allowDifferentFrames: true), input: input)
        #expect(allowed.report.warnings.count == 1)
        #expect(allowed.report.phases.filter { !$0.sharesFrameOfReference }.map(\.phase.phase) == [.nonContrast])
        // The unpatched study aligns without warnings (the check is not always failing).
        let (_, plain) = try Self.align(Alignment.Options())
        #expect(plain.report.warnings.isEmpty)
    }

    @Test func overridesWinAndUnknownKeysAreRefused() throws {
        let (_, first) = try Self.align(Alignment.Options())
        let nc = try #require(first.report.phases.first { $0.phase.phase == .nonContrast })
        let out = try TestPaths.temporaryFolder()
        // Same output folder → same pseudonym key → same series keys.
        _ = try Alignment.run(input: MultiphaseTruth.tagged, output: out, options: Alignment.Options())
        let keyed = try JSONDecoder().decode(AlignmentReport.self, from: Data(contentsOf: out.appendingPathComponent("alignment.json")))
        let ncKey = try #require(keyed.phases.first { $0.phase.phase == .nonContrast }).seriesKey
        let overridden = try Alignment.run(input: MultiphaseTruth.tagged, output: out,
                                           options: Alignment.Options(phaseOverrides: PhaseOverrides([ncKey: .delayed])))
        let delayed = overridden.report.phases.filter { $0.phase.phase == .delayed }
        #expect(delayed.count == 2)
        #expect(delayed.contains { $0.phase.rule == .override && $0.file.hasPrefix("aligned/delayed_se-") })
        #expect(throws: AlignmentError.unknownOverrideKey("se-000000000000")) {
            try Alignment.run(input: MultiphaseTruth.tagged, output: out,
                              options: Alignment.Options(phaseOverrides: PhaseOverrides(["se-000000000000": .arterial])))
        }
        #expect(nc.phase.rule == .contrastAbsent)
    }

    @Test func severalStudiesNeedAStudyKey() throws {
        let input = try TestPaths.temporaryFolder()
        let element = "\u{20}\u{0}\u{0D}\u{0}UI\u{20}\u{0}"  // (0020,000D) UI, length 32
        try DICOMBytePatch.copy(MultiphaseTruth.tagged, to: input.appendingPathComponent("a"), replacing: [])
        try DICOMBytePatch.copy(MultiphaseTruth.tagged, to: input.appendingPathComponent("b"),
                                replacing: [(element + "1.2.826.0.1.3680043.10.1411.92.1", element + "1.2.826.0.1.3680043.10.1411.92.9"),
                                            ("20260102", "20260419")])
        let out = try TestPaths.temporaryFolder()
        var keys: [String] = []
        do {
            _ = try Alignment.run(input: input, output: out)
            Issue.record("two studies were aligned together")
        } catch AlignmentError.severalStudies(let listed) {
            keys = listed
        }
        #expect(keys.count == 2)
        #expect(keys.contains { $0.hasSuffix("(baseline)") } && keys.contains { $0.hasSuffix("(follow-up 1)") })
        let followUp = try #require(keys.first { $0.hasSuffix("(follow-up 1)") }?.split(separator: " ").first.map(String.init))
        let result = try Alignment.run(input: input, output: out, options: Alignment.Options(study: followUp))
        #expect(result.report.studyKey == followUp && result.report.timepoint.daysSinceBaseline == 107)
        #expect(result.report.phases.count == 4)
        #expect(throws: AlignmentError.unknownStudy("st-0")) { try Alignment.run(input: input, output: out, options: Alignment.Options(study: "st-0")) }
    }

    @Test func untaggedStudyAlignsWithLowConfidencePhases() throws {
        let (_, result) = try Self.align(Alignment.Options(), input: MultiphaseTruth.untagged)
        #expect(result.report.phases.count == 4)
        #expect(result.report.phases.allSatisfy { $0.phase.level <= .low })
    }

    @Test func referenceChoice() throws {
        let g = VolumeGeometry(size: Size3(2, 2, 2), spacing: Vector3(1, 1, 1), origin: .zero)
        let fine = VolumeGeometry(size: Size3(2, 2, 2), spacing: Vector3(0.5, 0.5, 0.5), origin: .zero)
        func id(_ p: ContrastPhase, _ c: Double) -> PhaseIdentification { PhaseIdentification(phase: p, confidence: c, rule: .bolusTiming, evidence: []) }
        let phases = [id(.portalVenous, 0.9), id(.arterial, 0.6), id(.arterial, 0.9), id(.arterial, 0.9)]
        #expect(try AlignmentGeometry.referenceIndex(nil, phases: phases, geometries: [g, g, g, fine]) == 3)
        #expect(try AlignmentGeometry.referenceIndex(.portalVenous, phases: phases, geometries: [g, g, g, fine]) == 0)
        #expect(throws: AlignmentError.referencePhaseMissing(.delayed)) {
            try AlignmentGeometry.referenceIndex(.delayed, phases: phases, geometries: [g, g, g, fine])
        }
        #expect(try AlignmentGeometry.referenceIndex(nil, phases: [id(.unknown, 0), id(.delayed, 0.9)], geometries: [g, g]) == 1)
        #expect(try AlignmentGeometry.referenceIndex(nil, phases: [id(.unknown, 0)], geometries: [g]) == 0)
    }
}
