import Foundation
import Testing
import TestSupport
import VolumeModule
@testable import DICOMBackend

/// Every synthetic fixture (tools/fixtures/make_fixtures.py) assembles into the expected volumes, with
/// the expected classification, and every acquired pixel lands at its true physical position.
@Suite struct FixtureVolumeTests {
    static let catalog = try! FixtureCatalog.load()
    static let names = catalog.fixtures.keys.sorted()

    /// Loads every plan of a fixture folder, keyed by series UID and order.
    static func load(_ name: String, strict: Bool = false) throws -> (SeriesAssembly, [Result<LoadedVolume, Error>]) {
        let scan = try FolderScan.scan(TestPaths.testdata("dicom/\(name)"))
        let assembly = SeriesAssembly(scan.instances)
        let loaded = assembly.plans.map { plan in
            Result { try VolumeLoader.load(plan, instances: assembly.instances, options: LoadOptions(strictGeometry: strict)) }
        }
        return (assembly, loaded)
    }

    @Test(arguments: names)
    func assemblesTheExpectedVolumes(_ name: String) throws {
        let fixture = try #require(Self.catalog.fixtures[name])
        let (assembly, loaded) = try Self.load(name)
        let good = loaded.compactMap { try? $0.get() }
        #expect(good.count == fixture.expected_volume_count, "\(name)")
        for expected in fixture.volumes {
            let matches = good.filter { $0.plan.seriesInstanceUID == expected.series_instance_uid }
            let volume = try #require(expected.classification == "localizer"
                ? matches.first { $0.plan.role == .localizer }
                : matches.filter { $0.plan.role != .localizer }.first { v in
                    // Two acquisitions in one series: tell them apart by the first acquired value.
                    let slice = expected.slices[0]
                    let c = v.data.geometry.continuousIndex(at: expected.point(i: 0, j: 0, slice: slice))!
                    return abs((trilinearSample(v.data.floatVolume, at: c) ?? .nan) - expected.expectedValue(i: 0, j: 0, slice: slice))
                        <= expected.pixel.tolerance + 1e-3
                }, "\(name) \(expected.label)")
            switch expected.classification {
            case "localizer": #expect(volume.plan.role == .localizer && !volume.plan.splitReasons.isEmpty)
            case "uniform": #expect(volume.report.classification == ["uniform"], "\(name)")
            default: #expect(volume.report.classification.contains(expected.classification), "\(name): \(volume.report.classification)")
            }
            _ = assembly
        }
    }

    @Test(arguments: names)
    func everyAcquiredPixelLiesAtItsTruePosition(_ name: String) throws {
        let fixture = try #require(Self.catalog.fixtures[name])
        let (_, loaded) = try Self.load(name)
        let good = loaded.compactMap { try? $0.get() }
        for expected in fixture.volumes {
            let candidates = good.filter { $0.plan.seriesInstanceUID == expected.series_instance_uid }
            // With two acquisitions at the same positions, one of them must match everywhere.
            let mismatchCounts = candidates.map { volume -> Int in
                let image = volume.data.floatVolume
                // A sheared stack is resampled in plane; sampling the result again between an edge pixel and
                // the fill outside the acquired plane is not a position error, so check interior pixels there.
                let edge = volume.report.layout.isSheared ? 1 : 0
                var mismatches = 0
                for slice in expected.slices {
                    for j in edge..<(expected.rows - edge) { for i in edge..<(expected.columns - edge) {
                        guard let c = image.geometry.continuousIndex(at: expected.point(i: i, j: j, slice: slice)),
                              let value = trilinearSample(image, at: c) else { mismatches += 1; continue }
                        if abs(value - expected.expectedValue(i: i, j: j, slice: slice)) > expected.pixel.tolerance + 1e-3 { mismatches += 1 }
                    } }
                }
                return mismatches
            }
            #expect(mismatchCounts.contains(0), "\(name) \(expected.label): mismatching pixels \(mismatchCounts)")
        }
    }

    @Test(arguments: ["missing_slice", "variable_spacing", "tilt_plus15", "tilt_minus15", "tilt_tag0"])
    func strictGeometryRefusesIrregularStacks(_ name: String) throws {
        let (_, loaded) = try Self.load(name, strict: true)
        let error = try #require(loaded.first.flatMap { r -> DICOMError? in
            if case .failure(let e) = r { return e as? DICOMError } else { return nil }
        })
        #expect(error.code == .irregularGeometry)
        #expect(error.message.contains("strict"))
    }

    @Test func tiltIsMeasuredFromPositionsEvenWhenTheTagSaysZero() throws {
        for (name, tilt) in [("tilt_plus15", 15.0), ("tilt_minus15", -15.0), ("tilt_tag0", 15.0)] {
            let (_, loaded) = try Self.load(name)
            let report = try #require(try loaded.first?.get()).report
            #expect(abs(report.layout.tiltDegrees - tilt) < 0.01, "\(name): \(report.layout.tiltDegrees)")
            // The output grid is orthogonal: tilt removed.
            #expect(report.geometry.direction.isOrthonormal(tolerance: 1e-9))
        }
    }

    @Test func gappedAndVariableStacksKeepEveryAcquiredSliceOnTheGrid() throws {
        for name in ["missing_slice", "variable_spacing"] {
            let (_, loaded) = try Self.load(name)
            let report = try #require(try loaded.first?.get()).report
            #expect(report.resampled)
            // First and last acquired slices are both on grid slices (no slice dropped at the top).
            let first = try #require(report.acquiredSlices.first), last = try #require(report.acquiredSlices.last)
            #expect(abs(first.outputSliceIndex) < 1e-6)
            #expect(abs(last.outputSliceIndex - Double(report.geometry.size.k - 1)) < 1e-6)
            #expect(!report.interpolatedSlices.isEmpty)
            #expect(report.warnings.contains { $0.contains("resampled") })
        }
    }

    @Test func perSliceRescaleIsAppliedPerSlice() throws {
        let (_, loaded) = try Self.load("per_slice_rescale")
        let report = try #require(try loaded.first?.get()).report
        #expect(Set(report.acquiredSlices.map(\.rescaleSlope)).count > 1)
    }

    @Test func unsignedSixteenBitMRIsNotReadAsSigned() throws {
        let (_, loaded) = try Self.load("mr_series")
        let volume = try #require(try loaded.first?.get())
        #expect(volume.report.units != "HU")
        #expect(volume.data.floatVolume.voxels.max()! > 32767)
        #expect(volume.report.fillValue == 0)
    }

    @Test func sidecarHoldsNoPatientValues() throws {
        let (_, loaded) = try Self.load("uniform")
        let report = try #require(try loaded.first?.get()).report
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for forbidden in ["FIXTURE", "FIX0001", "19700101", "ACC0001", "Synthetic Hospital", "20260101", "1.2.826.0.1.3680043.10.1411"] {
            #expect(!json.contains(forbidden), "sidecar leaks \(forbidden)")
        }
    }
}
