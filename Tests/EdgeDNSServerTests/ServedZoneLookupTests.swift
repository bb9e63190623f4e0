import EdgeDNS
import Testing

@testable import EdgeDNSServer

@Suite struct ServedZoneLookupTests {
    func lookup(_ harness: PolicyHarness? = nil, region: String? = nil) throws -> ServedZoneLookup {
        let harness = try harness ?? PolicyHarness([])
        return ServedZoneLookup(
            zones: harness.zones, engine: AnswerEngine(records: harness.source),
            location: region.map { ClientNetworkLocation(region: $0) })
    }

    @Test func plainAddressWithItsTTL() throws {
        let answer = try lookup().addresses(of: DNSName("target.example.test."))
        #expect(answer == .addresses(ipv4: [IPv4Address("198.51.100.7")!], ipv6: [], ttl: 120))
    }

    @Test func namesOutsideTheServedZonesAreNotAnswered() throws {
        let zones = try lookup()
        #expect(zones.addresses(of: try DNSName("www.elsewhere.test.")) == nil)
        #expect(!zones.serves(try DNSName("example.org.")))
    }

    @Test func missingNamesAreNegativeWithTheSOATTL() throws {
        #expect(try lookup().addresses(of: DNSName("nope.example.test.")) == .none(ttl: 300))
    }

    @Test func wildcardsAndDelegations() throws {
        let zones = try lookup()
        #expect(
            try zones.addresses(of: DNSName("x.wild.example.test."))
                == .addresses(ipv4: [IPv4Address("198.51.100.99")!], ipv6: [], ttl: 3600))
        guard case .unusable(let reason) = try zones.addresses(of: DNSName("host.sub.example.test.")) else {
            Issue.record("a delegated name must not be answered from the parent")
            return
        }
        #expect(reason.contains("delegated"))
    }

    @Test func latencyRecordsFollowTheNodeRegion() throws {
        let harness = try PolicyHarness([
            PolicyRecordSpec(
                name: "api.example.test.", type: "A", setIdentifier: "eu", values: ["10.1.2.3"], region: "eu-west-1"),
            PolicyRecordSpec(
                name: "api.example.test.", type: "A", setIdentifier: "us", values: ["10.2.2.3"], region: "us-east-1"),
        ])
        let name = try DNSName("api.example.test.")
        #expect(
            try lookup(harness, region: "us-east-1").addresses(of: name)
                == .addresses(ipv4: [IPv4Address("10.2.2.3")!], ipv6: [], ttl: 300))
        #expect(
            try lookup(harness, region: "eu-west-1").addresses(of: name)
                == .addresses(ipv4: [IPv4Address("10.1.2.3")!], ipv6: [], ttl: 300))
    }

    @Test func failoverFlipsWithTheHealthState() throws {
        let harness = try PolicyHarness([
            PolicyRecordSpec(
                name: "api.example.test.", type: "A", setIdentifier: "p", values: ["192.0.2.1"], failover: "PRIMARY",
                healthCheckId: "primary"),
            PolicyRecordSpec(
                name: "api.example.test.", type: "A", setIdentifier: "s", values: ["192.0.2.2"], failover: "SECONDARY"),
        ])
        let zones = try lookup(harness)
        let name = try DNSName("api.example.test.")
        #expect(zones.addresses(of: name) == .addresses(ipv4: [IPv4Address("192.0.2.1")!], ipv6: [], ttl: 300))
        harness.health.set("primary", healthy: false)
        #expect(zones.addresses(of: name) == .addresses(ipv4: [IPv4Address("192.0.2.2")!], ipv6: [], ttl: 300))
    }
}
