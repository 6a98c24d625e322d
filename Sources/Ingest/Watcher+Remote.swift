import Foundation

/// Study versions processed as scheduler jobs (``Watcher/executor``): claim → snapshot into
/// `.radstation/jobs/<key>-v<version>/` → submit → job id committed → (later passes) finished → publish →
/// commit. Every step is durable, so after a `kill -9` of the watcher at any point the restarted watcher finds
/// each version's job again (by the recorded id, else by its unique name) and nothing is lost or run twice.
extension Watcher {
    var jobsFolder: String { stateFolder + "/jobs" }

    /// The folder of a version's job: `input/` (snapshot), `output/`, `job.json` (written once the snapshot is
    /// complete, before the submission) and whatever the executor keeps there (script, log, result).
    func jobFolder(_ key: String, version: Int) -> String { jobsFolder + "/\(key)-v\(version)" }

    /// The scheduler job name of a study version: pseudonymous key and version only.
    public static func jobName(studyKey: String, version: Int) -> String { "radstation-\(studyKey)-v\(version)" }

    /// Whether a study is a version handed to the scheduler (its snapshot is complete), followed by ``pollRemoteJobs()``.
    func isRemoteJobInFlight(_ study: StateStore.StudyRecord) -> Bool {
        guard executor != nil, study.state == .processing, let version = study.processingVersion else { return false }
        return FileManager.default.fileExists(atPath: jobFolder(study.key, version: version) + "/job.json")
    }

    func job(of study: StateStore.StudyRecord, version: Int) -> StudyJob {
        let folder = jobFolder(study.key, version: version)
        return StudyJob(studyKey: study.key, version: version, inputFolder: folder + "/input", outputFolder: folder + "/output")
    }

    /// Claims a ready version, snapshots it into its job folder and submits it.
    func submitRemote(_ ready: ReadyStudy, to executor: RemoteStudyExecutor) throws {
        let study = ready.record
        let version = study.version + 1
        try store.beginProcessing(study.id, version: version, inputsHash: ready.hash)
        try fault?(.afterClaim, study.key)
        let folder = jobFolder(study.key, version: version)
        do {
            guard try snapshot(ready, into: folder) else { return DurableFiles.remove(folder) }
            try PublishedVersion(version: version, inputsHash: ready.hash, instances: ready.inputs.count).write(to: folder + "/job.json")
            try DurableFiles.syncTree(folder)
        } catch let error as IngestError {
            DurableFiles.remove(folder)
            return try retryLater(study, reason: error.description, countsAsAttempt: false)
        }
        try submit(study, version: version, to: executor)
    }

    /// Submits a snapshotted version and commits its job id.
    func submit(_ study: StateStore.StudyRecord, version: Int, to executor: RemoteStudyExecutor) throws {
        let jobID: String
        do {
            jobID = try executor.submit(job(of: study, version: version), name: Self.jobName(studyKey: study.key, version: version))
        } catch {
            // The scheduler refused it (or is down): not the study's fault; its snapshot is dropped and it is claimed again later.
            DurableFiles.remove(jobFolder(study.key, version: version))
            return try retryLater(beforeClaim(study), reason: "submitting the job failed: \(error)", countsAsAttempt: false)
        }
        try fault?(.afterSubmit, study.key)
        try store.recordJob(study.id, jobID: jobID)
        log(IngestEvent(.info, "submitted", studyKey: study.key, fields: ["version": "\(version)", "job": jobID]))
    }

    /// Follows every version in the scheduler's hands: publishes the finished ones, schedules the failed
    /// ones for a retry, submits the ones a crash left unsubmitted.
    func pollRemoteJobs() throws {
        guard let executor else { return }
        let inFlight = try store.openStudies().filter(isRemoteJobInFlight)
        if !jobFoldersCleaned { removeStaleJobFolders(keeping: inFlight) }
        var followed: [(StateStore.StudyRecord, RemoteJob)] = []
        for var study in inFlight {
            let version = study.processingVersion!
            if try recoverPublished(study) {
                // Killed between the publication and its commit.
                DurableFiles.remove(jobFolder(study.key, version: version))
                continue
            }
            if study.jobID == nil, let found = try? executor.find(named: Self.jobName(studyKey: study.key, version: version)) {
                // Killed between the submission and its commit: the job is there, record it.
                try store.recordJob(study.id, jobID: found)
                study.jobID = found
            }
            followed.append((study, RemoteJob(jobID: study.jobID, job: job(of: study, version: version))))
        }
        guard !followed.isEmpty else { return }
        let states: [RemoteJobState]
        do { states = try executor.states(of: followed.map(\.1)) } catch {
            log(IngestEvent(.warning, "the scheduler did not answer; asking again on the next pass", fields: ["reason": "\(error)"]))
            return
        }
        for ((study, remote), state) in zip(followed, states) {
            switch state {
            case .waiting:
                continue
            case .missing:
                try submit(study, version: remote.job.version, to: executor)
            case .finished(let warnings):
                try publishRemote(study, remote.job, warnings: warnings)
            case .failed(let reason, let counts):
                DurableFiles.remove(jobFolder(study.key, version: remote.job.version))
                try retryLater(beforeClaim(study), reason: "the job failed: \(reason)", countsAsAttempt: counts)
            }
        }
    }

    /// Publishes a finished job's output as the version it was claimed for, then commits.
    func publishRemote(_ study: StateStore.StudyRecord, _ job: StudyJob, warnings: [String]) throws {
        let hash = study.processingHash ?? ""
        let instances = PublishedVersion.read(jobFolder(study.key, version: job.version) + "/job.json")?.instances ?? 0
        try fault?(.afterProcessing, study.key)
        if isOutputDiskLow() { return }  // kept in flight: published once there is room
        do {
            try PublishedVersion(version: job.version, inputsHash: hash, instances: instances).write(to: job.outputFolder + "/version.json")
            try fault?(.beforePublish, study.key)
            try DurableFiles.syncTree(job.outputFolder)
            try publish(job.outputFolder, as: study.key, replacing: study.version)
        } catch {
            DurableFiles.remove(jobFolder(study.key, version: job.version))
            return try retryLater(beforeClaim(study), reason: "publishing failed: \(error)", countsAsAttempt: false)
        }
        try fault?(.afterPublish, study.key)
        try store.finishProcessing(study.id, version: job.version, inputsHash: hash, warnings: warnings) {
            try self.fault?(.duringCommit, study.key)
        }
        DurableFiles.remove(jobFolder(study.key, version: job.version))
        retryLock.withLock { retryAt[study.id] = nil }
        log(IngestEvent(.info, "published", studyKey: study.key,
                        fields: ["version": "\(job.version)", "instances": "\(instances)", "job": study.jobID ?? "", "warnings": "\(warnings.count)"]))
    }

    /// The record as it was before ``StateStore/beginProcessing(_:version:inputsHash:)`` counted the attempt,
    /// which is what ``retryLater(_:reason:countsAsAttempt:)`` expects (a record read back from the store while
    /// the job ran already counts it).
    func beforeClaim(_ study: StateStore.StudyRecord) -> StateStore.StudyRecord {
        var before = study
        if study.state == .processing { before.attempts = max(0, study.attempts - 1) }
        return before
    }

    /// Removes job folders of versions no longer in flight (finished before a crash removed them).
    func removeStaleJobFolders(keeping inFlight: [StateStore.StudyRecord]) {
        jobFoldersCleaned = true
        let keep = Set(inFlight.map { "\($0.key)-v\($0.processingVersion!)" })
        for name in (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder)) ?? [] where !keep.contains(name) {
            DurableFiles.remove(jobsFolder + "/" + name)
        }
    }
}
