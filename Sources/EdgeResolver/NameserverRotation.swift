import EdgeDNS
import NIOCore

/// Which nameserver to ask next for one question, and the error once all have been tried.
///
/// As glibc: the nameservers in configuration order, `attempts` rounds over the list. A server that
/// times out, is unreachable, or answers SERVFAIL/REFUSED/NOTIMP/FORMERR makes the resolver move to
/// the next. Pure: the I/O owner calls `next()`, performs the exchange, and reports failures back.
///
/// ```swift
/// var rotation = NameserverRotation(nameservers: servers, attempts: 2)
/// while let server = rotation.next() { ... rotation.recordTimeout() ... }
/// throw rotation.exhaustedError(for: "example.com")
/// ```
public struct NameserverRotation: Sendable, Hashable {
    /// The nameservers, in the order they are tried.
    public let nameservers: [SocketAddress]
    /// Rounds over the list.
    public let attempts: Int
    /// Exchanges started so far.
    public private(set) var tries = 0
    /// The response code of the last server that answered with a failure, if any did.
    public private(set) var lastFailure: DNSResponseCode?

    /// Creates a rotation; `attempts` below 1 counts as 1.
    public init(nameservers: [SocketAddress], attempts: Int) {
        self.nameservers = nameservers
        self.attempts = max(attempts, 1)
    }

    /// The server to ask next, or nil when every attempt is used.
    public mutating func next() -> SocketAddress? {
        guard !nameservers.isEmpty, tries < nameservers.count * attempts else { return nil }
        defer { tries += 1 }
        return nameservers[tries % nameservers.count]
    }

    /// Notes that the last server answered with a failure code.
    public mutating func recordFailure(_ rcode: DNSResponseCode) {
        lastFailure = rcode
    }

    /// The error for the caller once `next()` returned nil: `serverFailure` with the last failure code
    /// if any server answered one, else `timedOut`; `noNameservers` if there are none.
    public func exhaustedError(for host: String) -> ResolverError {
        if nameservers.isEmpty { return .noNameservers }
        if let lastFailure { return .serverFailure(host, lastFailure) }
        return .timedOut(host, nameservers)
    }
}
