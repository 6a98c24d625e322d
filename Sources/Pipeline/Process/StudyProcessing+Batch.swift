import DICOMBackend
import Foundation

extension StudyProcessing {
    /// Stage names in the order ``process(_:into:configuration:names:progress:)`` reports them; skipped
    /// stages are not reported, so progress may jump.
    public static let stageNames = ["volumes", "align", "segmentations", "derived masks", "features", "qa", "manifest"]

    /// What a batch run reports while it works (no patient data: study keys and stage names only).
    public struct ProgressEvent: Sendable, Equatable {
        /// The kinds of progress.
        public enum Kind: Sendable, Equatable {
            /// The inputs were scanned: this many studies will be processed or checked.
            case found(studies: Int)
            /// Files of the inputs that are not readable DICOM or were rejected (belonging to no study, so in
            /// no manifest): their count and the distinct reasons (no paths, no patient data).
            case rejected(files: Int, reasons: [String])
            /// A stage of a study starts (one of ``StudyProcessing/stageNames``).
            case stage(String)
            /// A study is finished: published, or left as it was (`unchanged`).
            case finished(unchanged: Bool)
        }
        /// The study (`nil` for ``Kind/found(studies:)``).
        public var studyKey: String?
        /// What happened.
        public var kind: Kind

        /// An event about `studyKey` (or about the whole run when `nil`).
        public init(studyKey: String?, kind: Kind) {
            self.studyKey = studyKey
            self.kind = kind
        }
    }

    /// Every study in the folders (one scan each, merged; the scans are released on return).
    public static func studies(in folders: [URL], names: Pseudonymizer) throws -> [StudyInputs] {
        try scanned(folders, names: names).studies
    }

    /// The studies in the folders and the files the scan rejected.
    static func scanned(_ folders: [URL], names: Pseudonymizer) throws -> (studies: [StudyInputs], rejected: [DICOMError]) {
        var scan = try FolderScan.scan(folders[0])
        for folder in folders.dropFirst() {
            let more = try FolderScan.scan(folder)
            scan.instances += more.instances
            scan.failures += more.failures
            scan.skipped += more.skipped
        }
        return (StudyInputs.group(scan, names: names), scan.failures)
    }

    /// The distinct reasons of rejected files, without their paths (`code: message`), most frequent first.
    static func reasons(_ rejected: [DICOMError]) -> [String] {
        let counts = rejected.reduce(into: [String: Int]()) { $0["\($1.code): \($1.message)", default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { $0.value > 1 ? "\($0.key) (\($0.value) files)" : $0.key }
    }

    /// Processes every study found under the `inputs` folders (files of one study may be spread over
    /// several folders) into `output/<studyKey>/`, at most `jobs` studies at a time.
    ///
    /// Memory: the scan keeps only instance metadata; pixel data is loaded by a study's own stages and
    /// released when it is published, so peak memory grows with `jobs`, not with the number of studies.
    /// - Parameters:
    ///   - jobs: studies processed at the same time (≥ 1; each study also parallelises inside).
    ///   - runner: runs one study elsewhere instead of in this process (the CLI isolates each study in a child
    ///     process, so one study that crashes is reported and the others finish); `nil` runs ``runOne``.
    ///   - events: progress, called from worker threads.
    /// - Returns: one report per study, in study-key order.
    /// - Throws: ``PipelineError`` when nothing processable is found, or the first study whose outputs
    ///   cannot be published (studies not yet started are then not started).
    public static func run(inputs: [URL], output: URL, configuration: ProcessConfiguration = ProcessConfiguration(),
                           jobs: Int, runner: StudyRunner? = nil,
                           events: @escaping @Sendable (ProgressEvent) -> Void = { _ in }) throws -> [Report] {
        precondition(jobs >= 1, "jobs must be at least 1")
        try configuration.validate()
        guard !inputs.isEmpty else { throw PipelineError.noInput("no input folder given") }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let names = try Pseudonymizer.loadOrCreate(at: output.appendingPathComponent(Conversion.keyFile))
        var (planned, rejected) = try Self.scanned(inputs, names: names)
        try PatientCourse.plan(&planned, stateFolder: output.appendingPathComponent(".radstation"), configuration: configuration,
                               names: names)
        let studies = planned
        let reasons = Self.reasons(rejected)
        guard !studies.isEmpty else {
            let why = rejected.isEmpty ? "" : " (\(rejected.count) file(s) rejected: \(reasons.prefix(3).joined(separator: "; ")))"
            throw PipelineError.noInput("no DICOM study found in the input folder" + why)
        }
        events(ProgressEvent(studyKey: nil, kind: .found(studies: studies.count)))
        if !rejected.isEmpty { events(ProgressEvent(studyKey: nil, kind: .rejected(files: rejected.count, reasons: reasons))) }

        final class Queue: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var stop = false
            var results: [Result<Report, Error>?]
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
            func claim() -> Int? {
                lock.withLock {
                    guard !stop, next < results.count else { return nil }
                    defer { next += 1 }
                    return next
                }
            }
            func finish(_ n: Int, _ result: Result<Report, Error>) {
                lock.withLock {
                    results[n] = result
                    if case .failure = result { stop = true }
                }
            }
        }
        let queue = Queue(studies.count)
        DispatchQueue.concurrentPerform(iterations: min(jobs, studies.count)) { _ in
            while let n = queue.claim() {
                let result: Result<Report, Error>
                if let runner {
                    result = .success(runner(studies[n]))
                } else {
                    result = Result {
                        try runOne(studies[n], output: output, configuration: configuration, names: names) { key, stage in
                            events(ProgressEvent(studyKey: key, kind: .stage(stage)))
                        }
                    }
                }
                if case .success(let report) = result {
                    events(ProgressEvent(studyKey: report.studyKey, kind: .finished(unchanged: report.unchanged)))
                }
                queue.finish(n, result)
            }
        }
        var reports: [Report] = []
        for result in queue.results {
            switch result {
            case .success(let report): reports.append(report)
            case .failure(let error): throw error
            case nil: continue
            }
        }
        return reports
    }
}
