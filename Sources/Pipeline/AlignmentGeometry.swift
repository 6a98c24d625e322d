import DICOMBackend
import VolumeModule

/// The reference grid of an alignment.
public enum AlignmentReference: Sendable, Equatable {
    /// The grid of the volume identified as this phase; `nil` picks arterial, else portal venous, else
    /// the first identified phase in protocol order, else the first volume. Several volumes of that phase:
    /// the most confident, then the smallest voxels.
    case phase(ContrastPhase?)
    /// An isotropic grid (spacing in mm) covering the union or the intersection of all fields of view
    /// (``VolumeGeometry/isotropicGrid(covering:spacing:coverage:directionTolerance:)``).
    case isotropic(spacing: Double, coverage: FieldOfViewCoverage)
}

/// Pure geometry of an alignment: choosing the reference grid and measuring each source against it.
public enum AlignmentGeometry {
    /// Index of the reference volume for `.phase(choice)` among volumes with these phases and grids.
    /// - Throws: ``AlignmentError/referencePhaseMissing(_:)`` when an explicitly requested phase is absent.
    public static func referenceIndex(_ choice: ContrastPhase?, phases: [PhaseIdentification],
                                      geometries: [VolumeGeometry]) throws -> Int {
        precondition(!phases.isEmpty && phases.count == geometries.count)
        func best(_ p: ContrastPhase) -> Int? {
            phases.indices.filter { phases[$0].phase == p }.min {
                (-phases[$0].confidence, geometries[$0].voxelVolume) < (-phases[$1].confidence, geometries[$1].voxelVolume)
            }
        }
        if let choice {
            guard let n = best(choice) else { throw AlignmentError.referencePhaseMissing(choice) }
            return n
        }
        for p in [ContrastPhase.arterial, .portalVenous, .nonContrast, .delayed] { if let n = best(p) { return n } }
        return 0
    }

    /// The centre of a grid's field of view (centre of its middle voxel), LPS mm.
    public static func centre(of g: VolumeGeometry) -> Vector3 {
        g.physicalPoint(at: Vector3(Double(g.size.i - 1) / 2, Double(g.size.j - 1) / 2, Double(g.size.k - 1) / 2))
    }

    /// Source field-of-view centre minus reference centre (LPS mm) and its component along the reference's
    /// slice (k) axis.
    public static func offset(of source: VolumeGeometry, from reference: VolumeGeometry) -> (vector: Vector3, table: Double) {
        let d = centre(of: source) - centre(of: reference)
        return (d, d.dot(reference.direction.columns.2))
    }

    /// The validity mask of `source` on `target`: 1 where the target voxel centre lies inside the source
    /// (continuous index in `[−0.5, N − 0.5)` on every axis, the same test the resampler uses), else 0.
    /// - Throws: ``VolumeModuleError/singularGeometry``.
    public static func validityMask(of source: VolumeGeometry, on target: VolumeGeometry) throws -> Mask {
        try source.coverage(on: target)
    }
}
