import VolumeModule

/// Where one planar contour lands on an image grid: which slice, and its vertices as continuous in-plane
/// indices — or why it lands nowhere (notes/dicom.md §6 item 5).
///
/// Vertices go LPS → continuous index through the inverse of `direction · diag(spacing)` (ITK
/// `TransformPhysicalPointToContinuousIndex`), so any direction matrix and non-square pixels work and no
/// vertex is rounded. The slice is chosen by plane distance along the slice normal N = i × j:
/// `|N·(vertex − slice position)| < ½ slice step`, never by ContourImageSequence.
struct ContourPlacement {
    /// Why a contour was not placed.
    enum Rejection: Equatable {
        /// Vertices closer to different slice planes (a non-coplanar or oblique contour).
        case nonCoplanar(spreadMM: Double)
        /// Midway between two planes (no plane within half a slice step).
        case betweenPlanes(distanceMM: Double)
        /// Beyond the first or last slice.
        case beyondSlices
        /// Wholly outside the image in-plane.
        case outsidePlane
    }

    /// The slice index k the contour lies on.
    var slice: Int
    /// Continuous column (i) and row (j) index of each vertex.
    var x: [Double]
    var y: [Double]
    /// Distance of the contour (mean vertex) from its slice plane, mm.
    var planeDistance: Double
    /// Spread of the vertices along the normal, mm (0 for an exactly planar contour).
    var spread: Double
    /// Whether part of the contour lies outside the image in-plane (it is clipped).
    var clipped: Bool

    /// Vertex spread along the normal above which a placed contour is reported as not coplanar, mm.
    static let coplanarTolerance = 0.01
    /// Distance from the slice plane above which a placed contour is reported, mm.
    static let planeTolerance = 0.01

    /// Maps LPS millimetres to continuous indices on one geometry.
    struct Mapper {
        let geometry: VolumeGeometry
        let inverse: Matrix3
        /// Slice step measured along the normal, mm (`spacing.z · |N · k-axis|`).
        let sliceStep: Double

        /// `nil` when the geometry's index-to-physical matrix is singular.
        init?(_ geometry: VolumeGeometry) {
            guard let inverse = geometry.indexToPhysical.inverse else { return nil }
            self.geometry = geometry
            self.inverse = inverse
            let d = geometry.direction
            let normal = d.columns.0.cross(d.columns.1).normalized
            sliceStep = geometry.spacing.z * abs(normal.dot(d.columns.2))
            guard sliceStep > 0, sliceStep.isFinite else { return nil }
        }
    }

    /// Places a closed planar contour (≥ 3 finite vertices) or says why it cannot be placed.
    static func place(_ points: [Vector3], with mapper: Mapper) -> Result<ContourPlacement, RejectionError> {
        let size = mapper.geometry.size
        let origin = mapper.geometry.origin
        var x = [Double](repeating: 0, count: points.count)
        var y = [Double](repeating: 0, count: points.count)
        var kMin = Double.infinity, kMax = -Double.infinity, kSum = 0.0
        for (n, p) in points.enumerated() {
            let c = mapper.inverse * (p - origin)
            x[n] = c.x
            y[n] = c.y
            kMin = min(kMin, c.z)
            kMax = max(kMax, c.z)
            kSum += c.z
        }
        let step = mapper.sliceStep
        let spread = (kMax - kMin) * step
        let nearestLow = kMin.rounded(), nearestHigh = kMax.rounded()
        let kMean = kSum / Double(points.count)
        let k = kMean.rounded()
        let distance = abs(kMean - k) * step
        // A contour exactly midway (within rounding) is on no plane; also reject vertices split between planes.
        if nearestLow != nearestHigh && spread > coplanarTolerance {
            return .failure(RejectionError(.nonCoplanar(spreadMM: spread)))
        }
        if distance >= step / 2 - 1e-6 * step {
            return .failure(RejectionError(.betweenPlanes(distanceMM: distance)))
        }
        guard k >= 0, k < Double(size.k) else { return .failure(RejectionError(.beyondSlices)) }
        let xLo = x.min() ?? 0, xHi = x.max() ?? 0, yLo = y.min() ?? 0, yHi = y.max() ?? 0
        let nx = Double(size.i), ny = Double(size.j)
        // Pixel centres span 0 … n−1; a polygon covers one only if its extent reaches it.
        if xHi < 0 || yHi < 0 || xLo > nx - 1 || yLo > ny - 1 {
            return .failure(RejectionError(.outsidePlane))
        }
        let clipped = xLo < -0.5 || yLo < -0.5 || xHi > nx - 0.5 || yHi > ny - 0.5
        return .success(ContourPlacement(slice: Int(k), x: x, y: y, planeDistance: distance, spread: spread, clipped: clipped))
    }

    /// A ``Rejection`` as an `Error`, so placement can return a `Result`.
    struct RejectionError: Error {
        var reason: Rejection
        init(_ reason: Rejection) { self.reason = reason }
    }
}
