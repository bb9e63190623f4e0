import EdgeDNS
import EdgeDNSServer
import Foundation
import Testing

@Suite struct ClientNetworkTableTests {
    private let table: ClientNetworkTable

    init() throws {
        table = try ClientNetworkTable(networks: [
            ClientNetwork(cidr: "10.0.0.0/8", region: "us-east-1"),
            ClientNetwork(cidr: "10.1.0.0/16", region: "eu-west-1", countryCode: "ie", continentCode: "eu"),
            ClientNetwork(cidr: "10.1.2.0/24", region: "eu-west-2", countryCode: "GB", continentCode: "EU"),
            ClientNetwork(cidr: "192.0.2.7", region: "host"),
            ClientNetwork(cidr: "0.0.0.0/0", region: "everywhere"),
            ClientNetwork(cidr: "2001:db8::/32", region: "v6-wide"),
            ClientNetwork(cidr: "2001:db8:1::/48", region: "v6-narrow", countryCode: "US", continentCode: "NA"),
        ])
    }

    private func region(_ address: String) -> String? {
        let client: ClientAddress =
            address.contains(":") ? .v6(IPv6Address(address)!) : .v4(IPv4Address(address)!)
        return table.location(for: client)?.region
    }

    @Test func longestPrefixWins() {
        #expect(region("10.1.2.3") == "eu-west-2")
        #expect(region("10.1.3.3") == "eu-west-1")
        #expect(region("10.9.9.9") == "us-east-1")
        #expect(region("192.0.2.7") == "host")
        #expect(region("192.0.2.8") == "everywhere")
        #expect(region("2001:db8:1:2::1") == "v6-narrow")
        #expect(region("2001:db8:2::1") == "v6-wide")
        #expect(region("2001:db9::1") == nil)
        #expect(region("::ffff:10.1.2.3") == "eu-west-2")  // IPv4-mapped
        #expect(table.count == 7)
        #expect(ClientNetworkTable.empty.location(for: .v4(IPv4Address("10.1.2.3")!)) == nil)
    }

    @Test func locationsAreNormalised() {
        let location = table.location(ipv4: IPv4Address("10.1.9.9")!)
        #expect(location == ClientNetworkLocation(region: "eu-west-1", countryCode: "IE", continentCode: "EU"))
        #expect(location?.description == "region=eu-west-1 country=IE continent=EU")
    }

    @Test func clientSubnetsMatchPrefixesNoLongerThanTheirs() throws {
        let wide = try ClientSubnet(family: 1, address: IPv4Address("10.1.2.0")!.bytes, sourcePrefixLength: 16)
        #expect(table.location(for: wide)?.region == "eu-west-1")  // not the /24 it cannot vouch for
        let narrow = try ClientSubnet(family: 1, address: IPv4Address("10.1.2.0")!.bytes, sourcePrefixLength: 24)
        #expect(table.location(for: narrow)?.region == "eu-west-2")
        let v6 = try ClientSubnet(family: 2, address: IPv6Address("2001:db8:1::")!.bytes, sourcePrefixLength: 56)
        #expect(table.location(for: v6)?.region == "v6-narrow")
        // The context prefers ECS to the source address, unless the ECS prefix is 0.
        let context = QueryContext(transport: .udp, client: .v4(IPv4Address("10.9.0.1")!), clientSubnet: narrow)
        #expect(table.location(for: context)?.region == "eu-west-2")
        let zero = try ClientSubnet(family: 1, address: [0, 0, 0, 0], sourcePrefixLength: 0)
        let optedOut = QueryContext(transport: .udp, client: .v4(IPv4Address("10.9.0.1")!), clientSubnet: zero)
        #expect(table.location(for: optedOut)?.region == "us-east-1")
        #expect(table.location(for: QueryContext(transport: .udp)) == nil)
    }

    @Test func badEntriesAreReportedWithTheirIndex() {
        do {
            _ = try ClientNetworkTable(networks: [
                ClientNetwork(cidr: "10.1.2.0/16", region: "a"),  // 0
                ClientNetwork(cidr: "10.1.0.0/33", region: "a"),  // 1
                ClientNetwork(cidr: "10.1.0/16", region: "a"),  // 2
                ClientNetwork(cidr: "2001:db8::1/32", region: "a"),  // 3
                ClientNetwork(cidr: "10.2.0.0/16"),  // 4
                ClientNetwork(cidr: "10.3.0.0/16", countryCode: "IRL", continentCode: "XX"),  // 5
                ClientNetwork(cidr: "10.4.0.0/16", region: "a"),  // 6
                ClientNetwork(cidr: "10.4.0.0/16", region: "b"),  // 7
                ClientNetwork(cidr: "10.5.0.0/16", subdivisionCode: "WA"),  // 8
            ])
            Issue.record("accepted a bad table")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains("clientNetworks[0]: cidr '10.1.2.0/16' has bits set past /16 (10.1.0.0/16?)"))
            #expect(lines.contains("clientNetworks[1]: prefix length 33 is longer than 32 in '10.1.0.0/33'"))
            #expect(lines.contains("clientNetworks[2]: bad IPv4 address in cidr '10.1.0/16'"))
            #expect(lines.contains("clientNetworks[3]: cidr '2001:db8::1/32' has bits set past /32 (2001:db8::/32?)"))
            #expect(lines.contains("clientNetworks[4]: give region, countryCode or continentCode"))
            #expect(lines.contains("clientNetworks[5]: countryCode 'IRL' is not two letters"))
            #expect(lines.contains { $0.hasPrefix("clientNetworks[5]: unknown continentCode 'XX'") })
            #expect(lines.contains("clientNetworks[7]: 10.4.0.0/16 is already in clientNetworks[6]"))
            #expect(lines.contains("clientNetworks[8]: subdivisionCode needs a countryCode"))
            #expect(lines.count == 10)
        }
    }

    @Test func prefixesParse() {
        #expect(ClientNetworkPrefix("10.1.0.0/16")?.description == "10.1.0.0/16")
        #expect(ClientNetworkPrefix("2001:DB8::/32")?.description == "2001:db8::/32")
        #expect(ClientNetworkPrefix("192.0.2.1")?.length == 32)
        #expect(ClientNetworkPrefix("::1")?.length == 128)
        #expect(ClientNetworkPrefix("10.1.0.0/") == nil)
        #expect(ClientNetworkPrefix("10.1.0.0/+8") == nil)
    }

    @Test func networksDecodeFromJSON() throws {
        let json = #"[{"cidr": "10.1.0.0/16", "region": "eu-west-1", "countryCode": "IE", "continentCode": "EU"}]"#
        let networks = try JSONDecoder().decode([ClientNetwork].self, from: Data(json.utf8))
        #expect(
            networks == [
                ClientNetwork(cidr: "10.1.0.0/16", region: "eu-west-1", countryCode: "IE", continentCode: "EU")
            ])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                [ClientNetwork].self, from: Data(#"[{"cidr": "10.0.0.0/8", "country": "IE"}]"#.utf8))
        }
        let proximity = try JSONDecoder().decode(
            PolicyRegionProximity.self, from: Data(#"{"EU-West-1": ["us-east-1"]}"#.utf8))
        #expect(proximity.nearest == ["eu-west-1": ["us-east-1"]])
    }
}
