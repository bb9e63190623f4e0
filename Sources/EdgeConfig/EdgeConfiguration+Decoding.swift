// Decoding of the top level and of the node-wide sections. Every `init(from:)` here records problems
// through `ObjectReader` instead of throwing, so one load reports all of them (see `ConfigLoader`).

extension EdgeConfiguration: Decodable {
    /// The top-level keys of `edge.yaml`.
    static let yamlKeys = [
        "node", "listeners", "certificates", "dns", "healthChecks", "resolver", "origins", "originGroups",
        "distributions",
        "apis", "limits", "accessLog",
    ]

    /// Sections accepted only as empty lists until their issue lands.
    static let notBuiltYet = ["apis": "APIs (the regional gateway)"]

    /// Decodes a whole configuration; see docs/configuration.md for the keys.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "an edge configuration", allowed: Self.yamlKeys)
        self.init(
            node: reader.value(NodeSettings.self, "node", expected: "a mapping") ?? .init(),
            listeners: reader.value([ListenerConfig].self, "listeners", expected: "a list of listeners") ?? [],
            certificates: reader.value([CertificateConfig].self, "certificates", expected: "a list of certificates")
                ?? [],
            dns: reader.value(DNSSettings.self, "dns", expected: "a mapping"),
            healthChecks: reader.value([HealthCheckConfig].self, "healthChecks", expected: "a list of health checks")
                ?? [],
            resolver: reader.value(ResolverSettings.self, "resolver", expected: "a mapping") ?? .init(),
            origins: reader.value([OriginConfig].self, "origins", expected: "a list of origins") ?? [],
            originGroups: reader.value([OriginGroupConfig].self, "originGroups", expected: "a list of origin groups")
                ?? [],
            distributions: reader.value([DistributionConfig].self, "distributions", expected: "a list of distributions")
                ?? [],
            limits: reader.value(LimitsConfig.self, "limits", expected: "a mapping") ?? .init(),
            accessLog: reader.value(AccessLogConfig.self, "accessLog", expected: "a mapping") ?? .init()
        )
        for (key, what) in Self.notBuiltYet.sorted(by: { $0.key < $1.key }) {
            if let count = reader.listCount(key), count > 0 {
                reader.report(key, "\(what) are not built yet (see docs/not-supported.md); leave '\(key)' empty")
            }
        }
        try reader.finish()
    }
}

extension NodeSettings: Decodable {
    /// Decodes `node:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "node settings", allowed: ["name", "region", "stateDirectory", "drainTimeout"]
        )
        let defaults = NodeSettings()
        self.init(
            name: reader.string("name") ?? defaults.name,
            region: reader.string("region") ?? defaults.region,
            stateDirectory: reader.string("stateDirectory") ?? defaults.stateDirectory,
            drainTimeout: reader.duration("drainTimeout") ?? defaults.drainTimeout
        )
        try reader.finish()
    }
}

extension ListenerConfig: Decodable {
    /// Decodes one entry of `listeners:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a listener",
            allowed: ["name", "address", "protocol", "minimumProtocolVersion", "http2", "tokenFile"]
        )
        self.init(
            name: reader.string("name", required: true) ?? "",
            address: reader.string("address", required: true) ?? "",
            protocol: reader.choice(ListenerProtocol.self, "protocol", required: true) ?? .http,
            minimumProtocolVersion: reader.choice(TLSProtocolVersion.self, "minimumProtocolVersion") ?? .tlsV1_2,
            http2: reader.bool("http2") ?? true,
            tokenFile: reader.string("tokenFile")
        )
        try reader.finish()
    }
}

extension CertificateConfig: Decodable {
    /// Decodes one entry of `certificates:` (YAML `default` is `isDefault`).
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a certificate",
            allowed: ["domains", "certificateFile", "privateKeyFile", "selfSigned", "default"]
        )
        self.init(
            domains: reader.strings("domains", required: true) ?? [],
            certificateFile: reader.string("certificateFile"),
            privateKeyFile: reader.string("privateKeyFile"),
            selfSigned: reader.bool("selfSigned") ?? false,
            isDefault: reader.bool("default") ?? false
        )
        try reader.finish()
    }
}

extension DNSSettings: Decodable {
    /// Decodes `dns:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "DNS settings",
            allowed: [
                "listeners", "zones", "clientNetworks", "latencyRegions", "responseRateLimit", "packetCacheBytes",
            ])
        self.init(
            listeners: reader.strings("listeners") ?? [],
            zones: reader.value([ZoneRef].self, "zones", expected: "a list of zones ({file, policies})") ?? [],
            clientNetworks: reader.value(
                [ClientNetworkConfig].self, "clientNetworks",
                expected: "a list of {cidr, region, countryCode, continentCode, subdivisionCode}") ?? [],
            latencyRegions: reader.value(
                [String: [String]].self, "latencyRegions",
                expected: "a mapping of client region to a list of record regions, nearest first") ?? [:],
            responseRateLimit: reader.value(ResponseRateLimitConfig.self, "responseRateLimit", expected: "a mapping")
                ?? .init(),
            packetCacheBytes: reader.value(Int.self, "packetCacheBytes", expected: "a number of bytes")
        )
        try reader.finish()
    }
}

extension ClientNetworkConfig: Decodable {
    /// Decodes one entry of `dns.clientNetworks:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a client network",
            allowed: ["cidr", "region", "countryCode", "continentCode", "subdivisionCode"])
        self.init(
            cidr: reader.string("cidr", required: true) ?? "", region: reader.string("region"),
            countryCode: reader.string("countryCode"), continentCode: reader.string("continentCode"),
            subdivisionCode: reader.string("subdivisionCode"))
        try reader.finish()
    }
}

extension DNSSettings.ZoneRef: Decodable {
    /// Decodes one entry of `dns.zones:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "a zone", allowed: ["file", "policies"])
        self.init(file: reader.string("file", required: true) ?? "", policies: reader.string("policies"))
        try reader.finish()
    }
}

extension LimitsConfig: Decodable {
    /// Decodes `limits:`; sizes (`20480`, `20KiB`) and durations (`60s`, `2m`).
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "limits",
            allowed: ["maxRequestHeaderBytes", "maxURLBytes", "viewerIdleTimeout", "tlsHandshakeTimeout"])
        let defaults = LimitsConfig()
        self.init(
            maxRequestHeaderBytes: reader.byteSize("maxRequestHeaderBytes") ?? defaults.maxRequestHeaderBytes,
            maxURLBytes: reader.byteSize("maxURLBytes") ?? defaults.maxURLBytes,
            viewerIdleTimeout: reader.duration("viewerIdleTimeout") ?? defaults.viewerIdleTimeout,
            tlsHandshakeTimeout: reader.duration("tlsHandshakeTimeout") ?? defaults.tlsHandshakeTimeout
        )
        try reader.finish()
    }
}

extension AccessLogConfig: Decodable {
    /// Decodes `accessLog:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "access-log settings", allowed: ["enabled"])
        self.init(enabled: reader.bool("enabled") ?? true)
        try reader.finish()
    }
}
