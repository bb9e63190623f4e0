import EdgeDNS

/// The addresses a host name resolved to, and until when they may be used.
///
/// `expires` is on the injected `EdgeClock`'s scale (seconds since the epoch): the smallest TTL of the
/// answer, clamped to the resolver's bounds, added to the time of the answer.
public struct ResolvedHost: Sendable, Hashable {
    /// Where an answer came from.
    public enum Source: String, Sendable, Hashable {
        /// The host was an address literal.
        case literal
        /// The hosts file (`/etc/hosts`).
        case hostsFile
        /// A nameserver's answer.
        case nameserver
        /// The zones this edge serves itself (routing policies and health applied).
        case servedZone
    }

    /// IPv4 addresses, in answer order.
    public var ipv4: [IPv4Address]
    /// IPv6 addresses, in answer order.
    public var ipv6: [IPv6Address]
    /// When the answer stops being usable (clock seconds).
    public var expires: Double
    /// Where the answer came from.
    public var source: Source

    /// Creates a resolved host.
    public init(ipv4: [IPv4Address], ipv6: [IPv6Address] = [], expires: Double, source: Source) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.expires = expires
        self.source = source
    }

    /// Whether there is no address at all (a negative answer).
    public var isEmpty: Bool { ipv4.isEmpty && ipv6.isEmpty }
}
