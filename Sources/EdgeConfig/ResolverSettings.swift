/// `resolver:`: how the edge resolves origin host names that are not in a zone it serves itself
/// (names in served zones are answered from the zone data and routing policies). Everything is
/// optional; the defaults come from `/etc/resolv.conf` and `/etc/hosts`. See docs/resolver.md.
public struct ResolverSettings: Sendable, Equatable {
    /// Nameservers as `host:port` (`[v6]:port`); empty means the ones in `/etc/resolv.conf`.
    public var nameservers: [String]
    /// The hosts file consulted first; nil means `/etc/hosts`, an empty string none.
    public var hostsFile: String?
    /// Per-attempt query timeout; nil means resolv.conf's `timeout` or 2 s.
    public var timeout: Duration?
    /// Rounds over the nameservers; nil means resolv.conf's `attempts` or 2.
    public var attempts: Int?
    /// The longest an answer is cached, whatever its TTL. Default 1 h.
    public var maximumTTL: Duration
    /// The longest a negative answer (no such name, no address) is cached. Default 5 min.
    public var maximumNegativeTTL: Duration

    /// Creates resolver settings.
    public init(
        nameservers: [String] = [], hostsFile: String? = nil, timeout: Duration? = nil, attempts: Int? = nil,
        maximumTTL: Duration = .seconds(3600), maximumNegativeTTL: Duration = .seconds(300)
    ) {
        self.nameservers = nameservers
        self.hostsFile = hostsFile
        self.timeout = timeout
        self.attempts = attempts
        self.maximumTTL = maximumTTL
        self.maximumNegativeTTL = maximumNegativeTTL
    }
}

extension ResolverSettings: Decodable {
    /// Decodes `resolver:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "resolver settings",
            allowed: ["nameservers", "hostsFile", "timeout", "attempts", "maximumTTL", "maximumNegativeTTL"])
        let defaults = ResolverSettings()
        self.init(
            nameservers: reader.strings("nameservers") ?? [],
            hostsFile: reader.string("hostsFile"),
            timeout: reader.duration("timeout"),
            attempts: reader.int("attempts"),
            maximumTTL: reader.duration("maximumTTL") ?? defaults.maximumTTL,
            maximumNegativeTTL: reader.duration("maximumNegativeTTL") ?? defaults.maximumNegativeTTL)
        try reader.finish()
    }
}
