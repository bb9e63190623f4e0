import EdgeDNS

/// The authoritative answer engine: turns a decoded query into a response (RFC 1034 §4.3.2, RFC 2308,
/// RFC 4592, RFC 8482, RFC 6891), as BIND 9 does for an authoritative-only server. Pure: no I/O, no
/// clock; truncation to the transport's size is the encoder's job (`ResponseEncoder`).
///
/// ```swift
/// let engine = AnswerEngine()
/// if let response = engine.answer(query: query, zones: zones, context: QueryContext(transport: .udp)) {
///     let bytes = ResponseEncoder.encode(response, query: query, transport: .udp)
/// }
/// ```
public struct AnswerEngine: Sendable {
    /// The UDP payload size advertised in our OPT record (the DNS Flag Day 2020 value).
    public static let advertisedUDPSize: UInt16 = 1232
    /// The most CNAMEs followed for one query before giving up with SERVFAIL (BIND 9's 11 restarts:
    /// an answer holds at most 12 CNAMEs).
    public static let maximumChainLength = 11

    /// Where RRsets come from (the zone data, or a routing-policy layer).
    public let records: any RecordSource

    /// Creates an engine.
    public init(records: any RecordSource = StaticRecordSource()) {
        self.records = records
    }

    /// Answers a query.
    /// - Returns: the response, or nil if the message must be dropped (it is itself a response).
    public func answer(query: DNSMessage, zones: AuthoritativeZoneSet, context: QueryContext) -> DNSMessage? {
        respond(to: query, zones: zones, context: context, tracksVariableData: false)?.response
    }

    /// Answers a query, and says whether the response may be cached: it is built only from fixed data
    /// (`RecordSource.isFixed`), so the same query bytes get the same response while `zones` is served.
    func cacheableAnswer(query: DNSMessage, zones: AuthoritativeZoneSet, context: QueryContext)
        -> (response: DNSMessage, cacheable: Bool)?
    {
        respond(to: query, zones: zones, context: context, tracksVariableData: true)
    }

    private func respond(
        to query: DNSMessage, zones: AuthoritativeZoneSet, context: QueryContext, tracksVariableData: Bool
    ) -> (response: DNSMessage, cacheable: Bool)? {
        guard !query.header.isResponse else { return nil }
        var response = DNSMessage(
            header: DNSHeader(
                id: query.header.id, isResponse: true, opcode: query.header.opcode,
                recursionDesired: query.header.recursionDesired, checkingDisabled: query.header.checkingDisabled))
        if let edns = query.edns {
            response.edns = EDNS(udpPayloadSize: Self.advertisedUDPSize, dnssecOK: edns.dnssecOK)
        }
        guard query.header.opcode == .query else {
            response.header.recursionDesired = false
            return (response.with(.notImplemented), true)
        }
        guard query.questions.count == 1, let question = query.questions.first else {
            return (response.with(.formatError), true)
        }
        response.questions = query.questions
        if let edns = query.edns, edns.version > 0 { return (response.with(.badVersion), true) }
        if let rcode = Self.refusal(of: question, transport: context.transport) { return (response.with(rcode), true) }
        guard var zone = zones.zone(for: question.name) else { return (response.with(.refused), true) }
        // RFC 4035 §3.1.4.1: DS belongs to the parent side of a cut; when both sides are served here,
        // the parent answers (as BIND does), even if it does not delegate to the child.
        if question.type == .ds, zone.origin == question.name, let parent = question.name.parent,
            let parentZone = zones.zone(for: parent)
        {
            zone = parentZone
        }
        var resolver = ZoneResolver(
            zones: zones, records: records, context: context, tracksClientLocation: query.edns?.clientSubnet != nil,
            tracksVariableData: tracksVariableData)
        resolver.resolve(name: question.name, type: question.type, zone: zone)
        // BIND answers minimally (no apex NS, no additional addresses) to UDP clients whose EDNS buffer
        // is 512 bytes or less; referral glue is still sent.
        let minimal = context.transport == .udp && (query.edns.map { $0.udpPayloadSize <= 512 } ?? false)
        if !query.header.recursionDesired, !minimal { resolver.addApexNameServers() }
        if question.type != .any, !minimal { resolver.addAdditional() }
        response.header.authoritative = resolver.authoritative
        response.header.rcode = resolver.rcode
        response.answers = resolver.answers
        response.authority = resolver.authority
        response.additional = resolver.additional
        if let subnet = query.edns?.clientSubnet {
            response.edns?.clientSubnet = Self.echo(subnet, dependsOnLocation: resolver.dependsOnClientLocation)
        }
        return (response, !resolver.usedVariableData)
    }

    /// The Client Subnet option of a response (RFC 7871 §7.2.1): family, source prefix and address as
    /// the query sent them; scope = the source prefix when the answer was chosen by the client's location
    /// (latency or geolocation routing looked at exactly those bits), else 0 (valid for every client).
    /// A source prefix of 0 (the client asked not to be located by subnet) always gets scope 0.
    public static func echo(_ subnet: ClientSubnet, dependsOnLocation: Bool) -> ClientSubnet {
        var echoed = subnet
        echoed.scopePrefixLength = dependsOnLocation ? subnet.sourcePrefixLength : 0
        return echoed
    }

    /// Answers a query with no client information.
    public func answer(query: DNSMessage, zones: AuthoritativeZoneSet, transport: DNSTransport) -> DNSMessage? {
        answer(query: query, zones: zones, context: QueryContext(transport: transport))
    }

    /// The FORMERR response to a message that did not decode but whose header did: header only, as
    /// BIND sends. Nil if the header says it is a response (never answer those).
    public static func formatError(for header: DNSHeader) -> DNSMessage? {
        guard !header.isResponse else { return nil }
        return DNSMessage(
            header: DNSHeader(
                id: header.id, isResponse: true, opcode: header.opcode,
                recursionDesired: header.recursionDesired, checkingDisabled: header.checkingDisabled,
                rcode: .formatError))
    }

    /// The error for questions BIND refuses before any zone lookup: meta-types, zone transfers, other
    /// classes.
    static func refusal(of question: DNSQuestion, transport: DNSTransport) -> DNSResponseCode? {
        switch question.type.rawValue {
        case RecordType.opt.rawValue: return .formatError
        case 251, RecordType.axfr.rawValue: return transport == .udp ? .formatError : .refused
        case 253, 254: return .notImplemented
        default: break
        }
        if question.questionClass == .any { return .formatError }
        return question.questionClass == .in ? nil : .refused
    }
}

extension DNSMessage {
    /// The message with `rcode` set.
    func with(_ rcode: DNSResponseCode) -> DNSMessage {
        var copy = self
        copy.header.rcode = rcode
        return copy
    }
}
