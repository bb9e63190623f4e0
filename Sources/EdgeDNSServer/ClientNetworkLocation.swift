/// Where a client network is, for latency and geolocation routing. Regions are lower case, codes
/// upper case.
public struct ClientNetworkLocation: Sendable, Hashable, CustomStringConvertible {
    /// The closest region (latency routing), e.g. `eu-west-1`.
    public var region: String?
    /// ISO 3166-1 alpha-2 country, e.g. `IE`.
    public var countryCode: String?
    /// Continent: `AF`, `AN`, `AS`, `EU`, `NA`, `OC` or `SA`.
    public var continentCode: String?
    /// Subdivision of the country, e.g. `WA` in `US`.
    public var subdivisionCode: String?

    /// Creates a location, normalising case.
    public init(
        region: String? = nil, countryCode: String? = nil, continentCode: String? = nil,
        subdivisionCode: String? = nil
    ) {
        self.region = region?.lowercased()
        self.countryCode = countryCode?.uppercased()
        self.continentCode = continentCode?.uppercased()
        self.subdivisionCode = subdivisionCode?.uppercased()
    }

    /// `region=eu-west-1 country=IE continent=EU`, the fields that are set.
    public var description: String {
        [("region", region), ("country", countryCode), ("continent", continentCode), ("subdivision", subdivisionCode)]
            .compactMap { key, value in value.map { "\(key)=\($0)" } }.joined(separator: " ")
    }
}
