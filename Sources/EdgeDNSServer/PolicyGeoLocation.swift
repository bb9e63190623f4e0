/// A validated geolocation of a geolocation-routed record, from most to least specific. Codes are
/// upper case.
public enum PolicyGeoLocation: Sendable, Hashable, CustomStringConvertible {
    /// A subdivision of a country (`US`, `WA`).
    case subdivision(country: String, code: String)
    /// A country (ISO 3166-1 alpha-2).
    case country(String)
    /// A continent (`AF`, `AN`, `AS`, `EU`, `NA`, `OC`, `SA`).
    case continent(String)
    /// The default record (`countryCode: "*"`): any client no other record matches, including clients
    /// whose location is unknown.
    case anywhere

    /// Route 53's continent codes.
    public static let continentCodes: Set<String> = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"]

    /// Validates a spec's location.
    /// - Returns: the location, or a message saying what is wrong.
    static func parse(_ spec: PolicyRecordSpec.GeoLocation) -> Result<PolicyGeoLocation, PolicyProblemMessage> {
        let continent = spec.continentCode?.uppercased()
        let country = spec.countryCode?.uppercased()
        let subdivision = spec.subdivisionCode?.uppercased()
        switch (continent, country, subdivision) {
        case (nil, nil, nil):
            return .failure("geoLocation needs continentCode, countryCode or subdivisionCode")
        case (.some, .some, _):
            return .failure("geoLocation takes continentCode or countryCode, not both")
        case (.some(let code), nil, nil):
            guard continentCodes.contains(code) else {
                return .failure("unknown continentCode '\(code)' (expected one of \(continentCodes.sorted()))")
            }
            return .success(.continent(code))
        case (.some, nil, .some), (nil, nil, .some):
            return .failure("subdivisionCode needs a countryCode")
        case (nil, "*", nil):
            return .success(.anywhere)
        case (nil, "*", .some):
            return .failure("the default location '*' has no subdivisionCode")
        case (nil, .some(let code), let subdivision):
            guard code.utf8.count == 2, code.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
                return .failure("countryCode '\(code)' is not two letters or '*'")
            }
            guard let subdivision else { return .success(.country(code)) }
            guard (1...3).contains(subdivision.utf8.count),
                subdivision.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) })
            else {
                return .failure("subdivisionCode '\(subdivision)' is not 1–3 letters or digits")
            }
            return .success(.subdivision(country: code, code: subdivision))
        }
    }

    /// Whether a client at `location` is in this area.
    public func contains(_ location: ClientNetworkLocation?) -> Bool {
        switch self {
        case .anywhere: return true
        case .continent(let code): return location?.continentCode == code
        case .country(let code): return location?.countryCode == code
        case .subdivision(let country, let code):
            return location?.countryCode == country && location?.subdivisionCode == code
        }
    }

    /// 0 for a subdivision … 3 for the default: the order Route 53 tries matching records in.
    public var specificity: Int {
        switch self {
        case .subdivision: 0
        case .country: 1
        case .continent: 2
        case .anywhere: 3
        }
    }

    /// `US-WA`, `US`, `continent EU` or `*`.
    public var description: String {
        switch self {
        case .subdivision(let country, let code): "\(country)-\(code)"
        case .country(let code): code
        case .continent(let code): "continent \(code)"
        case .anywhere: "*"
        }
    }
}
