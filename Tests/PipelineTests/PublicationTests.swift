import Foundation
import Testing
import TestSupport
@testable import Pipeline

@Suite("Publication")
struct PublicationTests {
    /// A finished folder of 20 files, each naming its writer.
    func folder(_ root: URL, _ writer: String, round: Int) throws -> URL {
        let folder = root.appendingPathComponent(".radstation/tmp-\(writer)-\(round)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for n in 0..<20 { try Data(writer.utf8).write(to: folder.appendingPathComponent("\(n).txt")) }
        return folder
    }

    @Test("two publishers of one study at once (two cluster tasks finishing together): both succeed, one whole version stays")
    func concurrentPublishersOfOneStudy() throws {
        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let final = root.appendingPathComponent("st-0000000000000000"), scratch = root.appendingPathComponent(".radstation")
        for round in 0..<25 {
            let folders = [try folder(root, "a", round: round), try folder(root, "b", round: round)]
            let errors = ErrorBox()
            DispatchQueue.concurrentPerform(iterations: 2) { n in
                do { try Publication.publish(folders[n], as: final, scratch: scratch) } catch { errors.add(error) }
            }
            #expect(errors.all.isEmpty, "round \(round): \(errors.all)")
            let files = try FileManager.default.contentsOfDirectory(atPath: final.path)
            #expect(files.count == 20)
            let writers = Set(try files.map { try String(contentsOf: final.appendingPathComponent($0), encoding: .utf8) })
            #expect(writers.count == 1 && ["a", "b"].contains(writers.first!), "a mixture of versions: \(writers)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0 != "publish.lock" }
        #expect(left.isEmpty, "left in the scratch folder: \(left)")
    }
}

/// Errors collected from concurrent iterations.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func add(_ error: Error) { lock.withLock { errors.append(error) } }
    var all: [Error] { lock.withLock { errors } }
}
