import Testing

@testable import EdgeDNS

/// Messages shared by the codec tests.
enum SampleMessages {
    static let zone = try! DNSName("example.test.")

    static func name(_ text: String) -> DNSName { try! DNSName(text, origin: zone) }

    /// A response carrying every typed record type, an opaque one, and an OPT record with ECS.
    static var response: DNSMessage {
        let records: [(String, String, RecordType)] = [
            ("www", "192.0.2.1", .a), ("www", "2001:db8::1", .aaaa), ("alias", "www", .cname),
            ("@", "ns1", .ns), ("rev", "www", .ptr), ("@", "10 mail", .mx), ("t", "\"a\" \"b c\"", .txt),
            ("@", "ns1 host 1 2 3 4 5", .soa), ("_s._tcp", "0 5 5060 sip", .srv), ("@", "0 issue \"ca.test\"", .caa),
            ("n", "1 2 \"U\" \"E2U+sip\" \"\" sip", .naptr), ("sub", "1 8 2 abcdef", .ds),
            ("svc", "1 . alpn=h2 port=8443 ipv4hint=192.0.2.9", .svcb), ("@", "1 . alpn=h3 ech=AAEC", .https),
            ("o", "\\# 3 010203", RecordType(rawValue: 999)),
        ]
        let answers = records.map { owner, text, type in
            ResourceRecord(
                owner: name(owner), type: type, ttl: 300, data: try! RData(parsing: text, type: type, origin: zone))
        }
        var edns = EDNS(
            udpPayloadSize: 4096, dnssecOK: true, options: [EDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])])
        edns.clientSubnet = try! ClientSubnet(family: 1, address: [198, 51, 100, 77], sourcePrefixLength: 24)
        return DNSMessage(
            header: DNSHeader(
                id: 0xBEEF, isResponse: true, authoritative: true, recursionDesired: true, rcode: .noError),
            questions: [DNSQuestion(name: name("www"), type: .a)],
            answers: Array(answers.prefix(8)), authority: Array(answers[8..<12]), additional: Array(answers[12...]),
            edns: edns)
    }

    static var query: DNSMessage {
        DNSMessage(
            header: DNSHeader(id: 7, recursionDesired: true), questions: [DNSQuestion(name: name("www"), type: .aaaa)],
            edns: EDNS(udpPayloadSize: 1232))
    }
}

@Suite struct DNSMessageCodecTests {
    @Test func responseRoundTrips() throws {
        let message = SampleMessages.response
        let (bytes, truncated) = message.encode()
        #expect(!truncated)
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded == message)
        #expect(decoded.edns?.clientSubnet?.address == [198, 51, 100])
        #expect(decoded.edns?.dnssecOK == true)
        #expect(decoded.edns?.udpPayloadSize == 4096)
        #expect(decoded.encode().bytes == bytes)
    }

    @Test func headerFlagsAndExtendedRCode() throws {
        var header = DNSHeader(
            id: 1, isResponse: true, opcode: .notify, authoritative: true, truncated: true,
            recursionDesired: true, recursionAvailable: true, authenticData: true,
            checkingDisabled: true, rcode: .refused)
        let bytes = DNSMessage(header: header).encode().bytes
        #expect(bytes[2] == 0b1010_0111 && bytes[3] == 0b1011_0101)
        #expect(try DNSMessage.decode(bytes).header == header)
        #expect(DNSMessage.decodeHeader(bytes) == header)
        header.rcode = .badVersion
        let extended = DNSMessage(header: header, edns: EDNS()).encode().bytes
        let decoded = try DNSMessage.decode(extended)
        #expect(decoded.header.rcode == .badVersion)
        #expect(decoded.header.rcode.description == "BADVERS")
        #expect(DNSMessage.decodeHeader([1, 2, 3]) == nil)
    }

    @Test func namesAreCompressedAndCaseIsKept() throws {
        let question = try DNSName("WwW.Example.TEST.")
        let answers = (0..<10).map { index in
            ResourceRecord(
                owner: SampleMessages.name("host\(index).deep.sub"), ttl: 60,
                data: .cname(SampleMessages.name("target.deep.sub")))
        }
        let message = DNSMessage(
            header: DNSHeader(id: 1, isResponse: true), questions: [DNSQuestion(name: question, type: .cname)],
            answers: [ResourceRecord(owner: question, ttl: 60, data: .a(IPv4Address(0x0A00_0001)))] + answers)
        let bytes = message.encode().bytes
        let uncompressed =
            12 + question.wireLength + 4 + (question.wireLength + 14)
            + answers.reduce(0) { $0 + $1.owner.wireLength + 10 + $1.data.wireBytes.count }
        #expect(bytes.count * 2 < uncompressed)
        #expect(Array(bytes[12 + question.wireLength + 4..<12 + question.wireLength + 6]) == [0xC0, 0x0C])
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded == message)
        #expect(decoded.answers[0].owner.isIdentical(to: question))
        #expect(decoded.answers[1].owner.description == "host0.deep.sub.example.test.")
        #expect(decoded.answers[1].owner.isIdentical(to: answers[0].owner))
    }

    @Test func newerTypesAreNotCompressed() throws {
        let target = SampleMessages.name("sip")
        let message = DNSMessage(
            header: DNSHeader(id: 1), questions: [DNSQuestion(name: target, type: .srv)],
            answers: [
                ResourceRecord(
                    owner: target, ttl: 1, data: .srv(SRVData(priority: 0, weight: 0, port: 1, target: target)))
            ])
        let bytes = message.encode().bytes
        #expect(bytes.suffix(target.wireLength) == ArraySlice(target.wireBytes))
    }

    @Test func truncationDropsWholeRecordsAndSetsTC() throws {
        var message = SampleMessages.query
        message.header.isResponse = true
        message.answers = (0..<100).map {
            ResourceRecord(
                owner: SampleMessages.name("www"), ttl: 60,
                data: .aaaa(IPv6Address(bytes: Array(repeating: UInt8($0), count: 16))!))
        }
        let (bytes, truncated) = message.encode(maxSize: 512)
        #expect(truncated)
        #expect(bytes.count <= 512)
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded.header.truncated)
        #expect(decoded.questions == message.questions)
        #expect(decoded.edns == message.edns)
        #expect(decoded.answers.count > 10 && decoded.answers.count < 100)
        #expect(decoded.answers == Array(message.answers.prefix(decoded.answers.count)))
        #expect(message.encode(maxSize: 65535).truncated == false)
    }

    @Test func droppingOnlyAdditionalRecordsDoesNotSetTC() throws {
        var message = SampleMessages.query
        message.answers = [ResourceRecord(owner: SampleMessages.name("www"), ttl: 60, data: .a(IPv4Address(1)))]
        message.additional = (0..<60).map {
            ResourceRecord(owner: SampleMessages.name("glue\($0)"), ttl: 60, data: .a(IPv4Address(UInt32($0))))
        }
        let (bytes, truncated) = message.encode(maxSize: 512)
        #expect(!truncated)
        let decoded = try DNSMessage.decode(bytes)
        #expect(!decoded.header.truncated)
        #expect(decoded.answers.count == 1 && decoded.additional.count < 60 && decoded.edns != nil)
    }

    @Test func clientSubnetValidation() throws {
        #expect(try ClientSubnet(optionData: [0, 1, 24, 0, 10, 1, 2]).fullAddress == [10, 1, 2, 0])
        #expect(try ClientSubnet(optionData: [0, 2, 0, 0]).address == [])
        #expect(
            try ClientSubnet(family: 2, address: Array(repeating: 0xFF, count: 16), sourcePrefixLength: 12).address == [
                0xFF, 0xF0,
            ])
        let bad: [[UInt8]] = [
            [0, 1, 24], [0, 3, 8, 0, 1], [0, 1, 33, 0, 1, 2, 3, 4, 5], [0, 1, 24, 0, 10, 1], [0, 1, 23, 0, 10, 1, 3],
        ]
        for data in bad {
            #expect(throws: DNSWireError.self) { try ClientSubnet(optionData: data) }
        }
        #expect(throws: DNSWireError.self) { try ClientSubnet(family: 1, address: [1, 2, 3], sourcePrefixLength: 8) }
    }
}
