import Foundation
import NIOCore

extension StubResolver {
    /// What the resolver asks, how long it waits, and how long it keeps answers.
    public struct Configuration: Sendable {
        /// 127.0.0.1:53, the nameserver glibc uses when resolv.conf names none.
        public static let defaultNameserver = try! SocketAddress(ipAddress: "127.0.0.1", port: 53)

        /// The recursive nameservers, tried in order. Default: 127.0.0.1:53.
        public var nameservers: [SocketAddress]
        /// The hosts file consulted before the nameservers; nil for none. Default `/etc/hosts`.
        public var hostsFile: String?
        /// How long to wait for one nameserver's answer (UDP, or a TCP retry after TC). Default 2 s.
        public var timeout: TimeAmount
        /// Rounds over the nameservers before giving up. Default 2 (glibc's).
        public var attempts: Int
        /// The shortest a positive answer is cached, whatever its TTL. Default 1 s: with request
        /// collapsing, a TTL-0 name costs at most one lookup per second.
        public var minimumTTL: TimeAmount
        /// The longest a positive answer is cached, whatever its TTL. Default 3600 s.
        public var maximumTTL: TimeAmount
        /// The longest a negative answer (NXDOMAIN, NODATA) is cached. Default 300 s.
        public var maximumNegativeTTL: TimeAmount
        /// How long an address from the hosts file may be used. Default 60 s. The file has no TTLs; this
        /// bounds how long a caller may keep an address after the file changed (the resolver itself
        /// sees a change within `hostsCheckInterval`).
        public var hostsTTL: TimeAmount
        /// How often, at most, the hosts file is checked for a change. Default 2 s.
        public var hostsCheckInterval: TimeAmount
        /// The most names cached. Default 10,000.
        public var cacheCapacity: Int

        /// Creates a configuration; every parameter has the default documented on its property.
        public init(
            nameservers: [SocketAddress] = [Configuration.defaultNameserver], hostsFile: String? = "/etc/hosts",
            timeout: TimeAmount = .seconds(2), attempts: Int = 2, minimumTTL: TimeAmount = .seconds(1),
            maximumTTL: TimeAmount = .seconds(3600), maximumNegativeTTL: TimeAmount = .seconds(300),
            hostsTTL: TimeAmount = .seconds(60), hostsCheckInterval: TimeAmount = .seconds(2),
            cacheCapacity: Int = 10_000
        ) {
            self.nameservers = nameservers
            self.hostsFile = hostsFile
            self.timeout = timeout
            self.attempts = attempts
            self.minimumTTL = minimumTTL
            self.maximumTTL = maximumTTL
            self.maximumNegativeTTL = maximumNegativeTTL
            self.hostsTTL = hostsTTL
            self.hostsCheckInterval = hostsCheckInterval
            self.cacheCapacity = cacheCapacity
        }

        /// A configuration from parsed resolv.conf: its nameservers (port 53; 127.0.0.1:53 if it names
        /// none or none is usable), its `timeout` and `attempts` options if given, defaults otherwise.
        public init(resolvConf: ResolvConf, hostsFile: String? = "/etc/hosts") {
            self.init(hostsFile: hostsFile)
            let servers = resolvConf.nameservers.compactMap(Self.socketAddress)
            if !servers.isEmpty { nameservers = servers }
            if let seconds = resolvConf.timeout { timeout = .seconds(Int64(seconds)) }
            if let attempts = resolvConf.attempts { self.attempts = attempts }
        }

        /// The system's configuration: `/etc/resolv.conf` (a missing file counts as empty) and
        /// `/etc/hosts`.
        /// - Parameter resolvConfPath: Another resolv.conf to read (tests).
        public static func systemDefault(resolvConfPath: String = "/etc/resolv.conf") -> Configuration {
            let text = (try? String(contentsOfFile: resolvConfPath, encoding: .utf8)) ?? ""
            return Configuration(resolvConf: ResolvConf(parsing: text))
        }

        /// The cache bounds, in seconds.
        var cacheLimits: ResolverCache.Limits {
            ResolverCache.Limits(
                minimumTTL: Self.seconds(minimumTTL), maximumTTL: Self.seconds(maximumTTL),
                maximumNegativeTTL: Self.seconds(maximumNegativeTTL), capacity: cacheCapacity)
        }

        static func seconds(_ amount: TimeAmount) -> Double { Double(amount.nanoseconds) / 1e9 }

        /// Port 53 at `text` (an IPv6 zone such as `%eth0` is resolved to its interface index).
        static func socketAddress(_ text: String) -> SocketAddress? {
            if let address = try? SocketAddress(ipAddress: text, port: 53) { return address }
            guard text.contains("%") else { return nil }
            return try? SocketAddress.makeAddressResolvingHost(text, port: 53)
        }
    }

    /// Counters since the resolver was created (for metrics and tests).
    public struct Statistics: Sendable, Hashable {
        /// Answers served from the cache (positive or negative).
        public var cacheHits = 0
        /// Answers served from the hosts file.
        public var hostsFileHits = 0
        /// Lookups sent to the nameservers (each one an A and an AAAA question).
        public var lookups = 0
        /// Resolves that joined a lookup already in flight for the same name.
        public var collapsed = 0
        /// Queries sent over UDP.
        public var udpQueries = 0
        /// Queries sent over TCP (after a truncated UDP answer).
        public var tcpQueries = 0
        /// Exchanges that ended without an answer (timeout, or the server unreachable).
        public var timeouts = 0
        /// Packets dropped because they were malformed or did not match the query (ID, question).
        public var ignoredResponses = 0

        /// All zero.
        public init() {}
    }
}
