import Testing

@testable import EdgeDNS

@Suite struct ZoneFileParserTests {
    static let origin = try! DNSName("example.test.")

    static let fullZone = """
        $TTL 1h ; default
        @   IN  SOA ns1 hostmaster (
                2024010101 ; serial
                3600 900 1w
                300 )
            IN  NS  ns1
            IN  NS  ns2.example.net.
            MX  10 mail
        ns1     A   192.0.2.53
        mail 300 IN A 192.0.2.25
        www IN 60 AAAA 2001:db8::80
        alias   CNAME www
        txt     TXT "v=spf1 -all" "second string"
        _sip._tcp SRV 0 5 5060 sip
        @       CAA 0 issue "letsencrypt.org"
        naptr   NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:x@example.test!" .
        sub     DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
        svc     SVCB 1 . alpn=h2 port=8443
        @       HTTPS 1 . alpn="h2,h3"
        rev     PTR www
        opaque  TYPE999 \\# 2 abcd
        """

    @Test func parsesEveryRecordType() throws {
        let zone = try ZoneFileParser.parse(text: Self.fullZone, file: "example.test.zone", origin: Self.origin)
        #expect(zone.origin == Self.origin)
        #expect(zone.records.count == 17)
        let types = Set(zone.records.map(\.type))
        let expected: Set<RecordType> = [
            .soa, .ns, .mx, .a, .aaaa, .cname, .txt, .srv, .caa, .naptr, .ds, .svcb,
            .https, .ptr, RecordType(rawValue: 999),
        ]
        #expect(types == expected)
        #expect(zone.soa?.serial == 2024010101)
        #expect(zone.soa?.expire == 604_800)
        #expect(zone.records[0].ttl == 3600)
        let mail = try #require(zone.records.first { $0.owner == (try! DNSName("mail.example.test.")) })
        #expect(mail.ttl == 300)
        let www = try #require(zone.records.first { $0.type == .aaaa })
        #expect(www.ttl == 60 && www.owner.description == "www.example.test.")
        #expect(zone.records[2].owner == Self.origin)
        #expect(zone.records[3].data == .mx(preference: 10, exchange: try DNSName("mail.example.test.")))
        #expect(zone.location(ofRecordAt: 1) == ZoneLocation(file: "example.test.zone", line: 6))
        #expect(zone.location(ofRecordAt: 4) == ZoneLocation(file: "example.test.zone", line: 9))
        #expect(ZoneChecker.check(zone).isEmpty)
    }

    @Test func recordsRoundTripThroughTheirPrintedForm() throws {
        let zone = try ZoneFileParser.parse(text: Self.fullZone, file: "z", origin: Self.origin)
        let printed = zone.records.map(\.description).joined(separator: "\n")
        let again = try ZoneFileParser.parse(text: printed, file: "z", origin: Self.origin)
        #expect(again.records == zone.records)
    }

    @Test func originDirectiveChangesRelativeNames() throws {
        let text = """
            $TTL 60
            $ORIGIN example.test.
            a A 192.0.2.1
            $ORIGIN sub
            b A 192.0.2.2
            @ A 192.0.2.3
            """
        let zone = try ZoneFileParser.parse(text: text, file: "z")
        #expect(zone.origin == Self.origin)
        #expect(
            zone.records.map(\.owner.description) == ["a.example.test.", "b.sub.example.test.", "sub.example.test."])
    }

    @Test func ttlRulesFollowBIND() throws {
        let noDefault = """
            @ IN SOA ns1 host 1 2 3 4 500
            @ NS ns1
            ns1 1200 A 192.0.2.1
            www A 192.0.2.2
            """
        let zone = try ZoneFileParser.parse(text: noDefault, file: "z", origin: Self.origin)
        #expect(zone.records.map(\.ttl) == [500, 500, 1200, 1200])
        let withDefault = """
            $TTL 2d
            @ 30 SOA ns1 host 1 2 3 4 500
            @ NS ns1
            $TTL 90
            ns1 A 192.0.2.1
            """
        let other = try ZoneFileParser.parse(text: withDefault, file: "z", origin: Self.origin)
        #expect(other.records.map(\.ttl) == [30, 172_800, 90])
    }

    @Test func blankOwnerAndClassCarryOver() throws {
        let text = "$TTL 5\nhost IN A 192.0.2.1\n     A 192.0.2.2\n\tIN TXT x\n"
        let zone = try ZoneFileParser.parse(text: text, file: "z", origin: Self.origin)
        #expect(zone.records.allSatisfy { $0.owner.description == "host.example.test." && $0.recordClass == .in })
        #expect(zone.records.count == 3)
    }

    @Test func includeReadsRelativeToTheZoneFileWithItsOwnOrigin() throws {
        let files = [
            "inc/hosts.inc": "a A 192.0.2.1\n$INCLUDE more.inc\n",
            "inc/more.inc": "b A 192.0.2.2\n",
        ]
        var asked: [String] = []
        let text = """
            $TTL 60
            $INCLUDE inc/hosts.inc sub.example.test.
            c A 192.0.2.3
            """
        let zone = try ZoneFileParser.parse(text: text, file: "zones/z.zone", origin: Self.origin) { path in
            asked.append(path)
            guard let text = files[path] else { throw ZoneFileErrors(problems: []) }
            return text
        }
        #expect(asked == ["inc/hosts.inc", "inc/more.inc"])
        #expect(
            zone.records.map(\.owner.description) == ["a.sub.example.test.", "b.sub.example.test.", "c.example.test."])
        #expect(zone.location(ofRecordAt: 1) == ZoneLocation(file: "zones/inc/more.inc", line: 1))
    }

    @Test func originComesFromTheSOAWhenNotGiven() throws {
        let zone = try ZoneFileParser.parse(
            text: "example.test. 60 SOA ns1.example.test. h.example.test. 1 2 3 4 5\n", file: "z")
        #expect(zone.origin == Self.origin)
    }

    @Test func quotedStringsKeepSpecialCharacters() throws {
        let text = "$TTL 1\nt TXT \"a;b (c) \\\"d\\\" \\065\" ; comment\n"
        let zone = try ZoneFileParser.parse(text: text, file: "z", origin: Self.origin)
        #expect(zone.records.first?.data == .txt([Array("a;b (c) \"d\" A".utf8)]))
    }
}
