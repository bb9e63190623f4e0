import EdgeDNS
import EdgeResolver
import NIOCore
import Testing

private func name(_ text: String) -> DNSName { try! DNSName(text) }

private func record(_ owner: String, _ ttl: UInt32, _ data: RData) -> ResourceRecord {
    ResourceRecord(owner: name(owner), ttl: ttl, data: data)
}

private func soa(_ owner: String, ttl: UInt32, minimum: UInt32) -> ResourceRecord {
    record(
        owner, ttl,
        .soa(
            SOAData(
                mname: name("ns1.example.test."), rname: name("hostmaster.example.test."), serial: 1, refresh: 3600,
                retry: 900, expire: 604800, minimum: minimum)))
}

private func response(
    to query: AddressQuery, rcode: DNSResponseCode = .noError, truncated: Bool = false, answers: [ResourceRecord] = [],
    authority: [ResourceRecord] = []
) -> DNSMessage {
    DNSMessage(
        header: DNSHeader(
            id: query.id, isResponse: true, truncated: truncated, recursionDesired: true, recursionAvailable: true,
            rcode: rcode),
        questions: [query.question], answers: answers, authority: authority)
}

@Suite struct AddressQueryTests {
    let query = AddressQuery(name: name("Host.Example.Test."), type: .a, id: 0x1234)

    @Test func asksForRecursionWithEDNS() throws {
        let decoded = try DNSMessage.decode(query.encode())
        #expect(decoded.header.id == 0x1234 && decoded.header.recursionDesired && !decoded.header.isResponse)
        #expect(decoded.questions == [DNSQuestion(name: name("host.example.test."), type: .a)])
        #expect(decoded.edns?.udpPayloadSize == 1232)
    }

    @Test func randomIDsVary() {
        let ids = Set((0..<64).map { _ in AddressQuery(name: name("example.test."), type: .a).id })
        #expect(ids.count > 32)
    }

    @Test func acceptsOnlyItsOwnResponse() {
        let good = response(to: query)
        #expect(query.accepts(good))
        var upper = good
        upper.questions[0].name = name("HOST.EXAMPLE.TEST.")
        #expect(query.accepts(upper))
        var wrongID = good
        wrongID.header.id = 0x1235
        #expect(!query.accepts(wrongID))
        var notResponse = good
        notResponse.header.isResponse = false
        #expect(!query.accepts(notResponse))
        var otherName = good
        otherName.questions[0].name = name("other.example.test.")
        #expect(!query.accepts(otherName))
        var otherType = good
        otherType.questions[0].type = .aaaa
        #expect(!query.accepts(otherType))
        var otherClass = good
        otherClass.questions[0].questionClass = .ch
        #expect(!query.accepts(otherClass))
        var twoQuestions = good
        twoQuestions.questions.append(query.question)
        #expect(!query.accepts(twoQuestions))
        var otherOpcode = good
        otherOpcode.header.opcode = .notify
        #expect(!query.accepts(otherOpcode))
    }

    @Test func acceptsQuestionlessErrorsButNotQuestionlessAnswers() {
        var formerr = response(to: query, rcode: .formatError)
        formerr.questions = []
        #expect(query.accepts(formerr))
        var noError = response(to: query, answers: [record("host.example.test.", 60, .a(IPv4Address("192.0.2.1")!))])
        noError.questions = []
        #expect(!query.accepts(noError))
    }
}

@Suite struct AddressAnswerTests {
    let query = AddressQuery(name: name("www.example.test."), type: .a, id: 1)

    @Test func followsTheCNAMEChainAndTakesTheSmallestTTL() {
        let message = response(
            to: query,
            answers: [
                record("www.example.test.", 300, .cname(name("web.example.test."))),
                record("WEB.example.test.", 30, .cname(name("host.cdn.test."))),
                record("host.cdn.test.", 120, .a(IPv4Address("192.0.2.1")!)),
                record("host.cdn.test.", 90, .a(IPv4Address("192.0.2.2")!)),
                record("host.cdn.test.", 90, .a(IPv4Address("192.0.2.2")!)),
                record("www.example.test.", 5, .a(IPv4Address("203.0.113.9")!)),
                record("unrelated.test.", 1, .a(IPv4Address("203.0.113.1")!)),
            ])
        #expect(
            AddressAnswer(response: message, question: query.question)
                == .addresses(ipv4: [IPv4Address("192.0.2.1")!, IPv4Address("192.0.2.2")!], ipv6: [], ttl: 30))
    }

    @Test func picksOnlyTheTypeAsked() {
        let aaaa = AddressQuery(name: name("host.example.test."), type: .aaaa, id: 2)
        let message = response(
            to: aaaa,
            answers: [
                record("host.example.test.", 60, .a(IPv4Address("192.0.2.1")!)),
                record("host.example.test.", 70, .aaaa(IPv6Address("2001:db8::1")!)),
            ])
        #expect(
            AddressAnswer(response: message, question: aaaa.question)
                == .addresses(ipv4: [], ipv6: [IPv6Address("2001:db8::1")!], ttl: 70))
    }

    @Test func ttlWithTheTopBitSetCountsAsZero() {
        let message = response(
            to: query, answers: [record("www.example.test.", 0x8000_0000, .a(IPv4Address("192.0.2.1")!))])
        #expect(
            AddressAnswer(response: message, question: query.question)
                == .addresses(ipv4: [IPv4Address("192.0.2.1")!], ipv6: [], ttl: 0))
    }

    @Test func noDataTakesTheNegativeTTLFromTheSOA() {
        let message = response(to: query, authority: [soa("example.test.", ttl: 300, minimum: 60)])
        #expect(AddressAnswer(response: message, question: query.question) == .noData(negativeTTL: 60))
        let lowTTL = response(to: query, authority: [soa("example.test.", ttl: 20, minimum: 60)])
        #expect(AddressAnswer(response: lowTTL, question: query.question) == .noData(negativeTTL: 20))
        let foreignSOA = response(to: query, authority: [soa("other.test.", ttl: 300, minimum: 60)])
        #expect(AddressAnswer(response: foreignSOA, question: query.question) == .noData(negativeTTL: nil))
    }

    @Test func aChainToNowhereIsNoDataForItsEnd() {
        let message = response(
            to: query, answers: [record("www.example.test.", 60, .cname(name("gone.other.test.")))],
            authority: [soa("other.test.", ttl: 300, minimum: 45)])
        #expect(AddressAnswer(response: message, question: query.question) == .noData(negativeTTL: 45))
    }

    @Test func cnameLoopsEnd() {
        let message = response(
            to: query,
            answers: [
                record("www.example.test.", 60, .cname(name("loop.example.test."))),
                record("loop.example.test.", 60, .cname(name("www.example.test."))),
            ])
        #expect(AddressAnswer(response: message, question: query.question) == .noData(negativeTTL: nil))
    }

    @Test func rcodesAndTruncation() {
        let nx = response(to: query, rcode: .nameError, authority: [soa("example.test.", ttl: 300, minimum: 60)])
        #expect(AddressAnswer(response: nx, question: query.question) == .nameError(negativeTTL: 60))
        #expect(
            AddressAnswer(response: response(to: query, rcode: .serverFailure), question: query.question)
                == .failure(.serverFailure))
        #expect(
            AddressAnswer(response: response(to: query, rcode: .refused), question: query.question)
                == .failure(.refused))
        #expect(AddressAnswer(response: response(to: query, truncated: true), question: query.question) == .truncated)
    }
}

@Suite struct NameserverRotationTests {
    let first = try! SocketAddress(ipAddress: "192.0.2.1", port: 53)
    let second = try! SocketAddress(ipAddress: "192.0.2.2", port: 53)

    @Test func roundsOverTheListThenStops() {
        var rotation = NameserverRotation(nameservers: [first, second], attempts: 2)
        var order: [SocketAddress] = []
        while let server = rotation.next() { order.append(server) }
        #expect(order == [first, second, first, second])
        #expect(rotation.exhaustedError(for: "x") == .timedOut("x", [first, second]))
    }

    @Test func reportsTheLastFailureCode() {
        var rotation = NameserverRotation(nameservers: [first], attempts: 0)
        #expect(rotation.next() == first && rotation.next() == nil)
        rotation.recordFailure(.refused)
        #expect(rotation.exhaustedError(for: "x") == .serverFailure("x", .refused))
    }

    @Test func noNameservers() {
        var rotation = NameserverRotation(nameservers: [], attempts: 2)
        #expect(rotation.next() == nil)
        #expect(rotation.exhaustedError(for: "x") == .noNameservers)
    }
}
