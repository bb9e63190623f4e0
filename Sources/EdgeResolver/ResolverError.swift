import EdgeDNS
import NIOCore

/// Why a host name could not be resolved.
///
/// Negative answers (`noSuchHost`, `noAddresses`) come from a nameserver and are cached for their
/// negative TTL; the others describe a failed exchange and are not cached.
public enum ResolverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The name does not exist (NXDOMAIN).
    case noSuchHost(String)
    /// The name exists but has no A or AAAA record (NODATA).
    case noAddresses(String)
    /// No nameserver answered within the timeout, in every attempt.
    case timedOut(String, [SocketAddress])
    /// The last nameserver that answered refused or failed (SERVFAIL, REFUSED, ...).
    case serverFailure(String, DNSResponseCode)
    /// The configuration names no nameserver.
    case noNameservers
    /// The host is not a valid name (empty, blanks, a label over 63 bytes, ...).
    case invalidName(String)

    /// A stable name without associated values, safe as a metrics label.
    public var shortDescription: String {
        switch self {
        case .noSuchHost: "no_such_host"
        case .noAddresses: "no_addresses"
        case .timedOut: "timed_out"
        case .serverFailure: "server_failure"
        case .noNameservers: "no_nameservers"
        case .invalidName: "invalid_name"
        }
    }

    /// Whether asking again later may succeed (the nameservers failed, rather than answered).
    public var isRetryable: Bool {
        switch self {
        case .timedOut, .serverFailure: true
        case .noSuchHost, .noAddresses, .noNameservers, .invalidName: false
        }
    }

    /// A sentence for logs and error pages.
    public var description: String {
        switch self {
        case .noSuchHost(let name): "\(name): no such host (NXDOMAIN)"
        case .noAddresses(let name): "\(name): the name has no A or AAAA records"
        case .timedOut(let name, let servers):
            "\(name): no answer from \(servers.map { "\($0)" }.joined(separator: ", "))"
        case .serverFailure(let name, let rcode): "\(name): the nameserver answered \(rcode)"
        case .noNameservers: "no nameserver is configured"
        case .invalidName(let name): "\"\(name)\" is not a valid host name"
        }
    }
}
