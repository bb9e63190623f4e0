import EdgeDNS
import EdgeDNSServer
import Foundation
import Testing

private typealias Spec = PolicyRecordSpec

/// The problems `PolicySet(records:)` reports, or none.
private func problems(_ records: [Spec]) -> [PolicyProblem] {
    do {
        _ = try PolicySet(records: records)
        return []
    } catch {
        return error.problems
    }
}

/// Whether some problem at `index` contains `text`.
private func has(_ problems: [PolicyProblem], _ index: Int?, _ text: String) -> Bool {
    problems.contains { $0.index == index && $0.message.contains(text) }
}

@Suite struct PolicySetTests {
    @Test func eachRecordIsValidatedOnItsOwn() {
        let www = "www.example.test."
        let found = problems([
            Spec(name: www, type: "A", setIdentifier: "a", values: ["192.0.2.1"], weight: 300),  // 0
            Spec(name: "x.example.test.", type: "A", setIdentifier: "a", values: ["192.0.2.1"], failover: "MAIN"),  // 1
            Spec(name: www, type: "A", values: ["192.0.2.1"], weight: 1),  // 2
            Spec(name: "y.example.test.", type: "A", setIdentifier: "s", values: ["192.0.2.1"]),  // 3
            // 4
            Spec(
                name: "z.example.test.", type: "A", setIdentifier: "s", values: ["192.0.2.1"], weight: 1, region: "eu"),
            Spec(name: "alias.example.test.", type: "A", aliasTarget: .init(dnsName: "www")),  // 5
            Spec(name: "bad.example.test.", type: "A", values: ["10.1.2"]),  // 6
            Spec(name: "both.example.test.", type: "A", values: ["192.0.2.1"], aliasTarget: .init(dnsName: www)),  // 7
            Spec(name: "c.example.test.", type: "CNAME", values: ["a.example.test.", "b.example.test."]),  // 8
            Spec(name: "ns.example.test.", type: "NS", values: ["ns1.example.test."]),  // 9
            Spec(name: "relative", type: "A", values: ["192.0.2.1"]),  // 10
            Spec(name: "t.example.test.", type: "BOGUS", values: ["x"]),  // 11
            Spec(name: "n.example.test.", type: "A", values: []),  // 12
            Spec(name: "h.example.test.", type: "A", values: ["192.0.2.1"], healthCheckId: "h"),  // 13
            Spec(name: "ttl.example.test.", type: "A", ttl: -1, values: ["192.0.2.1"]),  // 14
            Spec(name: "at.example.test.", type: "A", ttl: 60, aliasTarget: .init(dnsName: www)),  // 15
            Spec(
                name: "mv.example.test.", type: "A", setIdentifier: "m", multiValueAnswer: true,
                aliasTarget: .init(dnsName: www)),  // 16
            // 17
            Spec(name: "g.example.test.", type: "A", setIdentifier: "g", values: ["192.0.2.1"], geoLocation: .init()),
            Spec(
                name: "g.example.test.", type: "A", setIdentifier: "h", values: ["192.0.2.1"],
                geoLocation: .init(continentCode: "XX")),  // 18
            Spec(
                name: "g.example.test.", type: "A", setIdentifier: "i", values: ["192.0.2.1"],
                geoLocation: .init(subdivisionCode: "WA")),  // 19
            Spec(name: "self.example.test.", type: "A", aliasTarget: .init(dnsName: "SELF.example.test.")),  // 20
        ])
        #expect(has(found, 0, "weight 300 is not in 0…255"))
        #expect(has(found, 1, "failover must be PRIMARY or SECONDARY"))
        #expect(has(found, 2, "setIdentifier is required with a weighted routing policy"))
        #expect(has(found, 3, "setIdentifier needs a routing policy"))
        #expect(has(found, 4, "one routing policy per record, found weight, region"))
        #expect(has(found, 5, "bad aliasTarget.dnsName 'www'"))
        #expect(has(found, 6, "values[0] '10.1.2' is not valid A data"))
        #expect(has(found, 7, "values and aliasTarget cannot be used together"))
        #expect(has(found, 8, "a CNAME has exactly one value"))
        #expect(has(found, 9, "type NS cannot be served from a policies file"))
        #expect(has(found, 10, "bad name 'relative'"))
        #expect(has(found, 11, "unknown type 'BOGUS'"))
        #expect(has(found, 12, "values is empty"))
        #expect(has(found, 13, "healthCheckId needs a routing policy"))
        #expect(has(found, 14, "ttl -1 is not in 0…2147483647"))
        #expect(has(found, 15, "an alias has no ttl"))
        #expect(has(found, 16, "a multiValueAnswer record cannot be an alias"))
        #expect(has(found, 17, "geoLocation needs continentCode, countryCode or subdivisionCode"))
        #expect(has(found, 18, "unknown continentCode 'XX'"))
        #expect(has(found, 19, "subdivisionCode needs a countryCode"))
        #expect(has(found, 20, "alias points at itself"))
        #expect(found.count == 21)
        #expect(found.map(\.index) == found.map(\.index).sorted { ($0 ?? -1) < ($1 ?? -1) })
        #expect(found[0].description == "records[0]: weight 300 is not in 0…255")
    }

    @Test func recordsOfOneNameAndTypeAreCheckedTogether() {
        func weighted(_ id: String, _ name: String = "w.example.test.") -> Spec {
            Spec(name: name, type: "A", setIdentifier: id, values: ["192.0.2.1"], weight: 1)
        }
        let found = problems([
            weighted("a"),  // 0
            weighted("a"),  // 1: repeated identifier
            // 2
            Spec(name: "W.EXAMPLE.test.", type: "A", setIdentifier: "b", values: ["192.0.2.2"], region: "eu-west-1"),
            // 3
            Spec(name: "f.example.test.", type: "A", setIdentifier: "p", values: ["192.0.2.1"], failover: "PRIMARY"),
            // 4
            Spec(name: "f.example.test.", type: "A", setIdentifier: "q", values: ["192.0.2.2"], failover: "PRIMARY"),
            Spec(name: "s.example.test.", type: "A", values: ["192.0.2.1"]),  // 5
            Spec(name: "s.example.test.", type: "A", values: ["192.0.2.2"]),  // 6
            Spec(
                name: "g.example.test.", type: "A", setIdentifier: "1", values: ["192.0.2.1"],
                geoLocation: .init(countryCode: "ie")),  // 7
            Spec(
                name: "g.example.test.", type: "A", setIdentifier: "2", values: ["192.0.2.2"],
                geoLocation: .init(countryCode: "IE")),  // 8
            Spec(name: "cn.example.test.", type: "CNAME", values: ["s.example.test."]),  // 9
            Spec(name: "cn.example.test.", type: "TXT", values: ["\"x\""]),  // 10
            Spec(name: "l1.example.test.", type: "A", aliasTarget: .init(dnsName: "l2.example.test.")),  // 11
            Spec(
                name: "l2.example.test.", type: "A", setIdentifier: "x", weight: 1,
                aliasTarget: .init(dnsName: "l1.example.test.")),  // 12
            Spec(
                name: "l2.example.test.", type: "A", setIdentifier: "y", values: ["192.0.2.1"], weight: 1),  // 13
        ])
        #expect(has(found, 1, "setIdentifier 'a' is already used by records[0]"))
        #expect(has(found, 2, "w.example.test. A is already weighted (records[0])"))
        #expect(has(found, 4, "already has a PRIMARY record (records[3])"))
        #expect(has(found, 6, "a second simple record"))
        #expect(has(found, 8, "geoLocation IE is already used by records[7]"))
        #expect(has(found, 10, "has a CNAME and TXT records"))
        #expect(has(found, 11, "alias loop: l1.example.test. → l2.example.test. → l1.example.test."))
        #expect(found.count == 7)
    }

    @Test func aValidDocumentCompilesIntoSets() throws {
        let policies = try PolicySet(records: [
            Spec(name: "www.example.test.", type: "A", setIdentifier: "blue", values: ["192.0.2.1"], weight: 1),
            Spec(
                name: "WWW.example.test.", type: "a", setIdentifier: "green", ttl: 30, values: ["192.0.2.2"],
                weight: 3),
            Spec(name: "www.example.test.", type: "AAAA", values: ["2001:db8::1", "2001:DB8::1"]),
        ])
        #expect(policies.recordSets.count == 2)
        let www = try #require(policies.recordSet(name: DNSName("Www.Example.Test."), type: .a))
        #expect(www.policy == .weighted && www.records.map(\.setIdentifier) == ["blue", "green"])
        #expect(www.records.map(\.routing) == [.weighted(1), .weighted(3)])
        #expect(
            www.records[1].answer
                == .records([
                    ResourceRecord(
                        owner: try DNSName("WWW.example.test."), ttl: 30, data: .a(IPv4Address("192.0.2.2")!))
                ]))
        guard
            case .records(let v6) = policies.recordSet(name: try DNSName("www.example.test."), type: .aaaa)?.records[0]
                .answer
        else {
            Issue.record("no AAAA set")
            return
        }
        #expect(v6.count == 1 && v6[0].ttl == PolicySet.defaultTTL)  // duplicates dropped, default TTL
        #expect(policies.recordSet(name: try DNSName("www.example.test."), type: .txt) == nil)
        #expect(PolicySet.empty.isEmpty)
    }

    // MARK: decoding

    static let json = """
        {"records": [
          {"name": "api.example.test.", "type": "A", "setIdentifier": "eu", "region": "eu-west-1",
           "healthCheckId": "api-eu", "ttl": 60, "values": ["10.1.2.3"]},
          {"name": "api.example.test.", "type": "A", "setIdentifier": "us", "region": "us-east-1",
           "values": ["10.2.2.3"]},
          {"name": "www.example.test.", "type": "A", "setIdentifier": "blue", "weight": 1, "values": ["192.0.2.1"]},
          {"name": "www.example.test.", "type": "A", "setIdentifier": "green", "weight": 3, "values": ["192.0.2.2"]},
          {"name": "geo.example.test.", "type": "A", "setIdentifier": "ie", "geoLocation": {"countryCode": "IE"},
           "values": ["192.0.2.9"]},
          {"name": "mv.example.test.", "type": "TXT", "setIdentifier": "m", "multiValueAnswer": true,
           "values": ["\\"hello world\\""]},
          {"name": "example.test.", "type": "A",
           "aliasTarget": {"dnsName": "www.example.test.", "evaluateTargetHealth": true}}
        ]}
        """

    @Test func aJSONDocumentDecodesAndCompiles() throws {
        let document = try JSONDecoder().decode(PolicyDocument.self, from: Data(Self.json.utf8))
        #expect(document.records.count == 7)
        #expect(document.records[0].healthCheckId == "api-eu" && document.records[0].ttl == 60)
        #expect(document.records[4].geoLocation == PolicyRecordSpec.GeoLocation(countryCode: "IE"))
        #expect(
            document.records[6].aliasTarget
                == PolicyRecordSpec.AliasTarget(dnsName: "www.example.test.", evaluateTargetHealth: true))
        let policies = try PolicySet(document: document)
        #expect(policies.recordSets.map(\.policy) == [.latency, .weighted, .geolocation, .multivalue, .simple])
        #expect(
            policies.recordSets[0].records.map(\.routing) == [
                .latency(region: "eu-west-1"), .latency(region: "us-east-1"),
            ])
        #expect(
            policies.recordSets[3].records[0].answer
                == .records([
                    ResourceRecord(
                        owner: try DNSName("mv.example.test."), ttl: 300, data: .txt([Array("hello world".utf8)]))
                ]))
        // And it serves beside the zone.
        let zones = try AuthoritativeZoneSet(policies.applied(to: [PolicyFixture.zone()]))
        #expect(zones.zone(for: try DNSName("api.example.test."))?.node(at: try DNSName("api.example.test.")) != nil)
    }

    @Test func unknownKeysAreRefused() {
        let typo = #"{"records": [{"name": "www.example.test.", "type": "A", "wieght": 1, "values": ["192.0.2.1"]}]}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PolicyDocument.self, from: Data(typo.utf8))
        }
        let nested = #"{"name": "a.", "type": "A", "aliasTarget": {"dnsName": "b.", "evaluate": true}}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PolicyRecordSpec.self, from: Data(nested.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PolicyDocument.self, from: Data(#"{"record": []}"#.utf8))
        }
        #expect((try? JSONDecoder().decode(PolicyDocument.self, from: Data("{}".utf8)))?.records == [])
    }

    // MARK: against the zones

    @Test func policiesAreCheckedAgainstTheZones() throws {
        let policies = try PolicySet(records: [
            Spec(name: "www.other.test.", type: "A", values: ["192.0.2.1"]),  // 0
            Spec(name: "static.example.test.", type: "A", values: ["192.0.2.1"]),  // 1
            Spec(name: "static.example.test.", type: "TXT", values: ["\"ok\""]),  // 2: other type is fine
            Spec(name: "example.test.", type: "CNAME", values: ["www.example.test."]),  // 3
            Spec(name: "a.example.test.", type: "A", aliasTarget: .init(dnsName: "missing.example.test.")),  // 4
            Spec(name: "b.example.test.", type: "A", aliasTarget: .init(dnsName: "www.other.test.")),  // 5
            Spec(name: "x.sub.example.test.", type: "A", values: ["192.0.2.1"]),  // 6
            Spec(name: "c.example.test.", type: "A", aliasTarget: .init(dnsName: "any.wild.example.test.")),  // 7
            Spec(name: "d.example.test.", type: "A", aliasTarget: .init(dnsName: "ns.sub.example.test.")),  // 8
        ])
        let found = policies.problems(against: [try PolicyFixture.zone()])
        #expect(has(found, 0, "www.other.test. is not in any served zone"))
        #expect(has(found, 1, "the zone file already has A records at static.example.test."))
        #expect(has(found, 3, "a CNAME cannot be at the zone apex"))
        #expect(has(found, 3, "a CNAME allows no other data, and the zone file has SOA"))
        #expect(has(found, 4, "alias target missing.example.test. does not exist in zone example.test."))
        #expect(has(found, 5, "alias target www.other.test. is not in zone example.test."))
        #expect(has(found, 6, "is at or below the delegation point sub.example.test."))
        #expect(
            has(found, 8, "alias target ns.sub.example.test. is at or below the delegation point sub.example.test."))
        #expect(found.count == 8)
        #expect(throws: PolicyError.self) { try policies.applied(to: [PolicyFixture.zone()]) }
    }
}
