import Foundation
import VolumeModule

/// Decoding the planes of a volume in parallel, into memory or plane by plane into a sink.
extension VolumeLoader {
    /// Where decoded planes go.
    enum PlaneDestination<T> {
        /// Plane `n` at `base + n · planeSize` (the whole volume in memory).
        case memory(UnsafeMutablePointer<T>)
        /// Plane `n` handed to the sink once converted (from a buffer reused by the task); a throwing
        /// sink fails that plane.
        case sink((Int, UnsafeBufferPointer<T>) throws -> Void)
    }

    /// Per-task counters.
    typealias TaskCounts = (padding: Int, belowAir: Int)

    /// Decodes planes in parallel into `values` (plane `n` at `n · planeSize`); see
    /// ``decode(_:_:instances:into:padding:belowAir:convert:words:)``.
    static func decode<T>(_ plan: VolumePlan, _ planes: [VolumePlan.Plane], instances: [DICOMInstance], fill: Float,
                          into values: inout [T], padding: inout Int, belowAir: inout Int, isCT: Bool,
                          convert: PlaneConverter<T>, words: WordConverter<T>? = nil) -> [Int: DICOMError] {
        values.withUnsafeMutableBufferPointer { buffer in
            decode(plan, planes, instances: instances, into: .memory(buffer.baseAddress!), padding: &padding, belowAir: &belowAir,
                   convert: convert, words: words)
        }
    }

    /// Decodes planes in parallel through `convert`; returns failures by plane index (``overflow`` when a
    /// value does not fit the output type). Files are shared out over a few tasks, each with one reusable
    /// frame buffer: native 16-bit little-endian frames are read by `pread` at the location the scan found
    /// (no second DCMTK parse, no per-file pixel allocation); any other file is opened with DCMTK and decoded.
    static func decode<T>(_ plan: VolumePlan, _ planes: [VolumePlan.Plane], instances: [DICOMInstance],
                          into destination: PlaneDestination<T>, padding: inout Int, belowAir: inout Int,
                          convert: PlaneConverter<T>, words: WordConverter<T>? = nil) -> [Int: DICOMError] {
        let planeSize = plan.pixelFormat.rows * plan.pixelFormat.columns
        var byInstance: [Int: [Int]] = [:]
        for (n, p) in planes.enumerated() { byInstance[p.instance, default: []].append(n) }
        let jobs = Array(byInstance.keys).sorted()
        let tasks = min(jobs.count, 4 * ProcessInfo.processInfo.activeProcessorCount)
        let shared = UncheckedSendable(destination)
        let results = parallelMap(tasks) { task -> (failed: [Int: DICOMError], counts: TaskCounts) in
            var failed: [Int: DICOMError] = [:]
            var counts: TaskCounts = (0, 0)
            // One frame of raw words and (for a sink) one converted plane, reused for every file of this task.
            let frame = UnsafeMutablePointer<UInt16>.allocate(capacity: planeSize)
            defer { frame.deallocate() }
            var planeBuffer: UnsafeMutablePointer<T>?
            defer { planeBuffer?.deallocate() }
            let target: (Int) -> UnsafeMutablePointer<T>
            let emit: (Int, UnsafeMutablePointer<T>) throws -> Void
            switch shared.value {
            case .memory(let base):
                target = { base + $0 * planeSize }
                emit = { _, _ in }
            case .sink(let sink):
                let buffer = UnsafeMutablePointer<T>.allocate(capacity: planeSize)
                planeBuffer = buffer
                target = { _ in buffer }
                emit = { n, out in try sink(n, UnsafeBufferPointer(start: out, count: planeSize)) }
            }
            for job in stride(from: task, to: jobs.count, by: tasks) {
                let instance = instances[jobs[job]], targets = byInstance[jobs[job]]!
                do {
                    if let mosaic = instance.mosaic {
                        try decodeMosaic(instance, mosaic, planes: planes, targets: targets, target: target, emit: emit,
                                         failed: &failed, counts: &counts, convert: convert)
                        continue
                    }
                    let native = words == nil ? nil
                        : try NativeFrameReader(path: instance.path, location: instance.pixelDataLocation, format: instance.pixelFormat!)
                    if let native, let words {
                        let layout = WordLayout(instance.pixelFormat!)
                        for n in targets {
                            failed[n] = decodePlane(n, planes: planes, instance: instance, counts: &counts) { slope, intercept in
                                try native.read(frame: planes[n].frame.frame, into: frame)
                                let out = target(n)
                                let result = words(UnsafeBufferPointer(start: frame, count: planeSize), layout, out, slope, intercept,
                                                   instance.pixelPadding)
                                if result != nil { try emit(n, out) }
                                return result
                            }
                        }
                    } else {
                        try decodeWithDCMTK(instance, planes: planes, targets: targets, planeSize: planeSize, target: target, emit: emit,
                                            failed: &failed, counts: &counts, convert: convert, words: words)
                    }
                } catch let error as DICOMError {
                    for n in targets { failed[n] = error }
                } catch {
                    for n in targets { failed[n] = DICOMError(.internalError, "\(error)", file: instance.path) }
                }
            }
            return (failed, counts)
        }
        var failures: [Int: DICOMError] = [:]
        for r in results {
            failures.merge(r.failed) { a, _ in a }
            padding += r.counts.padding
            belowAir += r.counts.belowAir
        }
        return failures
    }

    /// Runs one plane's decode + rescale (`body(slope, intercept)` → counts, `nil` on overflow), adding its
    /// counts; returns the plane's error, if any.
    static func decodePlane(_ n: Int, planes: [VolumePlan.Plane], instance: DICOMInstance, counts: inout TaskCounts,
                                    _ body: (Double, Double) throws -> PlaneCounts?) -> DICOMError? {
        do {
            guard let planeCounts = try body(planes[n].frame.rescaleSlope, planes[n].frame.rescaleIntercept) else { return overflow }
            counts.padding += planeCounts.padding
            counts.belowAir += planeCounts.belowAir
            return nil
        } catch let error as DICOMError {
            return error
        } catch {
            return DICOMError(.internalError, "\(error)", file: instance.path)
        }
    }

    /// Opens one file with DCMTK and decodes its planes `targets` (compressed syntaxes, other bit depths,
    /// small or big-endian pixel data).
    private static func decodeWithDCMTK<T>(_ instance: DICOMInstance, planes: [VolumePlan.Plane], targets: [Int], planeSize: Int,
                                           target: (Int) -> UnsafeMutablePointer<T>, emit: (Int, UnsafeMutablePointer<T>) throws -> Void,
                                           failed: inout [Int: DICOMError], counts: inout TaskCounts, convert: PlaneConverter<T>,
                                           words: WordConverter<T>?) throws {
        let format = instance.pixelFormat!
        let file = try DICOMFile(path: instance.path, headerOnly: false)
        // Uninitialised: a successful decode writes every value, a failed one is not read. Empty until needed
        // (the native 16-bit path reads the file's own buffer).
        var stored: [Int32] = []
        for n in targets {
            failed[n] = decodePlane(n, planes: planes, instance: instance, counts: &counts) { slope, intercept in
                let out = target(n)
                let result: PlaneCounts?
                if let words, let native = try file.nativeWords16(planes[n].frame.frame, format: format) {
                    result = words(native, WordLayout(format), out, slope, intercept, instance.pixelPadding)
                } else {
                    if stored.isEmpty {
                        stored = [Int32](unsafeUninitializedCapacity: planeSize) { _, count in count = planeSize }
                    }
                    try file.decodeFrame(planes[n].frame.frame, format: format, into: &stored)
                    result = stored.withUnsafeBufferPointer { convert($0, out, slope, intercept, instance.pixelPadding) }
                }
                if result != nil { try emit(n, out) }
                return result
            }
        }
    }
}
