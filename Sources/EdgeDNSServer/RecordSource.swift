import EdgeDNS

/// Where the answer engine gets the records to serve at a node: the hook a routing-policy layer
/// (weighted, latency, geolocation, failover…) implements to choose among RRsets per query.
///
/// The engine owns the zone's structure (which names exist, delegations, wildcards, CNAME chains); a
/// record source only decides the contents of the RRset it is asked for. Returning an empty array
/// makes that type absent at the node for this query (NODATA, or the next step of the algorithm).
///
/// ```swift
/// struct OnlyFirstAddress: RecordSource {
///     func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone,
///                context: QueryContext) -> [ResourceRecord] {
///         Array(node.rrset(type).prefix(1))
///     }
/// }
/// let engine = AnswerEngine(records: OnlyFirstAddress())
/// ```
public protocol RecordSource: Sendable {
    /// The RRset of `type` to serve at `node` of `zone` for this query; empty for none. Owner names are
    /// rewritten by the engine (to the node's owner, or the query name for wildcard synthesis).
    func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext)
        -> [ResourceRecord]

    /// Whether the RRset of `type` at `node` can differ with the client's location (latency or
    /// geolocation routing, or an alias to such an RRset), so an answer holding it is only valid for the
    /// client's network (RFC 7871 scope). Asked only for queries with an EDNS Client Subnet option.
    /// The default, for sources that do not say, is true (the safe answer for caches).
    func isLocationDependent(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool

    /// Whether the RRset of `type` at `node` is the same for every query while this source and `zone`
    /// are unchanged (no policy, health state, randomness or client information involved), so a
    /// response built from it may be cached (`DNSPacketCache`). The default, for sources that do not
    /// say, is false.
    func isFixed(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool

    /// `rrset(at:type:in:context:)` and `isFixed(at:type:in:)` in one call (a source can then look
    /// its policies up once).
    func rrsetAndFixedness(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext)
        -> (records: [ResourceRecord], isFixed: Bool)
}

extension RecordSource {
    /// True: a source of unknown kind is assumed to choose by location.
    public func isLocationDependent(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool {
        true
    }

    /// False: a source of unknown kind may answer differently each time.
    public func isFixed(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool { false }

    /// The two calls, one after the other.
    public func rrsetAndFixedness(
        at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext
    ) -> (records: [ResourceRecord], isFixed: Bool) {
        (rrset(at: node, type: type, in: zone, context: context), isFixed(at: node, type: type, in: zone))
    }
}

/// The records exactly as the zone file has them.
public struct StaticRecordSource: RecordSource {
    /// Creates the source.
    public init() {}

    /// The node's RRset of `type` from the zone file.
    public func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext)
        -> [ResourceRecord]
    {
        node.rrset(type)
    }

    /// False: zone-file data is the same for every client.
    public func isLocationDependent(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool {
        false
    }

    /// True: zone-file data changes only with the zone.
    public func isFixed(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool { true }
}
