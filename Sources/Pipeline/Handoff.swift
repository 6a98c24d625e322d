import Foundation

/// One value (or the error in its place) handed from one thread to another: set once, waited for or polled.
final class Handoff<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, Error>?

    /// Sets the value (or error) and wakes the waiters. - Precondition: not set before.
    func set(_ value: Result<Value, Error>) {
        condition.lock()
        precondition(result == nil, "a handoff is set once")
        result = value
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the value (or error) has been set.
    var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return result != nil
    }

    /// The value, waiting until it is set. - Throws: the error set in its place.
    func wait() throws -> Value {
        condition.lock()
        while result == nil { condition.wait() }
        let value = result!
        condition.unlock()
        return try value.get()
    }
}
