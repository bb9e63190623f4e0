import EdgeDNS

/// The transport a query arrived on.
public enum DNSTransport: Sendable, Hashable {
    /// UDP: responses are size-limited and may be truncated or rate-limited.
    case udp
    /// TCP: full responses, never rate-limited.
    case tcp
}

/// A client's IP address, as the answer engine and the rate limiter see it.
public enum ClientAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 client.
    case v4(IPv4Address)
    /// An IPv6 client.
    case v6(IPv6Address)

    /// The address in its usual text form.
    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }
}

/// What the engine (and a record source's policy) knows about who is asking and how.
public struct QueryContext: Sendable, Hashable {
    /// The transport the query came on.
    public var transport: DNSTransport
    /// The client's address, if known (nil in unit tests that do not care).
    public var client: ClientAddress?
    /// The EDNS Client Subnet the query carried, if any (for latency and geolocation policies).
    public var clientSubnet: ClientSubnet?
    /// The client's location when it is known directly rather than from an address: the edge resolving
    /// its own origins asks from its `node.region`. Takes precedence over `clientSubnet` and `client`.
    public var location: ClientNetworkLocation?

    /// Creates a context.
    public init(
        transport: DNSTransport, client: ClientAddress? = nil, clientSubnet: ClientSubnet? = nil,
        location: ClientNetworkLocation? = nil
    ) {
        self.transport = transport
        self.client = client
        self.clientSubnet = clientSubnet
        self.location = location
    }
}
