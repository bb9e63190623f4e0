import EdgeCore
import EdgeDNS
import EdgeDNSServer
import EdgeOrigin
import EdgeResolver
import NIOConcurrencyHelpers
import NIOCore

/// Resolves names that are not in the served zones (the stub resolver, in production).
protocol SystemHostResolver: Sendable {
    /// The addresses of `host`, failing when it has none.
    func resolve(_ host: String, on eventLoop: any EventLoop) -> EventLoopFuture<ResolvedHost>
}

/// The edge's own resolver for origin host names: names inside the zones this node serves are answered
/// from the zone data through the same routing policies and health checks as DNS clients (asked from
/// the node's region), with no packet; other names go to the system resolver (nameservers from
/// resolv.conf, TTL-cached). Answers are cached until their TTL runs out; a health-state change or a
/// reload clears the cache, so a failover record flips the origin choice on the next request.
final class EdgeOriginResolver: OriginAddressResolver {
    private struct Key: Hashable {
        var host: String
        var port: Int
    }

    private struct Entry {
        var addresses: [SocketAddress]
        var expires: Double
    }

    /// The longest a served-zone answer is cached (its TTL may be longer; health changes clear it anyway).
    static let servedZoneMaximumTTL: Double = 60

    private let system: NIOLockedValueBox<any SystemHostResolver>
    private let clock: any EdgeClock
    private let lookup = NIOLockedValueBox<ServedZoneLookup?>(nil)
    private let cache = NIOLockedValueBox<[Key: Entry]>([:])

    init(system: any SystemHostResolver, clock: any EdgeClock) {
        self.system = NIOLockedValueBox(system)
        self.clock = clock
    }

    /// Installs the served zones of a new configuration (nil: none) and, on a reload, a new system
    /// resolver (new `resolver:` settings, resolv.conf read again), and forgets cached answers.
    func update(_ lookup: ServedZoneLookup?, system: (any SystemHostResolver)? = nil) {
        self.lookup.withLockedValue { $0 = lookup }
        if let system { self.system.withLockedValue { $0 = system } }
        invalidate()
    }

    /// Forgets every cached answer (a health check changed status).
    func invalidate() {
        cache.withLockedValue { $0.removeAll(keepingCapacity: true) }
    }

    func cachedAddresses(forHost host: String, port: Int) -> [SocketAddress]? {
        let key = Key(host: host, port: port)
        guard let entry = cache.withLockedValue({ $0[key] }), entry.expires > clock.now() else { return nil }
        return entry.addresses
    }

    func addresses(forHost host: String, port: Int, on eventLoop: any EventLoop) -> EventLoopFuture<[SocketAddress]> {
        let key = Key(host: host, port: port)
        let now = clock.now()
        if let entry = cache.withLockedValue({ $0[key] }), entry.expires > now {
            return eventLoop.makeSucceededFuture(entry.addresses)
        }
        if let name = try? DNSName(host.hasSuffix(".") ? host : host + "."), let zones = lookup.withLockedValue({ $0 }),
            let answer = zones.addresses(of: name)
        {
            switch answer {
            case .addresses(let ipv4, let ipv6, let ttl):
                let addresses = Self.socketAddresses(ipv4: ipv4, ipv6: ipv6, port: port)
                store(addresses, key: key, expires: now + min(Double(ttl), Self.servedZoneMaximumTTL))
                return eventLoop.makeSucceededFuture(addresses)
            case .outside(let target, _):
                return resolveElsewhere(target.description, key: key, on: eventLoop)
            case .none:
                return eventLoop.makeFailedFuture(
                    EdgeError(
                        .dnsFailure, source: .upstream, retryable: true,
                        context: "\(host) has no A or AAAA record in the served zone"))
            case .unusable(let reason):
                return eventLoop.makeFailedFuture(
                    EdgeError(.dnsFailure, source: .upstream, retryable: true, context: "\(host): \(reason)"))
            }
        }
        return resolveElsewhere(host, key: key, on: eventLoop)
    }

    private func resolveElsewhere(_ host: String, key: Key, on eventLoop: any EventLoop) -> EventLoopFuture<
        [SocketAddress]
    > {
        let target = host.hasSuffix(".") ? String(host.dropLast()) : host
        return system.withLockedValue { $0 }.resolve(target, on: eventLoop).flatMapThrowing { resolved in
            let addresses = Self.socketAddresses(ipv4: resolved.ipv4, ipv6: resolved.ipv6, port: key.port)
            guard !addresses.isEmpty else {
                throw EdgeError(.dnsFailure, source: .upstream, retryable: true, context: "\(host) has no address")
            }
            self.store(addresses, key: key, expires: resolved.expires)
            return addresses
        }.flatMapErrorThrowing { error in
            if error is EdgeError { throw error }
            throw EdgeError(
                .dnsFailure, source: .upstream, retryable: true, context: "cannot resolve \(host): \(error)")
        }
    }

    private func store(_ addresses: [SocketAddress], key: Key, expires: Double) {
        cache.withLockedValue { cache in
            if cache.count >= 10_000 { cache.removeAll(keepingCapacity: true) }
            cache[key] = Entry(addresses: addresses, expires: expires)
        }
    }

    /// IPv4 first (loopback test setups and most origins), then IPv6.
    static func socketAddresses(ipv4: [IPv4Address], ipv6: [IPv6Address], port: Int) -> [SocketAddress] {
        ipv4.compactMap { try? SocketAddress(ipAddress: $0.description, port: port) }
            + ipv6.compactMap { try? SocketAddress(ipAddress: $0.description, port: port) }
    }
}
