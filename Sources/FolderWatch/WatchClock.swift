#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic clock in seconds. Quiet periods are measured on it, never on file modification times or
/// the wall clock, which jump (NTP, `cp -p`). Tests inject ``ManualClock``.
public protocol WatchClock: Sendable {
    /// Seconds since an arbitrary fixed point; never decreases.
    func now() -> Double
}

/// `CLOCK_MONOTONIC` (POSIX `clock_gettime`).
public struct MonotonicClock: WatchClock {
    /// Creates the system monotonic clock.
    public init() {}

    public func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// A clock that moves only when told to: deterministic tests of settle rules without sleeping.
public final class ManualClock: WatchClock, @unchecked Sendable {
    private var seconds: Double
    private let lock = Mutex()

    /// Starts at `start` seconds.
    public init(start: Double = 0) { seconds = start }

    public func now() -> Double { lock.locked { seconds } }

    /// Moves the clock forward by `delta` seconds. - Precondition: `delta ≥ 0`.
    public func advance(by delta: Double) {
        precondition(delta >= 0, "a monotonic clock cannot go back")
        lock.locked { seconds += delta }
    }
}

/// A small pthread mutex (Foundation-free).
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
