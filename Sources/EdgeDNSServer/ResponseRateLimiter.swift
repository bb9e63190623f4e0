import EdgeConfig
import EdgeCore
import EdgeDNS

/// Response rate limiting per client prefix (a simplified BIND RRL): one token bucket per IPv4 /24 or
/// IPv6 /56. Over the limit, responses are dropped, except that every `slip`-th one is sent truncated
/// (TC=1) so a real client behind a spoofed flood can still get through over TCP. Only UDP is limited.
///
/// Loopback clients can be exempt (`Settings.exemptsLoopback`, on in `Settings.serverDefault`, which
/// `DNSServer` uses): a packet with a loopback source cannot arrive from the network (the kernel drops
/// it as martian), and a resolver, load balancer or benchmark on the same host would otherwise share one
/// bucket (BIND's `exempt-clients`).
///
/// Pure: time comes from the injected clock. Not thread-safe; each UDP listener owns one on its event
/// loop. No allocation per response: buckets are keyed by the masked address as two integers.
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
        /// Whether loopback clients (127.0.0.0/8, `::1`, `::ffff:127.0.0.0/104`) are never limited.
        public var exemptsLoopback: Bool

        /// Creates settings; the defaults are generous (1000/s, burst 2000, slip 2, /24 and /56) and
        /// limit every client, loopback included.
        public init(
            enabled: Bool = true, responsesPerSecond: Double = 1000, burst: Double = 2000, slip: Int = 2,
            ipv4PrefixLength: Int = 24, ipv6PrefixLength: Int = 56, maximumPrefixes: Int = 100_000,
            exemptsLoopback: Bool = false
        ) {
            self.enabled = enabled
            self.responsesPerSecond = responsesPerSecond
            self.burst = burst
            self.slip = slip
            self.ipv4PrefixLength = ipv4PrefixLength
            self.ipv6PrefixLength = ipv6PrefixLength
            self.maximumPrefixes = maximumPrefixes
            self.exemptsLoopback = exemptsLoopback
        }

        /// What `DNSServer` uses unless told otherwise: the defaults, with loopback clients exempt.
        public static let serverDefault = Settings(exemptsLoopback: true)

        /// The settings `dns.responseRateLimit` asks for.
        public init(_ config: ResponseRateLimitConfig) {
            self.init(
                enabled: config.enabled, responsesPerSecond: Double(config.responsesPerSecond),
                burst: Double(config.burst), slip: config.slip, ipv4PrefixLength: config.ipv4PrefixLength,
                ipv6PrefixLength: config.ipv6PrefixLength, exemptsLoopback: config.exemptLoopback)
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
        var limited: Int
    }

    /// A client prefix: the masked address in two 64-bit halves (IPv4 in `high`), tagged with the family.
    private struct PrefixKey: Hashable {
        var family: UInt8
        var high: UInt64
        var low: UInt64
    }

    /// The settings in force.
    public let settings: Settings
    private let clock: any EdgeClock
    private var buckets: [PrefixKey: Bucket] = [:]

    /// Creates a limiter.
    public init(settings: Settings = Settings(), clock: any EdgeClock = SystemClock()) {
        self.settings = settings
        self.clock = clock
    }

    /// How many prefixes are being tracked.
    public var trackedPrefixes: Int { buckets.count }

    /// Decides the fate of one response to `client`, spending a token if it is sent.
    public mutating func decide(for client: ClientAddress) -> Decision {
        guard settings.enabled, !(settings.exemptsLoopback && Self.isLoopback(client)) else { return .send }
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
    private func prefix(of client: ClientAddress) -> PrefixKey {
        switch client {
        case .v4(let address):
            let bits = min(max(settings.ipv4PrefixLength, 0), 32)
            let mask: UInt32 = bits == 0 ? 0 : UInt32.max << (32 - bits)
            return PrefixKey(family: 4, high: UInt64(address.value & mask), low: 0)
        case .v6(let address):
            let (high, low) = Self.halves(address)
            let bits = min(max(settings.ipv6PrefixLength, 0), 128)
            let highMask: UInt64 = bits >= 64 ? .max : bits == 0 ? 0 : UInt64.max << (64 - bits)
            let lowMask: UInt64 = bits <= 64 ? 0 : bits == 128 ? .max : UInt64.max << (128 - bits)
            return PrefixKey(family: 6, high: high & highMask, low: low & lowMask)
        }
    }

    /// An IPv6 address as two big-endian 64-bit halves.
    private static func halves(_ address: IPv6Address) -> (UInt64, UInt64) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in address.bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        return (high, low)
    }

    /// Whether the client is on loopback: 127.0.0.0/8, `::1` or `::ffff:127.0.0.0/104`.
    private static func isLoopback(_ client: ClientAddress) -> Bool {
        switch client {
        case .v4(let address):
            return address.value >> 24 == 127
        case .v6(let address):
            let (high, low) = halves(address)
            return high == 0 && (low == 1 || low >> 24 == 0xFFFF_7F)
        }
    }
}
