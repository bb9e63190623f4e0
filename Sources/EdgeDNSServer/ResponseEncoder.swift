import EdgeDNS

/// Encodes responses for a transport: the UDP size limit, truncation, and the rate limiter's "slip".
///
/// Over UDP the limit is the client's EDNS UDP size clamped to 512…1232, or 512 without EDNS. When an
/// answer does not fit, TC is set and, for EDNS clients, only whole RRsets are kept (as BIND renders
/// them; RFC 2181 §9); clients without EDNS get as many records as fit, partial RRsets included (as
/// BIND does for them). Over TCP the limit is 65535.
public enum ResponseEncoder {
    /// The largest TCP message.
    public static let maximumTCPSize = 65535

    /// The size limit for the response to `query` over `transport`.
    public static func sizeLimit(for query: DNSMessage?, transport: DNSTransport) -> Int {
        guard transport == .udp else { return maximumTCPSize }
        guard let edns = query?.edns else { return 512 }
        return min(max(Int(edns.udpPayloadSize), 512), Int(AnswerEngine.advertisedUDPSize))
    }

    /// The wire form of `response` to `query` over `transport`, truncated (TC=1) if it does not fit.
    public static func encode(_ response: DNSMessage, query: DNSMessage?, transport: DNSTransport) -> [UInt8] {
        let limit = sizeLimit(for: query, transport: transport)
        let (bytes, truncated) = response.encode(maxSize: limit)
        guard truncated, query?.edns != nil || transport == .tcp else { return bytes }
        return wholeRRsets(of: response, limit: limit)
    }

    /// The "slipped" form of a rate-limited response: TC=1 and only the question (and OPT), telling a
    /// real client to retry over TCP (BIND's RRL `slip`).
    public static func slip(_ response: DNSMessage) -> DNSMessage {
        var slipped = response
        slipped.header.truncated = true
        slipped.answers = []
        slipped.authority = []
        slipped.additional = []
        return slipped
    }

    /// TC=1 and the longest run of whole answer (then authority) RRsets that fits in `limit`.
    static func wholeRRsets(of response: DNSMessage, limit: Int) -> [UInt8] {
        var kept = response
        kept.header.truncated = true
        kept.answers = []
        kept.authority = []
        kept.additional = []
        var best = kept.encode().bytes
        for answers in [true, false] {
            for group in rrsets(answers ? response.answers : response.authority) {
                var candidate = kept
                if answers { candidate.answers += group } else { candidate.authority += group }
                let bytes = candidate.encode().bytes
                guard bytes.count <= limit else { return best }
                kept = candidate
                best = bytes
            }
        }
        return best
    }

    /// Consecutive records with one owner and type, grouped.
    static func rrsets(_ records: [ResourceRecord]) -> [[ResourceRecord]] {
        var groups: [[ResourceRecord]] = []
        for record in records {
            if let last = groups.last?.last, last.type == record.type, last.owner.isIdentical(to: record.owner) {
                groups[groups.count - 1].append(record)
            } else {
                groups.append([record])
            }
        }
        return groups
    }
}
