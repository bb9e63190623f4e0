import EdgeDNS

/// What the resolver learnt from nameservers, per host name, until it expires on the injected clock.
///
/// Pure: the caller passes the time. Names match ASCII case-insensitively and with or without a trailing
/// dot. The TTL rules:
/// - a positive answer lives for the smallest TTL of the records used (the CNAME chain and the address
///   records of both families), clamped to `[minimumTTL, maximumTTL]`;
/// - a negative answer (NXDOMAIN, or NODATA for both A and AAAA) lives for min(SOA TTL, SOA MINIMUM)
///   of the SOA in its authority section (RFC 2308 §5), at most `maximumNegativeTTL`; without an SOA it
///   is not cached;
/// - failures (timeouts, SERVFAIL, REFUSED) are never cached.
///
/// At `capacity` entries, expired entries are dropped first; if that is not enough, the tenth of the
/// entries that expire soonest.
///
/// ```swift
/// var cache = ResolverCache()
/// let result = cache.record(host: "example.com", ipv4: .success(a), ipv6: .success(aaaa), now: clock.now())
/// cache.lookup("EXAMPLE.com.", now: clock.now())   // the same result until it expires
/// ```
public struct ResolverCache: Sendable {
    /// Bounds on what is cached and for how long (seconds).
    public struct Limits: Sendable, Hashable {
        /// The shortest a positive answer is kept, even with a smaller TTL.
        public var minimumTTL: Double
        /// The longest a positive answer is kept, even with a larger TTL.
        public var maximumTTL: Double
        /// The longest a negative answer is kept.
        public var maximumNegativeTTL: Double
        /// The most names kept.
        public var capacity: Int

        /// Creates limits; the defaults are 1 s, 3600 s, 300 s and 10,000 names.
        public init(
            minimumTTL: Double = 1, maximumTTL: Double = 3600, maximumNegativeTTL: Double = 300,
            capacity: Int = 10_000
        ) {
            self.minimumTTL = minimumTTL
            self.maximumTTL = maximumTTL
            self.maximumNegativeTTL = maximumNegativeTTL
            self.capacity = capacity
        }
    }

    private struct Entry: Sendable {
        var result: Result<ResolvedHost, ResolverError>
        var expires: Double
    }

    /// The limits in force.
    public let limits: Limits
    private var entries: [String: Entry] = [:]

    /// Creates an empty cache.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// How many names are held (expired ones included until they are looked up or evicted).
    public var count: Int { entries.count }

    /// The cached result for `host`, or nil if there is none or it has expired (then it is dropped).
    public mutating func lookup(_ host: String, now: Double) -> Result<ResolvedHost, ResolverError>? {
        let key = HostName.normalize(host)
        guard let entry = entries[key] else { return nil }
        guard now < entry.expires else {
            entries[key] = nil
            return nil
        }
        return entry.result
    }

    /// Combines the A and AAAA outcomes of one lookup into the result for the caller, and caches it
    /// under the TTL rules above.
    /// - Parameters:
    ///   - host: The name as asked (errors name it).
    ///   - ipv4: The outcome of the A query: an answer, or the error that ended its attempts.
    ///   - ipv6: The outcome of the AAAA query.
    ///   - now: The clock's current time.
    /// - Returns: the addresses (`source` `.nameserver`), or the error to fail the lookup with.
    public mutating func record(
        host: String, ipv4: Result<AddressAnswer, ResolverError>, ipv6: Result<AddressAnswer, ResolverError>,
        now: Double
    ) -> Result<ResolvedHost, ResolverError> {
        let (result, ttl) = Self.combine(host: host, ipv4, ipv6, limits: limits)
        if let ttl, ttl > 0 {
            store(
                result.map { ResolvedHost(ipv4: $0.ipv4, ipv6: $0.ipv6, expires: now + ttl, source: .nameserver) },
                for: host, expires: now + ttl, now: now)
        }
        return result.map { ResolvedHost(ipv4: $0.ipv4, ipv6: $0.ipv6, expires: now + (ttl ?? 0), source: .nameserver) }
    }

    /// Caches `result` for `host` until `expires`.
    public mutating func store(
        _ result: Result<ResolvedHost, ResolverError>, for host: String, expires: Double, now: Double
    ) {
        let key = HostName.normalize(host)
        if entries[key] == nil && entries.count >= max(limits.capacity, 1) { evict(now: now) }
        entries[key] = Entry(result: result, expires: expires)
    }

    /// Forgets `host`.
    public mutating func remove(_ host: String) {
        entries[HostName.normalize(host)] = nil
    }

    /// Forgets everything.
    public mutating func removeAll() {
        entries.removeAll()
    }

    private mutating func evict(now: Double) {
        entries = entries.filter { now < $0.value.expires }
        let capacity = max(limits.capacity, 1)
        guard entries.count >= capacity else { return }
        let doomed = entries.sorted { $0.value.expires < $1.value.expires }.prefix(max(capacity / 10, 1))
        for (key, _) in doomed { entries[key] = nil }
    }

    /// The result of a lookup and how long to cache it (nil: not at all), before clamping to `now`.
    static func combine(
        host: String, _ first: Result<AddressAnswer, ResolverError>, _ second: Result<AddressAnswer, ResolverError>,
        limits: Limits
    ) -> (Result<ResolvedHost, ResolverError>, Double?) {
        var ipv4: [IPv4Address] = []
        var ipv6: [IPv6Address] = []
        var positiveTTL: UInt32?
        var negativeTTL: UInt32?
        var nameError = false
        var failure: ResolverError?
        for outcome in [first, second] {
            switch outcome {
            case .success(.addresses(let v4, let v6, let ttl)):
                ipv4 += v4
                ipv6 += v6
                positiveTTL = min(positiveTTL ?? ttl, ttl)
            case .success(.noData(let ttl)):
                negativeTTL = ttl.map { min(negativeTTL ?? $0, $0) } ?? negativeTTL
            case .success(.nameError(let ttl)):
                nameError = true
                negativeTTL = ttl.map { min(negativeTTL ?? $0, $0) } ?? negativeTTL
            case .success(.failure(let rcode)):
                failure = failure ?? .serverFailure(host, rcode)
            case .success(.truncated):
                failure = failure ?? .serverFailure(host, .serverFailure)
            case .failure(let error):
                failure = failure ?? error
            }
        }
        if let positiveTTL, !(ipv4.isEmpty && ipv6.isEmpty) {
            let ttl = min(max(Double(positiveTTL), limits.minimumTTL), limits.maximumTTL)
            return (.success(ResolvedHost(ipv4: ipv4, ipv6: ipv6, expires: 0, source: .nameserver)), ttl)
        }
        let negative = negativeTTL.map { min(Double($0), limits.maximumNegativeTTL) }
        if nameError { return (.failure(.noSuchHost(host)), negative) }
        if let failure { return (.failure(failure), nil) }
        return (.failure(.noAddresses(host)), negative)
    }
}
