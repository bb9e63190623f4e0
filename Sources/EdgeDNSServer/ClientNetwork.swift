/// One entry of the `dns.clientNetworks` table: a CIDR prefix and where its clients are.
///
/// ```yaml
/// dns:
///   clientNetworks:
///     - {cidr: 10.1.0.0/16, region: eu-west-1, countryCode: IE, continentCode: EU}
///     - {cidr: "2001:db8:1::/48", region: us-east-1, countryCode: US, continentCode: NA, subdivisionCode: VA}
/// ```
public struct ClientNetwork: Decodable, Sendable, Hashable {
    /// The prefix, `address/length` (a bare address is a host route).
    public var cidr: String
    /// The region its clients are closest to (latency routing).
    public var region: String?
    /// Its country (geolocation routing).
    public var countryCode: String?
    /// Its continent (geolocation routing; not derived from the country, so give both).
    public var continentCode: String?
    /// Its subdivision of the country (geolocation routing).
    public var subdivisionCode: String?

    /// Creates an entry.
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

    /// Decodes the keys above, refusing unknown ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyCodingKey.self)
        try PolicyCodingKey.rejectUnknown(
            in: container, allowed: ["cidr", "region", "countryCode", "continentCode", "subdivisionCode"])
        func optional(_ key: String) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: PolicyCodingKey(key))
        }
        cidr = try container.decode(String.self, forKey: PolicyCodingKey("cidr"))
        region = try optional("region")
        countryCode = try optional("countryCode")
        continentCode = try optional("continentCode")
        subdivisionCode = try optional("subdivisionCode")
    }

    /// The location its clients get.
    public var location: ClientNetworkLocation {
        ClientNetworkLocation(
            region: region, countryCode: countryCode, continentCode: continentCode, subdivisionCode: subdivisionCode)
    }
}
