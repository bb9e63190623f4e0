/// How Route 53 chooses the answer among the records of one name and type.
public enum RoutingPolicy: String, Sendable, Hashable, CustomStringConvertible {
    /// One record, always served (the zone-file behaviour; health checks do not apply).
    case simple
    /// One record chosen at random in proportion to its weight.
    case weighted
    /// The PRIMARY record while it is healthy, else the SECONDARY.
    case failover
    /// The record of the region closest to the client.
    case latency
    /// The record of the client's subdivision, country, continent or the default (`*`).
    case geolocation
    /// Up to eight healthy records, in random order.
    case multivalue

    /// The policy's name as in messages (`weighted`).
    public var description: String { rawValue }
}
