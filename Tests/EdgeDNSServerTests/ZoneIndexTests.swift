import EdgeDNS
import EdgeDNSServer
import Testing

/// Zone and delegation lookups give the same results with few entries (scanned) and many (hashed).
@Suite struct ZoneIndexTests {
    /// A zone `example.test.` with `count` delegations `d0` … and a nested one below `d0`.
    private static func zone(delegations count: Int) throws -> AuthoritativeZone {
        var text = """
            $ORIGIN example.test.
            @ 60 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @ 60 IN NS ns1
            ns1 60 IN A 192.0.2.1
            x.y.d0 60 IN NS ns.elsewhere.test.

            """
        for index in 0..<count { text += "d\(index) 60 IN NS ns.d\(index)\n" }
        return try AuthoritativeZone(TestZone.parse(text, "example.test."))
    }

    @Test(arguments: [2, 20]) func theHighestDelegationCoversAName(count: Int) throws {
        let zone = try Self.zone(delegations: count)
        #expect(
            zone.delegation(covering: try DNSName("a.x.Y.D0.example.test."))?.owner == (try DNSName("d0.example.test."))
        )
        #expect(zone.delegation(covering: try DNSName("d1.example.test."))?.owner == (try DNSName("d1.example.test.")))
        #expect(zone.delegation(covering: try DNSName("ns1.example.test.")) == nil)
        #expect(zone.delegation(covering: try DNSName("example.test.")) == nil)
        #expect(zone.delegation(covering: try DNSName("d1.other.test.")) == nil)
    }

    @Test(arguments: [2, 20]) func theClosestEnclosingZoneAnswers(count: Int) throws {
        var texts: [(String, String)] = []
        for index in 0..<count {
            let origin = index == 0 ? "example.test." : "z\(index).example.test."
            texts.append(("@ 60 IN SOA ns1.example.test. h.example.test. 1 2 3 4 5\n", origin))
        }
        let zones = try AuthoritativeZoneSet(texts.map { try TestZone.parse($0.0, $0.1) })
        #expect(zones.zone(for: try DNSName("a.Z1.example.test."))?.origin == (try DNSName("z1.example.test.")))
        #expect(zones.zone(for: try DNSName("a.z.example.test."))?.origin == (try DNSName("example.test.")))
        #expect(zones.zone(for: try DNSName("example.test."))?.origin == (try DNSName("example.test.")))
        #expect(zones.zone(for: try DNSName("test.")) == nil)
    }
}
