import Foundation
import VolumeModule

/// One flat list of tasks for both cores: the mask part (diagnostics, shape), the image sources, and every
/// (image, class) pair, the most expensive classes first, so that no core idles while a serial phase runs on the
/// other one. (Nested `concurrentPerform` calls run serially inside an outer one, so the classes must not sit inside
/// a two-way mask/image split.) Values are those of the one-after-the-other computation: only the order of
/// independent tasks changes.
///
/// Each source's task computes its images; for each one it gathers the ROI intensities, bins them into the padded
/// level grid, computes first order and drops the rest. The next source is listed before the current one's classes,
/// so a core that runs out of classes filters ahead. A class task waits for its source (which always started earlier
/// in the list, so it never waits for a task that has not started), and every image's levels are freed after its
/// last class: at most about three sources' images are alive at a time.
extension FeatureExtractor {
    /// Classes in the order their tasks start: the longest first (GLRLM, GLCM, GLDM on a CT ROI), so the short
    /// ones fill the gaps at the end.
    static let costOrder: [FeatureClass] = [.glrlm, .glcm, .gldm, .glszm, .ngtdm, .firstorder]

    /// What ``scheduledFeatures(maskPart:sources:order:image:roiMask:label:box:transform:keepImages:)`` returns.
    struct ScheduledOutput {
        /// The mask part's output.
        var mask: FeatureVector
        /// Image features in PyRadiomics' order (images in `order`, classes in the parameters' order), keyed
        /// `<image>_<class>_<name>`.
        var images: [(String, Double)]
        /// With `keepImages`, every produced image in `order` (the original with no values).
        var kept: [FilteredImage]
    }

    /// Runs `maskPart`, every source and every enabled non-shape class of every image (ROI crop on `box`; the
    /// first-order task sorts the intensities).
    /// - Throws: what `maskPart` or a source throws.
    func scheduledFeatures(maskPart: () throws -> FeatureVector, sources: [ImageSource], order: [String],
                           image: Volume<Float>, roiMask: Mask, label: UInt8, box: IndexBox,
                           transform: ((Double) -> Double)?, keepImages: Bool) throws -> ScheduledOutput {
        let classes = enabledClasses().filter { !$0.0.isShape }
        let rank = { (c: FeatureClass) in Self.costOrder.firstIndex(of: c) ?? Self.costOrder.count }
        // First order runs in its image's source task (it alone needs the intensities and the unpadded levels, which
        // are then dropped); the texture classes are tasks of their own.
        let classOrder = classes.indices.filter { classes[$0].0 != .firstorder }
            .sorted { (rank(classes[$0].0), $0) < (rank(classes[$1].0), $1) }
        let firstOrder = classes.firstIndex { $0.0 == .firstorder }
        let produces = !classes.isEmpty || keepImages
        // Image slots: the images of every source, in source order.
        var slots: [(source: Int, name: String)] = []
        for (s, source) in sources.enumerated() { slots += source.names.map { (s, $0) } }
        let inputs = slots.indices.map { _ in SlotInputs(uses: classOrder.count) }
        let tasks = Self.taskList(sources: sources, slots: slots, classOrder: classOrder, produces: produces)
        // The ROI voxels by crop offset (for the binned crop) and by offset in the filtered grid (to gather each image's
        // ROI intensities without cropping its whole bounding box).
        let inROI = classes.isEmpty ? [] : roiMask.cropped(to: box).voxels.map { $0 == label }
        let roiOffsets = inROI.indices.filter { inROI[$0] }
        let gridOffsets = roiOffsets.map { c in
            let i = c % box.size.i, j = (c / box.size.i) % box.size.j, k = c / (box.size.i * box.size.j)
            return image.size.offset(box.lower.i + i, box.lower.j + j, box.lower.k + k)
        }
        let spacing = image.geometry.spacing
        let kept = KeptImages()
        let prepare = { (filtered: FilteredImage, settings: ExtractionSettings) -> (SlotInputs.Inputs, [(String, Double)]) in
            var values = !filtered.floatValues.isEmpty ? gridOffsets.map { Double(filtered.floatValues[$0]) }
                : !filtered.values.isEmpty ? gridOffsets.map { filtered.values[$0] }
                : gridOffsets.map { transform?(Double(image.voxels[$0])) ?? Double(image.voxels[$0]) }
            let binned = Self.binned(roiValues: values, size: box.size, spacing: spacing, roiOffsets: roiOffsets,
                                     settings: settings)
            var firstOrderFeatures: [(String, Double)] = []
            if let c = firstOrder {
                IntensitySort.sort(&values)
                firstOrderFeatures = FirstOrderFeatures.compute(
                    sorted: values, binned: binned, voxelVolume: spacing.x * spacing.y * spacing.z,
                    shift: settings.voxelArrayShift, names: classes[c].1)
            }
            _ = consume values
            let padded = PaddedLevels(binned, pad: max(settings.distances.max() ?? 1, 1))
            return (.init(binned: binned.droppingLevels(), padded: padded, spacing: spacing), firstOrderFeatures)
        }
        let firstOrderResults = FirstOrderResults()
        let outputs = parallelMap(tasks.count) { t -> TaskOutput in
            switch tasks[t] {
            case .mask:
                return .mask(Result { try maskPart() })
            case .produce(let s):
                do {
                    var images = try sources[s].produce()
                    for (n, slot) in slots.enumerated() where slot.source == s {
                        guard let index = images.firstIndex(where: { $0.name == slot.name }) else {
                            inputs[n].set(nil)
                            continue
                        }
                        // Each filtered grid is released once binned (peak memory), unless it is kept.
                        let filtered = images[index]
                        images[index].values = []
                        images[index].floatValues = []
                        if keepImages { kept.append(filtered) }
                        if classes.isEmpty {
                            inputs[n].set(nil)
                        } else {
                            let (prepared, firstOrderFeatures) = prepare(filtered, sources[s].settings)
                            if let c = firstOrder {
                                firstOrderResults.store(Self.keyed(firstOrderFeatures, featureClass: .firstorder,
                                                                   prefix: slot.name, settings: sources[s].settings),
                                                        slot: n * classes.count + c)
                            }
                            inputs[n].set(prepared)
                        }
                    }
                    return .produced(nil)
                } catch {
                    for (n, slot) in slots.enumerated() where slot.source == s { inputs[n].set(nil) }
                    return .produced(error)
                }
            case .features(let n, let c):
                guard let input = inputs[n].wait() else { return .features([]) }
                let settings = sources[slots[n].source].settings
                let values = Self.classFeatures(classes[c].0, names: classes[c].1, binned: input.binned,
                                                padded: input.padded, sortedValues: [],
                                                spacing: input.spacing, settings: settings)
                inputs[n].release()
                return .features(Self.keyed(values, featureClass: classes[c].0, prefix: slots[n].name,
                                            settings: settings))
            }
        }
        var mask = FeatureVector()
        var perTask = firstOrderResults.values
        for (t, task) in tasks.enumerated() {
            switch outputs[t] {
            case .mask(let result): mask = try result.get()
            case .produced(let error): if let error { throw error }
            case .features(let values):
                if case .features(let n, let c) = task { perTask[n * classes.count + c] = values }
            }
        }
        var features: [(String, Double)] = []
        for name in order {
            guard let n = slots.firstIndex(where: { $0.name == name }) else { continue }
            for c in classes.indices { features += perTask[n * classes.count + c] ?? [] }
        }
        let keptImages = kept.images
        return ScheduledOutput(mask: mask, images: features,
                               kept: order.compactMap { name in keptImages.first { $0.name == name } })
    }

    /// The task list: the first source and the mask part, then for each source the next source and its own classes.
    private static func taskList(sources: [ImageSource], slots: [(source: Int, name: String)], classOrder: [Int],
                                 produces: Bool) -> [Task] {
        var tasks: [Task] = [.mask]
        guard produces, !sources.isEmpty else { return tasks }
        tasks.insert(.produce(0), at: 0)
        for s in sources.indices {
            let classTasks = slots.indices.filter { slots[$0].source == s }
                .flatMap { n in classOrder.map { Task.features(slot: n, classIndex: $0) } }
            if s + 1 < sources.count { tasks.append(.produce(s + 1)) }
            tasks += classTasks
        }
        return tasks
    }

    /// One task of the list.
    private enum Task {
        case mask
        case produce(Int)
        case features(slot: Int, classIndex: Int)
    }

    /// What one task produced.
    private enum TaskOutput {
        case mask(Result<FeatureVector, Error>)
        case produced(Error?)
        case features([(String, Double)])
    }
}

/// The inputs of one image's classes: set once by its source's task (`nil` when the image is missing or no class
/// needs it), waited for by its class tasks, dropped after the last use (peak memory).
private final class SlotInputs: @unchecked Sendable {
    struct Inputs {
        /// The discretisation, without its per-voxel levels (``BinnedROI/droppingLevels()``).
        var binned: BinnedROI
        var padded: PaddedLevels
        var spacing: Vector3
    }

    private let condition = NSCondition()
    private var ready = false
    private var inputs: Inputs?
    private var remaining: Int

    init(uses: Int) { remaining = uses }

    /// Publishes the inputs and wakes the waiting class tasks.
    func set(_ value: Inputs?) {
        condition.lock()
        inputs = remaining > 0 ? value : nil
        ready = true
        condition.broadcast()
        condition.unlock()
    }

    /// The inputs, once set.
    func wait() -> Inputs? {
        condition.lock()
        defer { condition.unlock() }
        while !ready { condition.wait() }
        return inputs
    }

    /// One use done; the last one frees the inputs.
    func release() {
        condition.lock()
        remaining -= 1
        if remaining == 0 { inputs = nil }
        condition.unlock()
    }
}

/// The images kept for ``FeatureExtractor/run(image:mask:label:pixelType:keepImages:shape:)``, appended by source
/// tasks on any thread.
private final class KeptImages: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [FilteredImage] = []

    func append(_ image: FilteredImage) {
        lock.lock()
        stored.append(image)
        lock.unlock()
    }

    var images: [FilteredImage] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// First-order features computed by source tasks, keyed by `slot × classes + class`.
private final class FirstOrderResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int: [(String, Double)]] = [:]

    func store(_ features: [(String, Double)], slot key: Int) {
        lock.lock()
        stored[key] = features
        lock.unlock()
    }

    var values: [Int: [(String, Double)]] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
