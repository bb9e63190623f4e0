/// The clock policy code reads: injected so tests can advance time by hand.
public protocol EdgeClock: Sendable {
    /// Seconds since the Unix epoch, with sub-second precision.
    func now() -> Double
}

/// The wall clock.
public struct SystemClock: EdgeClock {
    /// Creates the system clock.
    public init() {}
    /// Seconds since the Unix epoch.
    public func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
