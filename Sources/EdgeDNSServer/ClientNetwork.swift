import EdgeConfig

/// One entry of the `dns.clientNetworks` table: a CIDR prefix and where its clients are.
///
/// ```yaml
/// dns:
///   clientNetworks:
///     - {cidr: 10.1.0.0/16, region: eu-west-1, countryCode: IE, continentCode: EU}
///     - {cidr: "2001:db8:1::/48", region: us-east-1, countryCode: US, continentCode: NA, subdivisionCode: VA}
/// ```
///
/// The configuration model's own type (decoded, unknown keys refused, by EdgeConfig), so the config
/// file and the DNS server share one definition.
public typealias ClientNetwork = ClientNetworkConfig

extension ClientNetworkConfig {
    /// The location its clients get.
    public var location: ClientNetworkLocation {
        ClientNetworkLocation(
            region: region, countryCode: countryCode, continentCode: continentCode, subdivisionCode: subdivisionCode)
    }
}
