/// The whole `edge.yaml`, as typed values. Field names follow the configuration contract in
/// docs/configuration.md (AWS API names in lowerCamelCase). Decoding lives in `+Decoding` files,
/// semantic checks in `EdgeConfiguration+Validation.swift`.
public struct EdgeConfiguration: Sendable, Equatable {
    /// Identity and local state of this node.
    public var node: NodeSettings
    /// Sockets this node listens on.
    public var listeners: [ListenerConfig]
    /// TLS certificates, chosen per connection by SNI.
    public var certificates: [CertificateConfig]
    /// Authoritative DNS: listeners, zones and client networks.
    public var dns: DNSSettings?
    /// Route 53 style health checks, named by routing-policy records.
    public var healthChecks: [HealthCheckConfig]
    /// How origin host names outside the served zones are resolved.
    public var resolver: ResolverSettings
    /// Origins that behaviors send requests to.
    public var origins: [OriginConfig]
    /// Failover groups of origins.
    public var originGroups: [OriginGroupConfig]
    /// Distributions: host names mapped to ordered cache behaviors.
    public var distributions: [DistributionConfig]
    /// Request-size limits applied before routing.
    public var limits: LimitsConfig
    /// Access-log settings.
    public var accessLog: AccessLogConfig

    /// Creates a configuration.
    public init(
        node: NodeSettings = .init(), listeners: [ListenerConfig] = [], certificates: [CertificateConfig] = [],
        dns: DNSSettings? = nil, healthChecks: [HealthCheckConfig] = [], resolver: ResolverSettings = .init(),
        origins: [OriginConfig] = [], originGroups: [OriginGroupConfig] = [],
        distributions: [DistributionConfig] = [], limits: LimitsConfig = .init(), accessLog: AccessLogConfig = .init()
    ) {
        self.node = node
        self.listeners = listeners
        self.certificates = certificates
        self.dns = dns
        self.healthChecks = healthChecks
        self.resolver = resolver
        self.origins = origins
        self.originGroups = originGroups
        self.distributions = distributions
        self.limits = limits
        self.accessLog = accessLog
    }
}

/// `node:` identity and local state.
public struct NodeSettings: Sendable, Equatable {
    /// Node name, shown in `Via` and logs. Default `edge-local`.
    public var name: String
    /// Region this node is in. Default `local`.
    public var region: String
    /// Directory for local state (the local CA, caches); relative paths are relative to the config file.
    /// Default `.edge-state`.
    public var stateDirectory: String
    /// How long SIGTERM waits for in-flight requests before exiting. Default 10 s.
    public var drainTimeout: Duration

    /// Creates node settings.
    public init(
        name: String = "edge-local", region: String = "local", stateDirectory: String = ".edge-state",
        drainTimeout: Duration = .seconds(10)
    ) {
        self.name = name
        self.region = region
        self.stateDirectory = stateDirectory
        self.drainTimeout = drainTimeout
    }
}

/// The protocol a listener speaks.
public enum ListenerProtocol: String, Sendable, Equatable, CaseIterable {
    /// Plain HTTP/1.1.
    case http
    /// TLS with ALPN `h2` and `http/1.1`.
    case https
    /// The admin API (purge, reload, status).
    case admin
}

/// A TLS protocol version floor.
public enum TLSProtocolVersion: String, Sendable, Equatable, CaseIterable {
    /// TLS 1.2 and newer.
    case tlsV1_2 = "TLSv1.2"
    /// TLS 1.3 only.
    case tlsV1_3 = "TLSv1.3"
}

/// One entry of `listeners:`.
public struct ListenerConfig: Sendable, Equatable {
    /// Unique listener name.
    public var name: String
    /// `host:port` to bind, e.g. `127.0.0.1:8080` or `[::1]:8443`.
    public var address: String
    /// What the listener speaks.
    public var `protocol`: ListenerProtocol
    /// Lowest TLS version accepted (https only). Default `TLSv1.2`.
    public var minimumProtocolVersion: TLSProtocolVersion
    /// Offer HTTP/2 by ALPN (https only). Default true.
    public var http2: Bool
    /// File holding the bearer token of the admin API (admin only).
    public var tokenFile: String?

    /// Creates a listener.
    public init(
        name: String, address: String, protocol: ListenerProtocol,
        minimumProtocolVersion: TLSProtocolVersion = .tlsV1_2, http2: Bool = true, tokenFile: String? = nil
    ) {
        self.name = name
        self.address = address
        self.protocol = `protocol`
        self.minimumProtocolVersion = minimumProtocolVersion
        self.http2 = http2
        self.tokenFile = tokenFile
    }
}

/// One entry of `certificates:`.
public struct CertificateConfig: Sendable, Equatable {
    /// Names this certificate serves: exact (`example.test`) or one-label wildcards (`*.example.test`).
    public var domains: [String]
    /// PEM certificate chain file (leaf first). Required unless `selfSigned`.
    public var certificateFile: String?
    /// PEM private key file. Required unless `selfSigned`.
    public var privateKeyFile: String?
    /// Issue a certificate for `domains` from the local CA in `stateDirectory`. Default false.
    public var selfSigned: Bool
    /// Serve this certificate when SNI matches no other (YAML key `default`). Default false.
    public var isDefault: Bool

    /// Creates a certificate entry.
    public init(
        domains: [String], certificateFile: String? = nil, privateKeyFile: String? = nil, selfSigned: Bool = false,
        isDefault: Bool = false
    ) {
        self.domains = domains
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.selfSigned = selfSigned
        self.isDefault = isDefault
    }
}

/// `dns:`: the authoritative server's listeners, zones and client networks.
public struct DNSSettings: Sendable, Equatable {
    /// `host:port` pairs to serve DNS on (UDP and TCP).
    public var listeners: [String]
    /// Zones served.
    public var zones: [ZoneRef]
    /// Client networks (CIDR → region / country / continent) for latency and geolocation routing.
    public var clientNetworks: [ClientNetworkConfig]
    /// Latency routing's region distances: client region → record regions, nearest first.
    public var latencyRegions: [String: [String]]
    /// Response rate limiting of UDP answers.
    public var responseRateLimit: ResponseRateLimitConfig
    /// Bytes of cached UDP responses per UDP listener (the packet cache; 0 turns it off). nil: the
    /// `EDGE_DNS_PACKET_CACHE_BYTES` environment variable, else 8 MiB.
    public var packetCacheBytes: Int?

    /// Creates DNS settings.
    public init(
        listeners: [String] = [], zones: [ZoneRef] = [], clientNetworks: [ClientNetworkConfig] = [],
        latencyRegions: [String: [String]] = [:], responseRateLimit: ResponseRateLimitConfig = .init(),
        packetCacheBytes: Int? = nil
    ) {
        self.packetCacheBytes = packetCacheBytes
        self.listeners = listeners
        self.zones = zones
        self.clientNetworks = clientNetworks
        self.latencyRegions = latencyRegions
        self.responseRateLimit = responseRateLimit
    }

    /// One zone file and its optional routing-policy file.
    public struct ZoneRef: Sendable, Equatable {
        /// BIND master file, relative to the config file.
        public var file: String
        /// Route-53-like policies YAML, relative to the config file.
        public var policies: String?

        /// Creates a zone reference.
        public init(file: String, policies: String? = nil) {
            self.file = file
            self.policies = policies
        }
    }
}

/// One entry of `dns.clientNetworks:`: where clients in a network are, for Route 53 latency and
/// geolocation routing (the client's address, or its EDNS Client Subnet).
public struct ClientNetworkConfig: Sendable, Hashable {
    /// `10.1.0.0/16` or `2001:db8::/32`.
    public var cidr: String
    /// Region for latency routing, e.g. `eu-west-1`.
    public var region: String?
    /// ISO 3166 country code for geolocation routing, e.g. `IE`.
    public var countryCode: String?
    /// Continent code for geolocation routing, e.g. `EU`.
    public var continentCode: String?
    /// Subdivision code for geolocation routing, e.g. `CA` (with countryCode `US`).
    public var subdivisionCode: String?

    /// Creates a client network.
    public init(
        cidr: String, region: String? = nil, countryCode: String? = nil, continentCode: String? = nil,
        subdivisionCode: String? = nil
    ) {
        self.cidr = cidr
        self.region = region
        self.countryCode = countryCode
        self.continentCode = continentCode
        self.subdivisionCode = subdivisionCode
    }
}

/// `limits:` applied to every request before routing.
public struct LimitsConfig: Sendable, Equatable {
    /// Request line plus headers, in bytes; beyond it the answer is 431. Default 20,480.
    public var maxRequestHeaderBytes: Int
    /// Request target, in bytes; beyond it the answer is 414. Default 8,192.
    public var maxURLBytes: Int
    /// A viewer connection with nothing in flight and no bytes either way for this long is closed.
    /// Default 60 s (nginx's `client_header_timeout`), range 1–3600 s.
    public var viewerIdleTimeout: Duration
    /// A TLS viewer must finish its handshake (ClientHello to ALPN) within this. Default 10 s, range 1–60 s.
    public var tlsHandshakeTimeout: Duration

    /// Creates limits.
    public init(
        maxRequestHeaderBytes: Int = 20_480, maxURLBytes: Int = 8_192, viewerIdleTimeout: Duration = .seconds(60),
        tlsHandshakeTimeout: Duration = .seconds(10)
    ) {
        self.maxRequestHeaderBytes = maxRequestHeaderBytes
        self.maxURLBytes = maxURLBytes
        self.viewerIdleTimeout = viewerIdleTimeout
        self.tlsHandshakeTimeout = tlsHandshakeTimeout
    }
}

/// `accessLog:` settings.
public struct AccessLogConfig: Sendable, Equatable {
    /// Write one JSON line per request to stdout. Default true.
    public var enabled: Bool

    /// Creates access-log settings.
    public init(enabled: Bool = true) {
        self.enabled = enabled
    }
}
