/// One record of a policies document, as written: Route 53's `ResourceRecordSet` keys. Validated and
/// compiled by `PolicySet`; nothing is checked here.
///
/// Exactly one routing key (`weight`, `failover`, `region`, `geoLocation`, `multiValueAnswer: true`)
/// makes the record part of a policy set and then needs a `setIdentifier`; with none it is a simple
/// record. A record has either `values` (presentation form, absolute names) or an `aliasTarget`.
public struct PolicyRecordSpec: Decodable, Sendable, Hashable {
    /// A geolocation: a continent, a country (`*` for the default record), or a country and one of
    /// its subdivisions.
    public struct GeoLocation: Decodable, Sendable, Hashable {
        /// `AF`, `AN`, `AS`, `EU`, `NA`, `OC` or `SA`.
        public var continentCode: String?
        /// An ISO 3166-1 alpha-2 code, or `*` for "anywhere else".
        public var countryCode: String?
        /// A subdivision of `countryCode` (e.g. a US state, `WA`).
        public var subdivisionCode: String?

        /// Creates a location.
        public init(continentCode: String? = nil, countryCode: String? = nil, subdivisionCode: String? = nil) {
            self.continentCode = continentCode
            self.countryCode = countryCode
            self.subdivisionCode = subdivisionCode
        }

        /// Decodes the three optional codes, refusing unknown keys.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: PolicyCodingKey.self)
            try PolicyCodingKey.rejectUnknown(
                in: container, allowed: ["continentCode", "countryCode", "subdivisionCode"])
            continentCode = try container.decodeIfPresent(String.self, forKey: PolicyCodingKey("continentCode"))
            countryCode = try container.decodeIfPresent(String.self, forKey: PolicyCodingKey("countryCode"))
            subdivisionCode = try container.decodeIfPresent(String.self, forKey: PolicyCodingKey("subdivisionCode"))
        }
    }

    /// The target of an alias record: another name in the same zone whose records of the same type
    /// are served, at their own TTL.
    public struct AliasTarget: Decodable, Sendable, Hashable {
        /// The target name; must be absolute (end with a dot).
        public var dnsName: String
        /// Whether the alias counts as unhealthy when the target has no healthy record.
        public var evaluateTargetHealth: Bool

        /// Creates a target.
        public init(dnsName: String, evaluateTargetHealth: Bool = false) {
            self.dnsName = dnsName
            self.evaluateTargetHealth = evaluateTargetHealth
        }

        /// Decodes `dnsName` and an optional `evaluateTargetHealth` (default false).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: PolicyCodingKey.self)
            try PolicyCodingKey.rejectUnknown(in: container, allowed: ["dnsName", "evaluateTargetHealth"])
            dnsName = try container.decode(String.self, forKey: PolicyCodingKey("dnsName"))
            evaluateTargetHealth =
                try container.decodeIfPresent(Bool.self, forKey: PolicyCodingKey("evaluateTargetHealth")) ?? false
        }
    }

    /// The owner name; must be absolute (end with a dot).
    public var name: String
    /// The record type mnemonic (`A`, `AAAA`, `CNAME`, `TXT`, `MX`, …).
    public var type: String
    /// Tells the records of one policy set apart; required with a routing key, unique per name/type.
    public var setIdentifier: String?
    /// TTL in seconds for `values` (default `PolicySet.defaultTTL`); not allowed on aliases.
    public var ttl: Int?
    /// The record data in presentation form, e.g. `192.0.2.1`, `10 mail.example.test.`, `"v=spf1 -all"`.
    public var values: [String]?
    /// Weighted routing: 0…255.
    public var weight: Int?
    /// Failover routing: `PRIMARY` or `SECONDARY`.
    public var failover: String?
    /// Latency routing: the region the record serves (e.g. `eu-west-1`).
    public var region: String?
    /// Geolocation routing.
    public var geoLocation: GeoLocation?
    /// Multivalue answer routing when true.
    public var multiValueAnswer: Bool?
    /// The health check whose state decides whether the record may be served.
    public var healthCheckId: String?
    /// Makes the record an alias instead of carrying `values`.
    public var aliasTarget: AliasTarget?

    /// Creates a record spec.
    public init(
        name: String, type: String, setIdentifier: String? = nil, ttl: Int? = nil, values: [String]? = nil,
        weight: Int? = nil, failover: String? = nil, region: String? = nil, geoLocation: GeoLocation? = nil,
        multiValueAnswer: Bool? = nil, healthCheckId: String? = nil, aliasTarget: AliasTarget? = nil
    ) {
        self.name = name
        self.type = type
        self.setIdentifier = setIdentifier
        self.ttl = ttl
        self.values = values
        self.weight = weight
        self.failover = failover
        self.region = region
        self.geoLocation = geoLocation
        self.multiValueAnswer = multiValueAnswer
        self.healthCheckId = healthCheckId
        self.aliasTarget = aliasTarget
    }

    private static let keys: Set<String> = [
        "name", "type", "setIdentifier", "ttl", "values", "weight", "failover", "region", "geoLocation",
        "multiValueAnswer", "healthCheckId", "aliasTarget",
    ]

    /// Decodes the keys above, refusing unknown ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyCodingKey.self)
        try PolicyCodingKey.rejectUnknown(in: container, allowed: Self.keys)
        func optional<T: Decodable>(_ key: String) throws -> T? {
            try container.decodeIfPresent(T.self, forKey: PolicyCodingKey(key))
        }
        name = try container.decode(String.self, forKey: PolicyCodingKey("name"))
        type = try container.decode(String.self, forKey: PolicyCodingKey("type"))
        setIdentifier = try optional("setIdentifier")
        ttl = try optional("ttl")
        values = try optional("values")
        weight = try optional("weight")
        failover = try optional("failover")
        region = try optional("region")
        geoLocation = try optional("geoLocation")
        multiValueAnswer = try optional("multiValueAnswer")
        healthCheckId = try optional("healthCheckId")
        aliasTarget = try optional("aliasTarget")
    }
}
