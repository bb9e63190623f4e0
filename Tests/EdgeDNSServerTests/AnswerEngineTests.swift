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

    @Test func cnameIntoAnotherServedZone() throws {
        let response = try ask("other.example.test.", .a, rd: true)
        #expect(
            response.answerLines == [
                "other.Example.Test. 3600 IN CNAME www.Child.example.test.",
                "www.child.example.test. 60 IN A 192.0.2.9",
            ])
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
}
