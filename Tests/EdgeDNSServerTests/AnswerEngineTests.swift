import EdgeDNS
import EdgeDNSServer
import Testing

/// Asks the engine one question against the test zones.
private func ask(
    _ name: String, _ type: RecordType, rd: Bool = false, transport: DNSTransport = .udp,
    edns: EDNS? = EDNS(udpPayloadSize: 1232), questionClass: RecordClass = .in
) throws -> DNSMessage {
    let query = try TestZone.query(name, type, recursionDesired: rd, edns: edns, questionClass: questionClass)
    let response = AnswerEngine().answer(query: query, zones: try TestZone.zones(), transport: transport)
    return try #require(response)
}

@Suite struct AnswerEngineTests {
    @Test func apexSOAIsAuthoritativeWithFlagsCopied() throws {
        let response = try ask("example.test.", .soa, rd: true)
        #expect(response.header.isResponse && response.header.authoritative)
        #expect(response.header.recursionDesired && !response.header.recursionAvailable)
        #expect(response.header.id == 0x1234 && response.header.rcode == .noError)
        #expect(response.answers.map(\.type) == [.soa])
        #expect(response.authority.isEmpty)
        #expect(response.edns == EDNS(udpPayloadSize: 1232))
    }

    @Test func cnameChainIsFollowedWithZoneCaseOwners() throws {
        let response = try ask("WwW.EXAMPLE.test.", .a)
        #expect(response.questions.first?.name.description == "WwW.EXAMPLE.test.")
        #expect(
            response.answerLines == [
                "www.Example.Test. 3600 IN CNAME web.Example.Test.",
                "web.Example.Test. 3600 IN CNAME Host.Example.Test.",
                "Host.Example.Test. 3600 IN A 192.0.2.80",
            ])
        // No RD: BIND's minimal-responses no-auth-recursive adds the apex NS and their addresses.
        #expect(
            response.authority.map(\.data) == [
                .ns(try TestZone.name("ns1.example.test.")), .ns(try TestZone.name("ns2.other.invalid.")),
            ])
        #expect(response.additional.map(\.type) == [.a, .aaaa])
        #expect(response.owners(response.additional) == ["ns1.Example.Test.", "ns1.Example.Test."])
    }

    @Test func recursionDesiredOmitsAuthorityOnPositiveAnswers() throws {
        let response = try ask("example.test.", .mx, rd: true)
        #expect(response.answerLines == ["Example.Test. 3600 IN MX 10 Mail.Example.Test."])
        #expect(response.authority.isEmpty)
        #expect(response.additional.map(\.description) == ["Mail.Example.Test. 3600 IN A 192.0.2.25"])
    }

    @Test func smallEDNSBufferOverUDPGetsMinimalResponses() throws {
        let small = try ask("example.test.", .mx, edns: EDNS(udpPayloadSize: 512))
        #expect(small.answers.count == 1 && small.authority.isEmpty && small.additional.isEmpty)
        let tcp = try ask("example.test.", .mx, transport: .tcp, edns: EDNS(udpPayloadSize: 512))
        #expect(tcp.authority.count == 2 && tcp.additional.count == 3)
        let plain = try ask("example.test.", .mx, edns: nil)
        #expect(plain.authority.count == 2 && plain.additional.count == 3)
        let referral = try ask("www.sub.example.test.", .a, edns: EDNS(udpPayloadSize: 512))
        #expect(referral.authority.count == 2 && referral.additional.count == 1)
    }

    @Test func srvTargetsGetAddresses() throws {
        let response = try ask("srv.example.test.", .srv, rd: true)
        #expect(
            response.additional.map(\.description) == [
                "Host.Example.Test. 3600 IN A 192.0.2.80", "Host.Example.Test. 3600 IN AAAA 2001:db8::80",
            ])
    }

    @Test func nxdomainHasSOAWithNegativeTTL() throws {
        let response = try ask("nope.example.test.", .a, rd: true)
        #expect(response.header.rcode == .nameError && response.header.authoritative)
        #expect(response.answers.isEmpty)
        #expect(
            response.authority.map(\.description) == [
                "Example.Test. 300 IN SOA ns1.Example.Test. hostmaster.Example.Test. 2024010101 3600 900 604800 300"
            ])
    }

    @Test func negativeTTLIsTheSmallerOfSOATTLAndMinimum() throws {
        let response = try ask("nope.child.example.test.", .a)
        #expect(response.header.rcode == .nameError)
        #expect(response.authority.first?.ttl == 60)
        #expect(response.authority.first?.owner.description == "child.example.test.")
    }

    @Test func nodataAndEmptyNonTerminals() throws {
        for name in ["Host.example.test.", "ent.example.test.", "b.ent.example.test."] {
            let response = try ask(name, .txt)
            #expect(response.header.rcode == .noError, "\(name)")
            #expect(response.header.authoritative && response.answers.isEmpty, "\(name)")
            #expect(response.authority.map(\.type) == [.soa], "\(name)")
        }
    }

    @Test func wildcardSynthesisUsesTheQueryNameAsOwner() throws {
        let response = try ask("FOO.wild.example.test.", .a, rd: true)
        #expect(response.answerLines == ["FOO.wild.example.test. 3600 IN A 192.0.2.99"])
        let deep = try ask("x.y.wild.example.test.", .txt, rd: true)
        #expect(deep.answerLines == ["x.y.wild.example.test. 3600 IN TXT \"wild\""])
        let noType = try ask("foo.wild.example.test.", .mx)
        #expect(noType.header.rcode == .noError && noType.answers.isEmpty && noType.authority.map(\.type) == [.soa])
        let literal = try ask("*.wild.example.test.", .a, rd: true)
        #expect(literal.owners(literal.answers) == ["*.wild.Example.Test."])
    }

    @Test func explicitNameBlocksTheWildcard() throws {
        let response = try ask("exp.wild.example.test.", .txt)
        #expect(response.header.rcode == .noError && response.answers.isEmpty)
        let below = try ask("x.exp.wild.example.test.", .a)
        #expect(below.header.rcode == .nameError)
    }

    @Test func wildcardCNAMEIsFollowed() throws {
        let response = try ask("Zz.cw.example.test.", .aaaa, rd: true)
        #expect(
            response.answerLines == [
                "Zz.cw.example.test. 3600 IN CNAME Host.Example.Test.", "Host.Example.Test. 3600 IN AAAA 2001:db8::80",
            ])
    }

    @Test func delegationIsAReferralWithGlue() throws {
        for name in ["www.sub.example.test.", "sub.example.test.", "ns.sub.example.test."] {
            let response = try ask(name, name.hasPrefix("sub") ? .ns : .a, rd: true)
            #expect(!response.header.authoritative && response.header.rcode == .noError, "\(name)")
            #expect(response.answers.isEmpty, "\(name)")
            #expect(
                response.authority.map(\.description) == [
                    "sub.Example.Test. 3600 IN NS ns.sub.Example.Test.",
                    "sub.Example.Test. 3600 IN NS ns.elsewhere.invalid.",
                ], "\(name)")
            #expect(response.additional.map(\.description) == ["ns.sub.Example.Test. 3600 IN A 192.0.2.200"], "\(name)")
        }
    }

    @Test func dsAtTheCutIsAnsweredByTheParent() throws {
        let response = try ask("sub.example.test.", .ds)
        #expect(response.header.authoritative && response.answers.isEmpty)
        #expect(response.authority.map(\.type) == [.soa])
    }

    @Test func cnameIntoADelegationKeepsAAAndRefers() throws {
        let response = try ask("tosub.example.test.", .a)
        #expect(response.header.authoritative)
        #expect(response.answers.map(\.type) == [.cname])
        #expect(response.authority.map(\.type) == [.ns, .ns])
        #expect(response.additional.map(\.type) == [.a])
    }

    @Test func cnameOutOfTheServedZonesStops() throws {
        let response = try ask("out.example.test.", .a)
        #expect(response.header.rcode == .noError && response.header.authoritative)
        #expect(response.answerLines == ["out.Example.Test. 3600 IN CNAME target.elsewhere.invalid."])
        #expect(response.authority.isEmpty)
    }

    @Test func cnameIntoAnotherServedZoneEndsTheAnswerAsBINDDoes() throws {
        // BIND answers only from the zone of the question: the chain stops at the zone boundary, even
        // though the target's zone is served here, and there is no authority section.
        for rd in [true, false] {
            let response = try ask("other.example.test.", .a, rd: rd)
            #expect(response.header.rcode == .noError && response.header.authoritative)
            #expect(response.answerLines == ["other.Example.Test. 3600 IN CNAME www.Child.example.test."])
            #expect(response.authority.isEmpty && response.additional.isEmpty)
        }
        // The edge's own lookups (a context with a location) follow the chain into the other zone.
        let query = try TestZone.query("other.example.test.", .a)
        let own = QueryContext(transport: .tcp, location: ClientNetworkLocation(region: "eu-west-1"))
        let response = try #require(AnswerEngine().answer(query: query, zones: try TestZone.zones(), context: own))
        #expect(
            response.answerLines == [
                "other.Example.Test. 3600 IN CNAME www.Child.example.test.",
                "www.child.example.test. 60 IN A 192.0.2.9",
            ])
    }

    @Test func servedZoneLookupStillFollowsCNAMEsIntoOtherServedZones() throws {
        let lookup = ServedZoneLookup(
            zones: try TestZone.zones(), engine: AnswerEngine(), location: ClientNetworkLocation(region: "local"))
        let answer = lookup.addresses(of: try TestZone.name("other.example.test."))
        #expect(answer == .addresses(ipv4: [try #require(IPv4Address("192.0.2.9"))], ipv6: [], ttl: 60))
    }

    @Test func cnameLoopIsServfail() throws {
        let response = try ask("loop1.example.test.", .a)
        #expect(response.header.rcode == .serverFailure)
        #expect(response.answers.map(\.type) == [.cname, .cname])
    }

    @Test func danglingCNAMEIsNXDOMAINWithTheChain() throws {
        let response = try ask("dangling.example.test.", .a)
        #expect(response.header.rcode == .nameError && response.header.authoritative)
        #expect(response.answers.map(\.type) == [.cname])
        #expect(response.authority.map(\.type) == [.soa])
    }

    @Test func cnameQueryDoesNotFollow() throws {
        let response = try ask("loop1.example.test.", .cname, rd: true)
        #expect(response.header.rcode == .noError && response.answers.map(\.type) == [.cname])
    }

    @Test func anyOverUDPIsOneRRsetAndOverTCPAll() throws {
        let udp = try ask("example.test.", .any, rd: true)
        #expect(udp.answers.map(\.type) == [.soa])
        let tcp = try ask("example.test.", .any, rd: true, transport: .tcp)
        #expect(tcp.answers.map(\.type) == [.soa, .ns, .ns, .mx, .a])
        #expect(tcp.additional.isEmpty)
        let alias = try ask("www.example.test.", .any, transport: .tcp)
        #expect(alias.answers.map(\.type) == [.cname])
        let empty = try ask("ent.example.test.", .any)
        #expect(empty.answers.isEmpty && empty.authority.map(\.type) == [.soa])
        let synthesized = try ask("q.wild.example.test.", .any, transport: .tcp)
        #expect(synthesized.owners(synthesized.answers) == ["q.wild.example.test.", "q.wild.example.test."])
    }

    @Test func namesOutsideTheZonesAreRefused() throws {
        let response = try ask("nowhere.invalid.", .a, rd: true)
        #expect(response.header.rcode == .refused && !response.header.authoritative)
        #expect(response.questions.count == 1 && response.answers.isEmpty && response.header.recursionDesired)
    }

    @Test func classesOtherThanINAreRefusedAndANYIsFormerr() throws {
        #expect(try ask("version.bind.", .txt, questionClass: .ch).header.rcode == .refused)
        #expect(try ask("example.test.", .soa, questionClass: .any).header.rcode == .formatError)
    }

    @Test func metaTypes() throws {
        #expect(try ask("example.test.", .opt).header.rcode == .formatError)
        #expect(try ask("example.test.", .axfr).header.rcode == .formatError)
        #expect(try ask("example.test.", .axfr, transport: .tcp).header.rcode == .refused)
        #expect(try ask("example.test.", RecordType(rawValue: 253)).header.rcode == .notImplemented)
    }

    @Test func questionCountOtherThanOneIsFormerr() throws {
        var query = try TestZone.query("example.test.", .soa)
        query.questions += query.questions
        let two = try #require(AnswerEngine().answer(query: query, zones: try TestZone.zones(), transport: .udp))
        #expect(two.header.rcode == .formatError && two.questions.isEmpty)
        query.questions = []
        let none = try #require(AnswerEngine().answer(query: query, zones: try TestZone.zones(), transport: .udp))
        #expect(none.header.rcode == .formatError)
    }

    @Test func otherOpcodesAreNotImplemented() throws {
        var query = try TestZone.query("example.test.", .soa)
        query.header.opcode = .status
        query.header.recursionDesired = true
        let response = try #require(AnswerEngine().answer(query: query, zones: try TestZone.zones(), transport: .udp))
        #expect(response.header.rcode == .notImplemented && response.header.opcode == .status)
        #expect(response.questions.isEmpty && !response.header.authoritative && !response.header.recursionDesired)
    }

    @Test func responsesAreNeverAnswered() throws {
        var query = try TestZone.query("example.test.", .soa)
        query.header.isResponse = true
        #expect(AnswerEngine().answer(query: query, zones: try TestZone.zones(), transport: .udp) == nil)
        #expect(AnswerEngine.formatError(for: query.header) == nil)
    }

    @Test func formatErrorFromAHeader() throws {
        let bytes: [UInt8] = [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 0x65]
        #expect(throws: DNSWireError.self) { try DNSMessage.decode(bytes) }
        let header = try #require(DNSMessage.decodeHeader(bytes))
        let response = try #require(AnswerEngine.formatError(for: header))
        #expect(response.header.id == 0xABCD && response.header.rcode == .formatError)
        #expect(response.header.recursionDesired && response.header.isResponse)
    }

    @Test func ednsVersionAboveZeroIsBadvers() throws {
        let response = try ask("example.test.", .soa, edns: EDNS(udpPayloadSize: 4096, version: 1))
        #expect(response.header.rcode == .badVersion && response.answers.isEmpty)
        #expect(response.edns?.version == 0)
        let decoded = try DNSMessage.decode(response.encode().bytes)
        #expect(decoded.header.rcode == .badVersion)
    }

    @Test func ednsIsEchoedOnlyWhenAsked() throws {
        #expect(try ask("example.test.", .soa, edns: nil).edns == nil)
        let response = try ask("example.test.", .soa, edns: EDNS(udpPayloadSize: 4096, dnssecOK: true))
        #expect(response.edns == EDNS(udpPayloadSize: 1232, dnssecOK: true))
    }

    @Test func recordSourceChoosesTheRRset() throws {
        struct FirstOnly: RecordSource {
            func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext)
                -> [ResourceRecord]
            {
                Array(node.rrset(type).prefix(context.client == nil ? 1 : 0))
            }
        }
        let engine = AnswerEngine(records: FirstOnly())
        let query = try TestZone.query("big.example.test.", .txt)
        let response = try #require(engine.answer(query: query, zones: try TestZone.zones(), transport: .udp))
        #expect(response.answers.count == 1)
        let withClient = QueryContext(transport: .udp, client: .v4(try #require(IPv4Address("192.0.2.1"))))
        let hidden = try #require(engine.answer(query: query, zones: try TestZone.zones(), context: withClient))
        #expect(hidden.answers.isEmpty && hidden.authority.map(\.type) == [.soa])
    }

    // MARK: EDNS Client Subnet (RFC 7871 §7.2.1)

    /// Policies where some answers depend on the client's location and some do not.
    private static func clientSubnetHarness() throws -> PolicyHarness {
        try PolicyHarness([
            PolicyRecordSpec(
                name: "lat.example.test.", type: "A", setIdentifier: "eu", values: ["10.1.2.3"], region: "eu-west-1"),
            PolicyRecordSpec(
                name: "lat.example.test.", type: "A", setIdentifier: "us", values: ["10.2.2.3"], region: "us-east-1"),
            PolicyRecordSpec(
                name: "geo.example.test.", type: "A", setIdentifier: "ie", values: ["192.0.2.91"],
                geoLocation: .init(countryCode: "IE")),
            PolicyRecordSpec(
                name: "alias.example.test.", type: "A", aliasTarget: .init(dnsName: "lat.example.test.")),
            PolicyRecordSpec(
                name: "w.example.test.", type: "A", setIdentifier: "a", values: ["192.0.2.1"], weight: 1),
            PolicyRecordSpec(
                name: "w.example.test.", type: "A", setIdentifier: "b", values: ["192.0.2.2"], weight: 1),
        ])
    }

    /// The response to `name` A with an ECS option, through the policy harness.
    private static func askWithSubnet(
        _ harness: PolicyHarness, _ name: String, _ type: RecordType = .a, subnet: ClientSubnet
    ) throws -> DNSMessage {
        var query = try TestZone.query(name, type)
        query.edns?.clientSubnet = subnet
        let context = QueryContext(transport: .udp, clientSubnet: subnet)
        return try #require(
            AnswerEngine(records: harness.source).answer(query: query, zones: harness.zones, context: context))
    }

    @Test func clientSubnetIsEchoedWithTheSourcePrefixAsScopeWhenTheAnswerDependsOnIt() throws {
        let harness = try Self.clientSubnetHarness()
        let subnet = try ClientSubnet(family: 1, address: [10, 2, 7, 9], sourcePrefixLength: 24)
        for name in ["lat.example.test.", "alias.example.test.", "geo.example.test."] {
            let response = try Self.askWithSubnet(harness, name, subnet: subnet)
            let echoed = try #require(response.edns?.clientSubnet)
            #expect(echoed.family == 1 && echoed.sourcePrefixLength == 24 && echoed.address == [10, 2, 7], "\(name)")
            #expect(echoed.scopePrefixLength == 24, "\(name)")
        }
        // The geolocation set has no record for the US and no default: NODATA, still location-dependent.
        let nodata = try Self.askWithSubnet(harness, "geo.example.test.", subnet: subnet)
        #expect(nodata.answers.isEmpty && nodata.authority.map(\.type) == [.soa])
        #expect(
            try Self.askWithSubnet(harness, "lat.example.test.", subnet: subnet).answers.map(\.data.presentation) == [
                "10.2.2.3"
            ])
    }

    @Test func clientSubnetScopeIsZeroWhenTheAnswerIsTheSameForEveryClient() throws {
        let harness = try Self.clientSubnetHarness()
        let subnet = try ClientSubnet(family: 2, address: IPv6Address("2001:db8:1::")!.bytes, sourcePrefixLength: 56)
        for (name, type) in [
            ("static.example.test.", RecordType.a), ("w.example.test.", .a), ("lat.example.test.", .aaaa),
            ("nothing.example.test.", .a), ("www.sub.example.test.", .a),
        ] {
            let echoed = try #require(try Self.askWithSubnet(harness, name, type, subnet: subnet).edns?.clientSubnet)
            #expect(echoed == subnet, "\(name) \(type)")  // scope 0, everything else as sent
        }
        // Source prefix 0: the client asked not to be located by subnet, so scope 0 even for latency.
        let none = try ClientSubnet(family: 1, address: [0, 0, 0, 0], sourcePrefixLength: 0)
        #expect(try Self.askWithSubnet(harness, "lat.example.test.", subnet: none).edns?.clientSubnet == none)
        // Without ECS in the query there is none in the response, and zone-file engines never scope.
        let plain = try harness.response("lat.example.test.")
        #expect(plain.edns == EDNS(udpPayloadSize: 1232))
        var query = try TestZone.query("example.test.", .a)
        let v4 = try ClientSubnet(family: 1, address: [10, 1, 0, 0], sourcePrefixLength: 16)
        query.edns?.clientSubnet = v4
        let response = try #require(
            AnswerEngine().answer(query: query, zones: try TestZone.zones(), context: QueryContext(transport: .udp)))
        #expect(response.edns?.clientSubnet == v4)
    }

    @Test func clientSubnetScopeIsTheSourcePrefixForASourceThatDoesNotSayWhetherItLocates() throws {
        struct Opaque: RecordSource {
            func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext)
                -> [ResourceRecord]
            { node.rrset(type) }
        }
        var query = try TestZone.query("www.example.test.", .a)
        let v4 = try ClientSubnet(family: 1, address: [10, 1, 0, 0], sourcePrefixLength: 16)
        query.edns?.clientSubnet = v4
        let context = QueryContext(transport: .udp, clientSubnet: v4)
        let response = try #require(
            AnswerEngine(records: Opaque()).answer(query: query, zones: try TestZone.zones(), context: context))
        #expect(response.edns?.clientSubnet?.scopePrefixLength == 16)
        #expect(!StaticRecordSource().isLocationDependent(at: ZoneNode(owner: .root), type: .a, in: try zoneOf(query)))
    }

    private func zoneOf(_ query: DNSMessage) throws -> AuthoritativeZone {
        try #require(try TestZone.zones().zone(for: query.questions[0].name))
    }

    // MARK: BIND 9.18 compatibility (found with scripts/compare-bind.py)

    /// A zone with the cases BIND 9.18 treats specially.
    private static let bindCasesText = """
        $ORIGIN bind.test.
        $TTL 600
        @        IN SOA  ns1 hostmaster 1 1h 15m 1w 120
        @        IN NS   ns1
        @        IN NS   ns2
        ns1      IN A    198.51.100.53
        ns1      IN AAAA 2001:db8::53
        ns2      IN A    198.51.100.54
        mx1      IN A    198.51.100.25
        mx1      IN AAAA 2001:db8::25
        mx2      IN A    198.51.100.26
        two      IN MX   10 mx1
        two      IN MX   20 mx2
        deleg    IN NS   ns1.deleg
        deleg    IN DS   12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE8BD1D3A4C1D7F0A7F7A2B3C4
        ns1.deleg IN A   198.51.100.91
        sibling  IN NS   ns1.deleg
        mixed    IN NS   ns.mixed
        mixed    IN NS   ns1
        ns.mixed IN A    198.51.100.93
        """

    private static func bindCases(extra: String = "") throws -> AuthoritativeZoneSet {
        try AuthoritativeZoneSet([TestZone.parse(bindCasesText + "\n" + extra, "bind.test.")])
    }

    private static func askZones(_ zones: AuthoritativeZoneSet, _ name: String, _ type: RecordType, rd: Bool = false)
        throws -> DNSMessage
    {
        let query = try TestZone.query(name, type, recursionDesired: rd)
        return try #require(AnswerEngine().answer(query: query, zones: zones, transport: .tcp))
    }

    @Test func chainsStopAfterElevenCNAMEsAsBINDsRestarts() throws {
        var chain = (0..<12).map { "chain\($0) IN CNAME chain\($0 + 1)" }
        chain.append("chain12 IN A 198.51.100.120")
        let zones = try Self.bindCases(extra: chain.joined(separator: "\n"))
        let longest = try Self.askZones(zones, "chain1.bind.test.", .a)
        #expect(longest.header.rcode == .noError)
        #expect(longest.answers.map(\.type) == Array(repeating: .cname, count: 11) + [.a])
        let tooLong = try Self.askZones(zones, "chain0.bind.test.", .a)
        #expect(tooLong.header.rcode == .serverFailure && tooLong.header.authoritative)
        #expect(tooLong.answers.map(\.type) == Array(repeating: .cname, count: 12))
        #expect(AnswerEngine.maximumChainLength == 11)
    }

    @Test func nxdomainToAnSOAQueryHasAZeroSOATTL() throws {
        let nx = try ask("nope.example.test.", .soa)
        #expect(nx.header.rcode == .nameError && nx.authority.map(\.ttl) == [0])
        let viaCNAME = try ask("dangling.example.test.", .soa)
        #expect(viaCNAME.header.rcode == .nameError && viaCNAME.authority.map(\.ttl) == [0])
        // NODATA to SOA, and NXDOMAIN to other types, keep min(SOA TTL, MINIMUM).
        #expect(try ask("host.example.test.", .soa).authority.map(\.ttl) == [300])
        #expect(try ask("nope.example.test.", .txt).authority.map(\.ttl) == [300])
    }

    @Test func referralsCarryOnlyGlueFromBelowACut() throws {
        let zones = try Self.bindCases()
        // Sibling glue: the server of `sibling` lives below the `deleg` cut.
        let sibling = try Self.askZones(zones, "www.sibling.bind.test.", .a)
        #expect(!sibling.header.authoritative)
        #expect(sibling.additional.map(\.description) == ["ns1.deleg.bind.test. 600 IN A 198.51.100.91"])
        // ns1.bind.test. is authoritative data, not glue: BIND leaves it out of referrals.
        let mixed = try Self.askZones(zones, "www.mixed.bind.test.", .a)
        #expect(mixed.authority.count == 2)
        #expect(mixed.additional.map(\.description) == ["ns.mixed.bind.test. 600 IN A 198.51.100.93"])
    }

    @Test func additionalDataComesOnlyFromTheQuestionsZone() throws {
        // child.example.test.'s NS is ns1.example.test., served here in another zone: no addresses.
        let response = try ask("www.child.example.test.", .a)
        #expect(response.answers.count == 1 && response.authority.map(\.type) == [.ns])
        #expect(response.additional.isEmpty)
    }

    @Test func additionalAddressesAreAThenAAAA() throws {
        let response = try Self.askZones(try Self.bindCases(), "two.bind.test.", .mx)
        #expect(
            response.additional.map { "\($0.owner) \($0.type)" } == [
                "mx1.bind.test. A", "mx2.bind.test. A", "ns1.bind.test. A", "ns2.bind.test. A",
                "mx1.bind.test. AAAA", "ns1.bind.test. AAAA",
            ])
    }

    @Test func rrsetsOfMoreThanThirteenRecordsGetNoAdditionalData() throws {
        func zone(_ count: Int) throws -> AuthoritativeZoneSet {
            try Self.bindCases(
                extra: (0..<count).map { "many IN MX \($0) t\($0)\nt\($0) IN A 10.0.0.\($0 + 1)" }.joined(
                    separator: "\n"))
        }
        let thirteen = try Self.askZones(try zone(13), "many.bind.test.", .mx)
        #expect(thirteen.additional.filter { $0.owner.description.hasPrefix("t") }.count == 13)
        let fourteen = try Self.askZones(try zone(14), "many.bind.test.", .mx)
        #expect(fourteen.answers.count == 14)
        // The MX targets get nothing; the apex NS (two records) still get their addresses.
        #expect(Set(fourteen.additional.map(\.owner.description)) == ["ns1.bind.test.", "ns2.bind.test."])
    }

    @Test func dsIsAnsweredByTheParentSide() throws {
        // A DS at a delegation: answered by the parent, without the apex NS BIND leaves out for it.
        let ds = try Self.askZones(try Self.bindCases(), "deleg.bind.test.", .ds)
        #expect(ds.header.authoritative && ds.answers.map(\.type) == [.ds])
        #expect(ds.authority.isEmpty && ds.additional.isEmpty)
        // The apex of a zone served here whose parent is also served (not delegated): the parent answers.
        let apex = try ask("child.example.test.", .ds)
        #expect(apex.header.rcode == .nameError && apex.header.authoritative)
        #expect(apex.authority.map(\.owner.description) == ["Example.Test."])
        // The child's own apex still answers every other type.
        #expect(try ask("child.example.test.", .soa).answers.map(\.type) == [.soa])
    }
}
