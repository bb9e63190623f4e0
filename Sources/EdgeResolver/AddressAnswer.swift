import EdgeDNS

/// What a nameserver's response to an `AddressQuery` says, reduced to what the resolver needs.
///
/// The recursive server has already followed CNAMEs; `init(response:question:)` walks the chain in the
/// answer section from the question name and keeps only the A or AAAA records owned by its end, so
/// records about other names (unrelated or out of bailiwick) are never used.
public enum AddressAnswer: Sendable, Hashable {
    /// Addresses, with the smallest TTL of the CNAME chain and the address records (seconds).
    case addresses(ipv4: [IPv4Address], ipv6: [IPv6Address], ttl: UInt32)
    /// The name exists but has no record of the type asked (NODATA). `negativeTTL` is from the SOA in
    /// the authority section (RFC 2308 §5), nil if there is none (then the answer is not cached).
    case noData(negativeTTL: UInt32?)
    /// The name does not exist (NXDOMAIN), with the negative TTL as for `noData`.
    case nameError(negativeTTL: UInt32?)
    /// The server failed or refused (SERVFAIL, REFUSED, NOTIMP, FORMERR, ...): ask the next one.
    case failure(DNSResponseCode)
    /// TC was set: ask the same server again over TCP.
    case truncated

    /// The longest CNAME chain followed.
    public static let maximumChainLength = 16

    /// Interprets a response already checked with `AddressQuery.accepts(_:)`.
    public init(response: DNSMessage, question: DNSQuestion) {
        if response.header.truncated {
            self = .truncated
            return
        }
        switch response.header.rcode {
        case .noError:
            break
        case .nameError:
            self = .nameError(negativeTTL: Self.negativeTTL(response, name: question.name))
            return
        default:
            self = .failure(response.header.rcode)
            return
        }
        var name = question.name
        var ttl = UInt32.max
        var seen: Set<DNSName> = [name]
        for _ in 0..<Self.maximumChainLength {
            guard
                let alias = response.answers.first(where: {
                    $0.type == .cname && $0.recordClass == .in && $0.owner == name
                }), case .cname(let target) = alias.data, !seen.contains(target)
            else { break }
            ttl = min(ttl, Self.effectiveTTL(alias.ttl))
            name = target
            seen.insert(target)
        }
        var ipv4: [IPv4Address] = []
        var ipv6: [IPv6Address] = []
        for record in response.answers where record.recordClass == .in && record.owner == name {
            switch (record.data, question.type) {
            case (.a(let address), .a) where !ipv4.contains(address): ipv4.append(address)
            case (.aaaa(let address), .aaaa) where !ipv6.contains(address): ipv6.append(address)
            default: continue
            }
            ttl = min(ttl, Self.effectiveTTL(record.ttl))
        }
        if ipv4.isEmpty && ipv6.isEmpty {
            self = .noData(negativeTTL: Self.negativeTTL(response, name: name))
        } else {
            self = .addresses(ipv4: ipv4, ipv6: ipv6, ttl: ttl)
        }
    }

    /// A TTL with the top bit set counts as zero (RFC 2181 §8).
    static func effectiveTTL(_ ttl: UInt32) -> UInt32 { ttl > UInt32(Int32.max) ? 0 : ttl }

    /// min(SOA TTL, SOA MINIMUM) of an SOA in the authority section at or above `name` (RFC 2308 §5).
    static func negativeTTL(_ response: DNSMessage, name: DNSName) -> UInt32? {
        for record in response.authority where record.type == .soa && name.isSubdomain(of: record.owner) {
            if case .soa(let soa) = record.data { return min(effectiveTTL(record.ttl), effectiveTTL(soa.minimum)) }
        }
        return nil
    }
}
