#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the planes of a ``PlaneStack`` are laid out: the spacing pattern along the normal and any shear.
///
/// Tolerances (documented choices): a position matches a grid point when it is within
/// ``positionTolerance(step:)`` = max(0.01 mm, 1 % of the step) along the normal; a stack is sheared when a
/// plane's in-plane offset from the first plane exceeds max(0.01 mm, 1 % of the smaller pixel spacing).
/// dcm2niix uses 0.2 mm for both, which hides real variable spacing.
///
/// Gapped versus variable: when every step is a whole multiple of the smallest, the stack is *gapped*
/// (slices missing) if the planes' sequence numbers (InstanceNumber) have holes exactly where the large
/// steps are; with contiguous numbering the sparse region was acquired that way (*variable*). Without
/// numbers, isolated large steps mean gaps and runs of large steps mean variable spacing.
public struct StackLayout: Sendable, Equatable, Codable {
    /// The pattern of plane positions along the normal.
    public enum Spacing: String, Sendable, Codable {
        /// One plane only: the step is unknown.
        case single
        /// Every plane on a uniform grid.
        case uniform
        /// Uniform grid with whole steps missing (missing slices).
        case gapped
        /// Steps that are not multiples of one step.
        case variable
        /// Two or more planes at the same position.
        case duplicatePositions
    }

    /// Spacing pattern.
    public var spacing: Spacing
    /// Steps between consecutive planes along the normal (mm), `count − 1` of them.
    public var steps: [Double]
    /// The step of the exact (uniform) or base (gapped) grid in mm; for variable spacing the smallest step;
    /// 0 for a single plane or duplicates only.
    public var nominalStep: Double
    /// Number of grid positions with no plane (gapped stacks), else 0.
    public var missingPlanes: Int
    /// Largest in-plane offset of any plane from the first (mm); > tolerance means sheared.
    public var maxInPlaneOffset: Double
    /// Whether plane positions drift within the plane (gantry tilt, or a shear of unknown cause).
    public var isSheared: Bool
    /// Tilt angle estimated from positions, in degrees (signed: positive when planes drift toward +j), or
    /// 0 when not sheared.
    public var tiltDegrees: Double

    /// Whether the planes already form an exact, orthogonal, uniform grid.
    public var isExactGrid: Bool { (spacing == .uniform || spacing == .single) && !isSheared }

    /// Short labels for reports: e.g. `["uniform"]`, `["gapped", "sheared"]`.
    public var labels: [String] {
        var result = [spacing == .variable ? "variableSpacing" : spacing.rawValue]
        if isSheared { result.append("sheared") }
        return result
    }

    /// Tolerance along the normal for a plane to count as on a grid point, in mm.
    public static func positionTolerance(step: Double) -> Double { max(0.01, 0.01 * step) }

    /// Analyses a stack.
    public init(analysing stack: PlaneStack) {
        let z = stack.positions.map(stack.normalCoordinate(of:))
        steps = zip(z, z.dropFirst()).map { $1 - $0 }
        let inPlaneTolerance = max(0.01, 0.01 * min(stack.columnSpacing, stack.rowSpacing))
        var maxOffset = 0.0, last = Vector3.zero
        for p in stack.positions {
            let d = p - stack.positions[0]
            let inPlane = d - stack.normal * stack.normal.dot(d)
            if inPlane.length > maxOffset { maxOffset = inPlane.length }
            last = d
        }
        maxInPlaneOffset = maxOffset
        isSheared = maxOffset > inPlaneTolerance
        let along = stack.normal.dot(last)
        if isSheared && abs(along) > 0 {
            let drift = last - stack.normal * along
            let towardJ = stack.columnDirection.dot(drift)
            let sign: Double = (towardJ != 0 ? towardJ : stack.rowDirection.dot(drift)) < 0 ? -1 : 1
            tiltDegrees = sign * atan(drift.length / abs(along)) * 180 / Double.pi
        } else {
            tiltDegrees = 0
        }
        missingPlanes = 0
        guard z.count > 1 else {
            spacing = .single
            nominalStep = 0
            return
        }
        let span = z[z.count - 1] - z[0]
        let uniformStep = span / Double(z.count - 1)
        let smallest = steps.min() ?? 0
        if smallest <= Self.positionTolerance(step: uniformStep) {
            spacing = .duplicatePositions
            nominalStep = steps.filter { $0 > Self.positionTolerance(step: uniformStep) }.min() ?? 0
            return
        }
        let tolerance = Self.positionTolerance(step: uniformStep)
        if z.indices.allSatisfy({ abs(z[$0] - (z[0] + Double($0) * uniformStep)) <= tolerance }) {
            spacing = .uniform
            nominalStep = uniformStep
            return
        }
        // Gapped: every step a whole multiple of the base step; refine the base from the total span.
        let multiples = steps.map { ($0 / smallest).rounded() }
        let slots = Int(multiples.reduce(0, +))
        let base = span / Double(slots)
        let baseTolerance = Self.positionTolerance(step: base)
        var slot = 0.0
        var onGrid = true
        for k in z.indices {
            if k > 0 { slot += multiples[k - 1] }
            if abs(z[k] - (z[0] + slot * base)) > baseTolerance { onGrid = false }
        }
        if onGrid && Self.looksLikeMissingPlanes(multiples: multiples, numbers: stack.sequenceNumbers) {
            spacing = .gapped
            nominalStep = base
            missingPlanes = slots + 1 - z.count
        } else {
            spacing = .variable
            nominalStep = smallest
        }
    }

    /// Whether whole-multiple steps are better explained by missing planes than by a change of spacing.
    static func looksLikeMissingPlanes(multiples: [Double], numbers: [Int]?) -> Bool {
        if let numbers, numbers.count == multiples.count + 1, Set(numbers).count == numbers.count {
            return multiples.indices.allSatisfy { abs(numbers[$0 + 1] - numbers[$0]) == Int(multiples[$0]) }
        }
        return !zip(multiples, multiples.dropFirst()).contains { $0 > 1 && $1 > 1 }
    }
}
