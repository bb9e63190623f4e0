/// `dns.responseRateLimit:`: response rate limiting of UDP answers, BIND's `rate-limit` in spirit. On by
/// default with generous limits, because an open authoritative server is a reflection amplifier.
public struct ResponseRateLimitConfig: Sendable, Equatable {
    /// Whether limiting is on. Default true.
    public var enabled: Bool
    /// Sustained responses per second per client prefix. Default 1000.
    public var responsesPerSecond: Int
    /// Responses a prefix may get in a burst. Default 2000.
    public var burst: Int
    /// Every `slip`-th limited response is sent truncated (TC=1) so real clients retry over TCP; 0 drops
    /// them all. Default 2.
    public var slip: Int
    /// IPv4 prefix length clients are counted by. Default 24.
    public var ipv4PrefixLength: Int
    /// IPv6 prefix length clients are counted by. Default 56.
    public var ipv6PrefixLength: Int
    /// Whether loopback clients (127.0.0.0/8, ::1) are never limited: local resolvers, health checks and
    /// benchmarks on the same machine (BIND's `exempt-clients`). Default true.
    public var exemptLoopback: Bool

    /// Creates settings with the documented defaults.
    public init(
        enabled: Bool = true, responsesPerSecond: Int = 1000, burst: Int = 2000, slip: Int = 2,
        ipv4PrefixLength: Int = 24, ipv6PrefixLength: Int = 56, exemptLoopback: Bool = true
    ) {
        self.enabled = enabled
        self.responsesPerSecond = responsesPerSecond
        self.burst = burst
        self.slip = slip
        self.ipv4PrefixLength = ipv4PrefixLength
        self.ipv6PrefixLength = ipv6PrefixLength
        self.exemptLoopback = exemptLoopback
    }
}

extension ResponseRateLimitConfig: Decodable {
    /// Decodes `dns.responseRateLimit:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "response rate-limit settings",
            allowed: [
                "enabled", "responsesPerSecond", "burst", "slip", "ipv4PrefixLength", "ipv6PrefixLength",
                "exemptLoopback",
            ])
        let defaults = ResponseRateLimitConfig()
        self.init(
            enabled: reader.bool("enabled") ?? defaults.enabled,
            responsesPerSecond: reader.int("responsesPerSecond") ?? defaults.responsesPerSecond,
            burst: reader.int("burst") ?? defaults.burst,
            slip: reader.int("slip") ?? defaults.slip,
            ipv4PrefixLength: reader.int("ipv4PrefixLength") ?? defaults.ipv4PrefixLength,
            ipv6PrefixLength: reader.int("ipv6PrefixLength") ?? defaults.ipv6PrefixLength,
            exemptLoopback: reader.bool("exemptLoopback") ?? defaults.exemptLoopback)
        try reader.finish()
    }

    /// Range checks, reported under `dns.responseRateLimit`.
    func validate(_ report: inout ValidationReport) {
        let path = "dns.responseRateLimit"
        if responsesPerSecond < 1 { report.error("\(path).responsesPerSecond", "must be at least 1") }
        if burst < 1 { report.error("\(path).burst", "must be at least 1") }
        if !(0...10).contains(slip) { report.error("\(path).slip", "must be 0–10") }
        if !(8...32).contains(ipv4PrefixLength) { report.error("\(path).ipv4PrefixLength", "must be 8–32") }
        if !(16...128).contains(ipv6PrefixLength) { report.error("\(path).ipv6PrefixLength", "must be 16–128") }
    }
}
