import Foundation
import VolumeModule

/// One flat list of tasks for both cores: the mask part (diagnostics, shape) and every (image, class) pair, the
/// most expensive classes first, so that no core idles while a serial phase runs on the other one. (Nested
/// `concurrentPerform` calls run serially inside an outer one, so the classes must not sit inside a two-way
/// mask/image split.) Values are those of the one-after-the-other computation: only the order of independent
/// tasks changes.
extension FeatureExtractor {
    /// Classes in the order their tasks start: the longest first (GLRLM, GLCM, GLDM on a CT ROI), so the short
    /// ones fill the gaps at the end.
    static let costOrder: [FeatureClass] = [.glrlm, .glcm, .gldm, .glszm, .ngtdm, .firstorder]

    /// Runs `maskPart` and every enabled non-shape class of every image (ROI crop on `box`, binned once per image by
    /// the first task that needs it, released after its last class; the first-order task sorts the intensities).
    /// - Returns: the mask part's output and the image features in PyRadiomics' order (images in order, classes in
    ///   the parameters' order), keyed `<image>_<class>_<name>`.
    /// - Throws: what `maskPart` throws.
    func scheduledFeatures(maskPart: () throws -> FeatureVector,
                           images: [(image: FilteredImage, settings: ExtractionSettings)], image: Volume<Float>,
                           roiMask: Mask, label: UInt8, box: IndexBox, transform: ((Double) -> Double)?)
        throws -> (mask: FeatureVector, images: [(String, Double)])
    {
        let classes = enabledClasses().filter { !$0.0.isShape }
        let rank = { (c: FeatureClass) in Self.costOrder.firstIndex(of: c) ?? Self.costOrder.count }
        let order = classes.indices.sorted { (rank(classes[$0].0), $0) < (rank(classes[$1].0), $1) }
        // Task list: (image, class) pairs image by image, largest class first; the mask part second, beside the
        // first (largest) class.
        var tasks: [(image: Int, classIndex: Int)?] = []
        for n in images.indices { for c in order { tasks.append((n, c)) } }
        tasks.insert(nil, at: min(1, tasks.count))
        let inROI = classes.isEmpty || images.isEmpty ? [] : roiMask.cropped(to: box).voxels.map { $0 == label }
        let inputs = images.indices.map { _ in ImageTaskInputs(uses: classes.count) }
        let prepare = { (n: Int) -> ImageTaskInputs.Inputs in
            let roi = images[n].image.values.isEmpty
                ? Self.crop(image.voxels, transform: transform, size: image.size, spacing: image.geometry.spacing,
                            box: box, inROI: inROI)
                : Self.crop(images[n].image.values, size: image.size, spacing: image.geometry.spacing, box: box,
                            inROI: inROI)
            let settings = images[n].settings
            let binned = Self.binned(roi, settings: settings)
            let values = roi.roiValues
            let spacing = roi.spacing
            _ = consume roi  // the crop's values and membership are not needed once binned
            let padded = PaddedLevels(binned, pad: max(settings.distances.max() ?? 1, 1))
            return .init(binned: binned, padded: padded, values: values, spacing: spacing)
        }
        let outputs = parallelMap(tasks.count) { t -> TaskOutput in
            guard let (n, c) = tasks[t] else { return .mask(Result { try maskPart() }) }
            let input = inputs[n].acquire { prepare(n) }
            // Only first order needs the sorted intensities: sorted by its own task, off the shared preparation.
            var sortedValues: [Double] = []
            if classes[c].0 == .firstorder {
                sortedValues = input.values
                IntensitySort.sort(&sortedValues)
            }
            let values = Self.classFeatures(classes[c].0, names: classes[c].1, binned: input.binned,
                                            padded: input.padded, sortedValues: sortedValues,
                                            spacing: input.spacing, settings: images[n].settings)
            inputs[n].release()
            return .features(Self.keyed(values, featureClass: classes[c].0, prefix: images[n].image.name,
                                        settings: images[n].settings))
        }
        var mask = FeatureVector()
        var perTask = [Int: [(String, Double)]]()
        for (t, task) in tasks.enumerated() {
            switch outputs[t] {
            case .mask(let result): mask = try result.get()
            case .features(let values): if let task { perTask[task.image * classes.count + task.classIndex] = values }
            }
        }
        var features: [(String, Double)] = []
        for n in images.indices {
            for c in classes.indices { features += perTask[n * classes.count + c] ?? [] }
        }
        return (mask, features)
    }

    /// What one task produced.
    private enum TaskOutput {
        case mask(Result<FeatureVector, Error>)
        case features([(String, Double)])
    }
}

/// The inputs of one image's classes, made once under a lock by the first task that needs them and dropped after
/// the last use (peak memory with many filtered images).
private final class ImageTaskInputs: @unchecked Sendable {
    struct Inputs {
        var binned: BinnedROI
        var padded: PaddedLevels
        /// ROI intensities in crop order (unsorted).
        var values: [Double]
        var spacing: Vector3
    }

    private let lock = NSLock()
    private var inputs: Inputs?
    private var remaining: Int

    init(uses: Int) { remaining = uses }

    /// The inputs, made by `make` on first use (other users of this image wait meanwhile).
    func acquire(_ make: () -> Inputs) -> Inputs {
        lock.lock()
        defer { lock.unlock() }
        if let inputs { return inputs }
        let made = make()
        inputs = made
        return made
    }

    /// One use done; the last one frees the inputs.
    func release() {
        lock.lock()
        remaining -= 1
        if remaining == 0 { inputs = nil }
        lock.unlock()
    }
}
