import EdgeDNS

/// The edge's own address lookup in the zones it serves: the same answer engine, routing policies and
/// health states that DNS clients get, asked from the node's own location (latency and geolocation
/// records pick the node's region), with no packet and no system resolver. Pure.
///
/// ```swift
/// let lookup = ServedZoneLookup(zones: zones, engine: AnswerEngine(records: policySource),
///                               location: ClientNetworkLocation(region: "eu-west-1"))
/// switch lookup.addresses(of: try DNSName("api.example.test")) { ... }
/// ```
public struct ServedZoneLookup: Sendable {
    /// The result of a lookup.
    public enum Answer: Sendable, Hashable {
        /// Addresses, with the smallest TTL of the records that led to them.
        case addresses(ipv4: [IPv4Address], ipv6: [IPv6Address], ttl: UInt32)
        /// The chain leaves the served zones at `target` (resolve it elsewhere); `ttl` of the CNAMEs.
        case outside(target: DNSName, ttl: UInt32)
        /// The name does not exist (NXDOMAIN), or has no address records; `ttl` is the negative TTL.
        case none(ttl: UInt32)
        /// The zone delegates the name elsewhere, or the answer failed (SERVFAIL, a CNAME loop).
        case unusable(String)
    }

    /// The zones served.
    public let zones: AuthoritativeZoneSet
    /// The engine answering (with the routing-policy record source).
    public let engine: AnswerEngine
    /// Where the edge node is, for latency and geolocation policies.
    public let location: ClientNetworkLocation?

    /// Creates a lookup.
    public init(zones: AuthoritativeZoneSet, engine: AnswerEngine, location: ClientNetworkLocation?) {
        self.zones = zones
        self.engine = engine
        self.location = location
    }

    /// Whether `name` is inside a served zone (so it must be answered here).
    public func serves(_ name: DNSName) -> Bool { zones.zone(for: name) != nil }

    /// The A and AAAA records of `name`; nil when no served zone contains it.
    public func addresses(of name: DNSName) -> Answer? {
        guard serves(name) else { return nil }
        let v4 = query(name, type: .a)
        let v6 = query(name, type: .aaaa)
        let ipv4 = v4.records.compactMap { record -> IPv4Address? in
            if case .a(let address) = record.data { return address }
            return nil
        }
        let ipv6 = v6.records.compactMap { record -> IPv6Address? in
            if case .aaaa(let address) = record.data { return address }
            return nil
        }
        if !ipv4.isEmpty || !ipv6.isEmpty {
            let ttls = (ipv4.isEmpty ? [] : [v4.ttl]) + (ipv6.isEmpty ? [] : [v6.ttl])
            return .addresses(ipv4: ipv4, ipv6: ipv6, ttl: ttls.min() ?? 0)
        }
        if let target = v4.outside ?? v6.outside { return .outside(target: target, ttl: v4.ttl) }
        if let problem = v4.problem ?? v6.problem { return .unusable(problem) }
        return .none(ttl: min(v4.ttl, v6.ttl))
    }

    private struct Result {
        var records: [ResourceRecord] = []
        var ttl: UInt32 = .max
        var outside: DNSName?
        var problem: String?
    }

    private func query(_ name: DNSName, type: RecordType) -> Result {
        let message = DNSMessage(header: DNSHeader(id: 0), questions: [DNSQuestion(name: name, type: type)])
        let context = QueryContext(transport: .tcp, location: location)
        var result = Result()
        guard let response = engine.answer(query: message, zones: zones, context: context) else {
            result.problem = "no answer"
            return result
        }
        switch response.header.rcode {
        case .noError, .nameError: break
        default:
            result.problem = "the zone answered rcode \(response.header.rcode.rawValue)"
            return result
        }
        if !response.header.authoritative {
            result.problem = "\(name) is delegated to other nameservers"
            return result
        }
        // Follow the CNAME chain from the question through the answer section.
        var current = name
        var seen: Set<DNSName> = [name]
        while true {
            let owned = response.answers.filter { $0.owner == current }
            if let cname = owned.first(where: { $0.type == .cname }), case .cname(let target) = cname.data {
                result.ttl = min(result.ttl, cname.ttl)
                guard seen.insert(target).inserted else {
                    result.problem = "CNAME loop at \(target)"
                    return result
                }
                current = target
                continue
            }
            let matching = owned.filter { $0.type == type }
            result.records = matching
            for record in matching { result.ttl = min(result.ttl, record.ttl) }
            if matching.isEmpty {
                if current != name, zones.zone(for: current) == nil {
                    result.outside = current
                } else if let soa = response.authority.first(where: { $0.type == .soa }) {
                    result.ttl = min(result.ttl, soa.ttl)
                }
            }
            return result
        }
    }
}
