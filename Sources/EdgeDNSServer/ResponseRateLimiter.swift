import EdgeCore

/// Response rate limiting per client prefix (a simplified BIND RRL): one token bucket per IPv4 /24 or
/// IPv6 /56. Over the limit, responses are dropped, except that every `slip`-th one is sent truncated
/// (TC=1) so a real client behind a spoofed flood can still get through over TCP. Only UDP is limited.
///
/// Pure: time comes from the injected clock. Not thread-safe; each UDP listener owns one on its event
/// loop.
///
/// ```swift
/// var limiter = ResponseRateLimiter(settings: .init(responsesPerSecond: 10, burst: 20), clock: clock)
/// switch limiter.decide(for: .v4(IPv4Address("192.0.2.1")!)) { case .send: … case .slip: … case .drop: … }
/// ```
public struct ResponseRateLimiter: Sendable {
    /// What to do with one response.
    public enum Decision: Sendable, Hashable {
        /// Send it.
        case send
        /// Send it truncated (TC=1, no records).
        case slip
        /// Send nothing.
        case drop
    }

    /// The limiter's knobs.
    public struct Settings: Sendable, Hashable {
        /// Whether limiting is on at all.
        public var enabled: Bool
        /// Sustained responses per second per prefix.
        public var responsesPerSecond: Double
        /// Bucket size: responses a prefix may get in a burst.
        public var burst: Double
        /// Every `slip`-th limited response is sent truncated; 0 drops them all.
        public var slip: Int
        /// IPv4 prefix length responses are counted by.
        public var ipv4PrefixLength: Int
        /// IPv6 prefix length responses are counted by.
        public var ipv6PrefixLength: Int
        /// The most prefixes tracked at once (memory bound).
        public var maximumPrefixes: Int

        /// Creates settings; the defaults are generous (1000/s, burst 2000, slip 2, /24 and /56).
        public init(
            enabled: Bool = true, responsesPerSecond: Double = 1000, burst: Double = 2000, slip: Int = 2,
            ipv4PrefixLength: Int = 24, ipv6PrefixLength: Int = 56, maximumPrefixes: Int = 100_000
        ) {
            self.enabled = enabled
            self.responsesPerSecond = responsesPerSecond
            self.burst = burst
            self.slip = slip
            self.ipv4PrefixLength = ipv4PrefixLength
            self.ipv6PrefixLength = ipv6PrefixLength
            self.maximumPrefixes = maximumPrefixes
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
        var limited: Int
    }

    /// The settings in force.
    public let settings: Settings
    private let clock: any EdgeClock
    private var buckets: [[UInt8]: Bucket] = [:]

    /// Creates a limiter.
    public init(settings: Settings = Settings(), clock: any EdgeClock = SystemClock()) {
        self.settings = settings
        self.clock = clock
    }

    /// How many prefixes are being tracked.
    public var trackedPrefixes: Int { buckets.count }

    /// Decides the fate of one response to `client`, spending a token if it is sent.
    public mutating func decide(for client: ClientAddress) -> Decision {
        guard settings.enabled else { return .send }
        let now = clock.now()
        let key = prefix(of: client)
        var bucket = buckets[key] ?? admit(now: now)
        bucket.tokens = min(settings.burst, bucket.tokens + max(0, now - bucket.updated) * settings.responsesPerSecond)
        bucket.updated = now
        let decision: Decision
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            decision = .send
        } else {
            bucket.limited += 1
            decision = settings.slip > 0 && bucket.limited % settings.slip == 0 ? .slip : .drop
        }
        buckets[key] = bucket
        return decision
    }

    /// A fresh bucket, first making room: forget prefixes whose buckets have refilled, or everything if
    /// that frees less than a tenth of the table.
    private mutating func admit(now: Double) -> Bucket {
        if buckets.count >= settings.maximumPrefixes {
            let rate = settings.responsesPerSecond
            buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * rate < settings.burst }
            if buckets.count >= settings.maximumPrefixes * 9 / 10 { buckets.removeAll(keepingCapacity: true) }
        }
        return Bucket(tokens: settings.burst, updated: now, limited: 0)
    }

    /// The client's address masked to its prefix, tagged with the family.
    private func prefix(of client: ClientAddress) -> [UInt8] {
        let (family, bytes, bits): (UInt8, [UInt8], Int) =
            switch client {
            case .v4(let address): (4, address.bytes, settings.ipv4PrefixLength)
            case .v6(let address): (6, address.bytes, settings.ipv6PrefixLength)
            }
        var key: [UInt8] = [family]
        for (index, byte) in bytes.enumerated() {
            let keep = min(8, max(0, bits - index * 8))
            guard keep > 0 else { break }
            key.append(byte & UInt8(truncatingIfNeeded: 0xFF << (8 - keep)))
        }
        return key
    }
}
