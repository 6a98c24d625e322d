import FolderWatch
import Foundation

/// What `version.json` in a published study folder says: enough to recognise a version after a crash.
struct PublishedVersion: Codable, Equatable {
    var version: Int
    var inputsHash: String
    var instances: Int

    /// Writes pretty, key-sorted JSON (not synced: the caller syncs the folder).
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// Reads one, or `nil`.
    static func read(_ path: String) -> PublishedVersion? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(PublishedVersion.self, from: $0) }
    }
}

extension Watcher {
    /// A study ready for work, with what it would be built from.
    struct ReadyStudy {
        var record: StateStore.StudyRecord
        var inputs: [StateStore.StudyInput]
        var hash: String
    }

    /// Processes every open study whose files have all settled and that has been quiet long enough.
    func processQuietStudies() throws {
        let now = clock.now()
        var ready: [ReadyStudy] = []
        // Files not yet identified (still settling, or unreadable within the grace period) may belong to
        // any study in their folder: such a study waits for them rather than becoming two versions.
        let undecidedFolders = Set(try store.pendingPaths().map(Self.folder(of:)))
        for study in try store.openStudies() {
            if isRemoteJobInFlight(study) { continue }  // ``pollRemoteJobs()`` follows it
            if let due = retryLock.withLock({ retryAt[study.id] }), now < due { continue }
            if try store.hasPendingFiles(studyId: study.id) { continue }
            let inputs = try store.inputs(of: study.id)
            let present = inputs.filter { $0.path != nil }
            guard !present.isEmpty else { continue }
            if present.contains(where: { undecidedFolders.contains(Self.folder(of: $0.path!)) }) { continue }
            if let last = tracker.lastChange(among: present.map { $0.path! }), now - last < configuration.quietPeriod { continue }
            if present.contains(where: { tracker.entries[$0.path!] == nil }) { continue }  // not seen since restart yet
            let hash = StateStore.inputsHash(present)
            if study.version > 0, hash == study.inputsHash, study.state != .processing {
                try store.markUnchanged(study.id)
                continue
            }
            if study.state == .processing, try recoverPublished(study) { continue }
            if study.state == .processing, study.attempts >= configuration.maxAttempts {
                // Left `processing` by a process that died during the attempt, as often as allowed: a poison study.
                let reason = "quarantined as a poison study: \(study.attempts) attempt(s) ended without a result (the process running them died)"
                try store.quarantineInterrupted(study.id, reason: reason)
                log(IngestEvent(.error, "quarantined a study", studyKey: study.key, fields: ["attempts": "\(study.attempts)", "reason": reason]))
                continue
            }
            ready.append(ReadyStudy(record: study, inputs: present, hash: hash))
        }
        guard !ready.isEmpty else { return }
        if isOutputDiskLow() {
            if !diskWasLow { log(IngestEvent(.warning, "the output disk is nearly full; studies wait for space", fields: ["studies": "\(ready.count)"])) }
            diskWasLow = true
            return
        }
        diskWasLow = false
        if let executor {
            // The scheduler runs them: submit every ready study now, follow them in later passes.
            for study in ready { try submitRemote(study, to: executor) }
            return
        }
        let jobs = max(1, configuration.jobs)
        var start = 0
        while start < ready.count {
            let batch = Array(ready[start..<min(start + jobs, ready.count)])
            let errors = UncheckedBox([Error?](repeating: nil, count: batch.count))
            let errorLock = NSLock()
            DispatchQueue.concurrentPerform(iterations: batch.count) { n in
                do { try self.process(batch[n]) } catch { errorLock.withLock { errors.value[n] = error } }
            }
            if let error = errors.value.compactMap({ $0 }).first { throw error }
            start += jobs
        }
    }

    /// Whether the output file system has less than ``WatcherConfiguration/minimumFreeBytes`` free.
    func isOutputDiskLow() -> Bool {
        guard let free = freeSpace(outputFolder) else { return false }
        return free < configuration.minimumFreeBytes
    }

    /// The folder part of a relative path ("" at the root).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// A study left `processing` whose version is already published (crash between publication and the
    /// database commit) is recorded as done without reprocessing.
    func recoverPublished(_ study: StateStore.StudyRecord) throws -> Bool {
        guard let version = study.processingVersion, let hash = study.processingHash,
              let published = PublishedVersion.read(outputFolder + "/" + study.key + "/version.json"),
              published.version == version, published.inputsHash == hash else { return false }
        try store.finishProcessing(study.id, version: version, inputsHash: hash, warnings: [])
        log(IngestEvent(.info, "recovered a published version", studyKey: study.key, fields: ["version": "\(version)"]))
        return true
    }

    /// Claim → snapshot → process → publish → commit, for one study version.
    func process(_ ready: ReadyStudy) throws {
        let study = ready.record
        let version = study.version + 1
        try store.beginProcessing(study.id, version: version, inputsHash: ready.hash)
        try fault?(.afterClaim, study.key)
        let work = workFolder + "/\(study.key)-v\(version)"
        let input = work + "/input", output = work + "/output"
        defer { DurableFiles.remove(work) }
        do {
            guard try snapshot(ready, into: work) else { return }
        } catch let error as IngestError {
            return try retryLater(study, reason: error.description, countsAsAttempt: false)
        }
        let started = clock.now()
        let warnings: [String]
        do {
            warnings = try processor.process(StudyJob(studyKey: study.key, version: version, inputFolder: input, outputFolder: output))
        } catch where OutputSpace.isExhausted(error) || isOutputDiskLow() {
            // The environment, not the study: retried without counting an attempt (never quarantined for it).
            return try retryLater(study, reason: "the output disk is full; will retry", countsAsAttempt: false)
        } catch {
            return try retryLater(study, reason: "processing failed: \(error)", countsAsAttempt: true)
        }
        try fault?(.afterProcessing, study.key)
        if isOutputDiskLow() {
            // A stage that hit ENOSPC records itself as failed instead of throwing: never publish such a version.
            return try retryLater(study, reason: "the output disk is full; will retry", countsAsAttempt: false)
        }
        do {
            try PublishedVersion(version: version, inputsHash: ready.hash, instances: ready.inputs.count).write(to: output + "/version.json")
            try fault?(.beforePublish, study.key)
            try DurableFiles.syncTree(output)
            try publish(output, as: study.key, replacing: study.version)
        } catch {
            return try retryLater(study, reason: "publishing failed: \(error)", countsAsAttempt: false)
        }
        try fault?(.afterPublish, study.key)
        try store.finishProcessing(study.id, version: version, inputsHash: ready.hash, warnings: warnings) {
            try self.fault?(.duringCommit, study.key)
        }
        retryLock.withLock { retryAt[study.id] = nil }
        log(IngestEvent(.info, "published", studyKey: study.key,
                        fields: ["version": "\(version)", "instances": "\(ready.inputs.count)",
                                 "seconds": String(format: "%.1f", clock.now() - started), "warnings": "\(warnings.count)"]))
    }

    /// Copies a study version's inputs into `<work>/input` (a fresh `<work>` with an empty `output/` beside it).
    /// - Returns: false when an input changed since it was identified: the study went back to collecting.
    /// - Throws: ``IngestError`` when the copy cannot be written.
    func snapshot(_ ready: ReadyStudy, into work: String) throws -> Bool {
        DurableFiles.remove(work)
        try DurableFiles.makeFolder(work + "/input")
        try DurableFiles.makeFolder(work + "/output")
        // Private snapshot; a file that changed since it was identified sends the study back to collecting.
        for (n, file) in ready.inputs.enumerated() {
            let copied = try DurableFiles.copy(exportFolder + "/" + file.path!, to: work + "/input/\(n).dcm")
            guard copied == file.hash else {
                _ = try store.failProcessing(ready.record.id, reason: "an input changed while it was being copied; waiting for it to settle",
                                             countsAsAttempt: false, maxAttempts: configuration.maxAttempts)
                try store.observeChanged(path: file.path!)
                return false
            }
        }
        return true
    }

    /// Moves a finished work folder into place: the previous version goes to trash (or `previous/`), the
    /// new one is renamed in, the output folder is synced.
    func publish(_ folder: String, as key: String, replacing previousVersion: Int) throws {
        let final = outputFolder + "/" + key
        if FileManager.default.fileExists(atPath: final) {
            let aside: String
            if configuration.keepPreviousVersion {
                try DurableFiles.makeFolder(stateFolder + "/previous/" + key)
                aside = stateFolder + "/previous/\(key)/v\(previousVersion)"
                DurableFiles.remove(aside)
            } else {
                try DurableFiles.makeFolder(trashFolder)
                aside = trashFolder + "/\(key)-\(UUID().uuidString)"
            }
            try DurableFiles.atomicRename(final, to: aside)
            try DurableFiles.atomicRename(folder, to: final)
            if !configuration.keepPreviousVersion { DurableFiles.remove(aside) }
        } else {
            try DurableFiles.atomicRename(folder, to: final)
        }
        try DurableFiles.sync(outputFolder)
    }

    /// Records a failure and schedules the retry (delay doubling per attempt).
    func retryLater(_ study: StateStore.StudyRecord, reason: String, countsAsAttempt: Bool) throws {
        let state = try store.failProcessing(study.id, reason: reason, countsAsAttempt: countsAsAttempt, maxAttempts: configuration.maxAttempts)
        // `study` is the record before `beginProcessing` counted this attempt.
        let attempts = study.attempts + (countsAsAttempt ? 1 : 0)
        let due = clock.now() + configuration.retryDelay * pow(2, Double(max(0, attempts - 1)))
        retryLock.withLock { retryAt[study.id] = due }
        log(IngestEvent(state == .quarantined ? .error : .warning, state == .quarantined ? "quarantined a study" : "will retry a study",
                        studyKey: study.key, fields: ["attempts": "\(attempts)", "reason": reason]))
    }
}

/// A mutable box shared by concurrent iterations that write disjoint elements.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
