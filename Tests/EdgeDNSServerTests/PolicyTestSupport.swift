import EdgeDNS
import EdgeDNSServer
import Testing

/// SplitMix64 (Steele, Lea, Flood 2014): a small seeded generator for reproducible policy draws.
struct PolicySplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The zone, networks and helpers the policy tests share.
enum PolicyFixture {
    static let zoneText = """
        $ORIGIN example.test.
        $TTL 3600
        @        IN SOA  ns1 hostmaster 1 1h 15m 1w 300
        @        IN NS   ns1
        ns1      IN A    192.0.2.53
        static   IN A    192.0.2.10
        target   120 IN A 198.51.100.7
        *.wild   IN A    198.51.100.99
        sub      IN NS   ns.sub
        ns.sub   IN A    192.0.2.200
        """

    static func zone() throws -> Zone {
        try ZoneFileParser.parse(text: zoneText, file: "example.test.zone", origin: DNSName("example.test."))
    }

    /// The client networks of the tests.
    static func networks() throws -> ClientNetworkTable {
        try ClientNetworkTable(networks: [
            ClientNetwork(cidr: "10.1.0.0/16", region: "eu-west-1", countryCode: "IE", continentCode: "EU"),
            ClientNetwork(cidr: "10.2.0.0/16", region: "us-east-1", countryCode: "US", continentCode: "NA"),
            ClientNetwork(cidr: "10.3.0.0/16", region: "ap-southeast-2", countryCode: "AU", continentCode: "OC"),
            ClientNetwork(cidr: "10.4.0.0/16", region: "eu-central-1", countryCode: "FR", continentCode: "EU"),
            ClientNetwork(
                cidr: "10.5.0.0/16", region: "us-west-2", countryCode: "US", continentCode: "NA",
                subdivisionCode: "WA"),
            ClientNetwork(cidr: "10.6.0.0/16", region: "ap-northeast-1", countryCode: "JP", continentCode: "AS"),
            ClientNetwork(cidr: "2001:db8:1::/48", region: "eu-west-1", countryCode: "IE", continentCode: "EU"),
        ])
    }

    /// A query context from an IPv4 client, with an optional ECS prefix.
    static func context(_ client: String? = nil, subnet: (String, UInt8)? = nil) throws -> QueryContext {
        var ecs: ClientSubnet?
        if let (address, length) = subnet {
            ecs = try ClientSubnet(family: 1, address: IPv4Address(address)!.bytes, sourcePrefixLength: length)
        }
        return QueryContext(transport: .udp, client: client.map { .v4(IPv4Address($0)!) }, clientSubnet: ecs)
    }
}

/// Policies served beside the fixture zone, asked through the real answer engine.
struct PolicyHarness {
    let source: PolicyRecordSource
    let zones: AuthoritativeZoneSet
    let health: HealthStateTable

    init(
        _ records: [PolicyRecordSpec], seed: UInt64 = 7, proximity: PolicyRegionProximity = PolicyRegionProximity()
    ) throws {
        let policies = try PolicySet(records: records)
        health = HealthStateTable()
        source = PolicyRecordSource(
            policies: policies, networks: try PolicyFixture.networks(), regionProximity: proximity, health: health,
            random: PolicyRandom(generator: PolicySplitMix64(seed: seed)))
        zones = try AuthoritativeZoneSet(policies.applied(to: [PolicyFixture.zone()]))
    }

    /// The full response.
    func response(_ name: String, _ type: RecordType = .a, context: QueryContext = QueryContext(transport: .udp))
        throws -> DNSMessage
    {
        let query = try TestZone.query(name, type, recursionDesired: true)
        return try #require(AnswerEngine(records: source).answer(query: query, zones: zones, context: context))
    }

    /// The answer section's data in presentation form.
    func ask(_ name: String, _ type: RecordType = .a, context: QueryContext = QueryContext(transport: .udp))
        throws -> [String]
    {
        try response(name, type, context: context).answers.map(\.data.presentation)
    }

    /// How often each answer (data joined by blanks) comes back over `count` queries.
    func tally(_ name: String, count: Int, context: QueryContext = QueryContext(transport: .udp)) throws
        -> [String: Int]
    {
        var counts: [String: Int] = [:]
        for _ in 0..<count { counts[try ask(name, context: context).joined(separator: " "), default: 0] += 1 }
        return counts
    }
}
