import EdgeDNS
import EdgeDNSServer
import Testing

/// DNAME substitution (RFC 6672) in the answer engine; each expectation was checked against BIND 9.18
/// serving the same records (Tests/e2e/dns_zones/dname.test.zone has them too).
@Suite struct DNAMESubstitutionTests {
    static let longTarget = ["a", "b", "c"].map { String(repeating: $0, count: 62) }.joined(separator: ".")

    static let text = """
        $ORIGIN dname.test.
        $TTL 3600
        @          IN SOA   ns1 hostmaster 1 1h 15m 1w 300
        @          IN NS    ns1
        ns1        IN A     192.0.2.53
        www.real   IN A     192.0.2.1
        mail.real  IN MX    10 mx.real
        mx.real    IN A     192.0.2.25
        cn.real    IN CNAME www.real
        Alias  600 IN DNAME Real.dname.test.
        hidden.alias IN A   192.0.2.99
        d1         IN DNAME d2.dname.test.
        d2     120 IN DNAME real.dname.test.
        loop       IN DNAME loop2.dname.test.
        loop2      IN DNAME loop.dname.test.
        grow       IN DNAME x.grow.dname.test.
        ext        IN DNAME other.test.
        both       IN A     192.0.2.7
        both       IN DNAME real.dname.test.
        long       IN DNAME \(longTarget).dname.test.
        del        IN NS    ns.del
        ns.del     IN A     192.0.2.80
        x.del      IN DNAME real.dname.test.
        dncut      IN NS    ns.del
        dncut      IN DNAME real.dname.test.
        """

    static let otherText = """
        $ORIGIN other.test.
        @   IN SOA ns hostmaster 1 1h 15m 1w 300
        @   IN NS  ns
        ns  IN A   203.0.113.53
        """

    static func zones() throws -> AuthoritativeZoneSet {
        try AuthoritativeZoneSet([
            TestZone.parse(text, "dname.test."), TestZone.parse(otherText, "other.test."),
        ])
    }

    func ask(_ name: String, _ type: RecordType, transport: DNSTransport = .udp) throws -> DNSMessage {
        let query = try TestZone.query(name, type)
        return try #require(AnswerEngine().answer(query: query, zones: try Self.zones(), transport: transport))
    }

    @Test func nameBelowTheOwnerGetsTheDNAMEASynthesizedCNAMEAndTheTarget() throws {
        let response = try ask("WWW.alias.dname.test.", .a)
        #expect(response.header.rcode == .noError && response.header.authoritative)
        #expect(
            response.answerLines == [
                "Alias.dname.test. 600 IN DNAME Real.dname.test.",
                "WWW.alias.dname.test. 600 IN CNAME WWW.Real.dname.test.",
                "www.real.dname.test. 3600 IN A 192.0.2.1",
            ])
        #expect(response.authority.map(\.type) == [.ns])
        #expect(response.additional.map(\.description) == ["ns1.dname.test. 3600 IN A 192.0.2.53"])
    }

    @Test func synthesizedTargetsAreFollowedThroughCNAMEsAndGetAdditionalData() throws {
        let viaCNAME = try ask("cn.alias.dname.test.", .a)
        #expect(viaCNAME.answers.map(\.type) == [.dname, .cname, .cname, .a])
        let mail = try ask("mail.alias.dname.test.", .mx)
        #expect(mail.answers.map(\.type) == [.dname, .cname, .mx])
        #expect(mail.owners(mail.additional).contains("mx.real.dname.test."))
    }

    @Test func theOwnerItselfIsNotRewritten() throws {
        let dname = try ask("alias.dname.test.", .dname)
        #expect(dname.answerLines == ["Alias.dname.test. 600 IN DNAME Real.dname.test."])
        let address = try ask("alias.dname.test.", .a)
        #expect(address.header.rcode == .noError && address.answers.isEmpty)
        #expect(address.authority.map(\.type) == [.soa])
        let beside = try ask("both.dname.test.", .a)
        #expect(beside.answerLines == ["both.dname.test. 3600 IN A 192.0.2.7"])
    }

    @Test func dataBelowTheOwnerIsOccluded() throws {
        let response = try ask("hidden.alias.dname.test.", .a)
        #expect(response.header.rcode == .nameError)
        #expect(response.answers.map(\.type) == [.dname, .cname])
        #expect(response.authority.map(\.type) == [.soa])
    }

    @Test func cnameAndANYQuestionsStopAtTheSynthesizedCNAME() throws {
        for type in [RecordType.cname, .any] {
            let response = try ask("cn.alias.dname.test.", type, transport: .tcp)
            #expect(
                response.answerLines == [
                    "Alias.dname.test. 600 IN DNAME Real.dname.test.",
                    "cn.alias.dname.test. 600 IN CNAME cn.Real.dname.test.",
                ])
            #expect(response.authority.map(\.type) == [.ns])
        }
        let dname = try ask("www.alias.dname.test.", .dname)
        #expect(dname.answers.map(\.type) == [.dname, .cname] && dname.authority.map(\.type) == [.soa])
    }

    @Test func chainedDNAMEsEachAddTheirRecords() throws {
        let response = try ask("www.d1.dname.test.", .a)
        #expect(
            response.answerLines == [
                "d1.dname.test. 3600 IN DNAME d2.dname.test.",
                "www.d1.dname.test. 3600 IN CNAME www.d2.dname.test.",
                "d2.dname.test. 120 IN DNAME real.dname.test.",
                "www.d2.dname.test. 120 IN CNAME www.real.dname.test.",
                "www.real.dname.test. 3600 IN A 192.0.2.1",
            ])
    }

    @Test func aLoopIsServfailWithEachRecordOnce() throws {
        let response = try ask("x.loop.dname.test.", .a)
        #expect(response.header.rcode == .serverFailure)
        #expect(response.answers.map(\.type) == [.dname, .cname, .dname, .cname])
        #expect(response.authority.isEmpty)
    }

    @Test func aDNAMEIntoItselfStopsAtTheChainLimit() throws {
        let response = try ask("q.grow.dname.test.", .a, transport: .tcp)
        #expect(response.header.rcode == .serverFailure)
        let links = AnswerEngine.maximumChainLength + 1
        #expect(response.answers.map(\.type) == [.dname] + Array(repeating: .cname, count: links))
        #expect(
            response.answerLines.last?.hasSuffix(" q" + String(repeating: ".x", count: links) + ".grow.dname.test.")
                == true)
    }

    @Test func aTargetInAnotherZoneEndsTheAnswer() throws {
        let response = try ask("ns.ext.dname.test.", .a)
        #expect(response.header.rcode == .noError && response.header.authoritative)
        #expect(response.answerLines.last == "ns.ext.dname.test. 3600 IN CNAME ns.other.test.")
        #expect(response.answers.count == 2 && response.authority.isEmpty && response.additional.isEmpty)
    }

    @Test func aTooLongTargetIsYXDOMAINWithTheDNAMEOnly() throws {
        let label = String(repeating: "x", count: 60)
        let response = try ask("\(label).\(label).long.dname.test.", .a)
        #expect(response.header.rcode == .yxDomain && response.header.authoritative)
        #expect(response.answers.map(\.type) == [.dname])
        #expect(response.authority.isEmpty && response.additional.isEmpty)
        let short = try ask("x.long.dname.test.", .a)
        #expect(short.header.rcode == .nameError && short.answers.map(\.type) == [.dname, .cname])
    }

    @Test func aDelegationAboveTheDNAMEComesFirst() throws {
        let response = try ask("y.x.del.dname.test.", .a)
        #expect(!response.header.authoritative && response.answers.isEmpty)
        #expect(response.authority.map(\.type) == [.ns])
        let beside = try ask("www.dncut.dname.test.", .a)
        #expect(!beside.header.authoritative && beside.answers.isEmpty)
        #expect(beside.owners(beside.authority) == ["dncut.dname.test."])
    }

    @Test func servedZoneLookupFollowsTheSynthesizedCNAME() throws {
        let lookup = ServedZoneLookup(zones: try Self.zones(), engine: AnswerEngine(), location: nil)
        #expect(
            lookup.addresses(of: try DNSName("www.d1.dname.test."))
                == .addresses(ipv4: [IPv4Address("192.0.2.1")!], ipv6: [], ttl: 120))
        guard case .unusable(let reason) = lookup.addresses(of: try DNSName("x.loop.dname.test.")) else {
            Issue.record("a DNAME loop must not give addresses")
            return
        }
        #expect(reason.contains("rcode 2"))
    }
}
