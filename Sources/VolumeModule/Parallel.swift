import Dispatch

/// Wraps a value that is shared across threads under a discipline the compiler cannot check: read-only
/// buffers, or writes to disjoint indices inside ``parallelMap(_:_:)``. Keep its use local.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    public var value: Value
    /// Wraps a value.
    public init(_ value: Value) { self.value = value }
}

/// Runs `body(n)` for `n` in `0..<count` on all cores (`DispatchQueue.concurrentPerform`) and returns the
/// results in index order.
public func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let results = UnsafeMutablePointer<T>.allocate(capacity: count)
    defer { results.deinitialize(count: count); results.deallocate() }
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable((results, body))
        DispatchQueue.concurrentPerform(iterations: count) { n in
            (shared.value.0 + n).initialize(to: shared.value.1(n))
        }
    }
    return Array(UnsafeBufferPointer(start: results, count: count))
}
