import EdgeDNS
import EdgeDNSServer
import Testing

@Suite struct ResponseEncoderTests {
    private func bigTXT(edns: EDNS?, transport: DNSTransport) throws -> (query: DNSMessage, response: DNSMessage) {
        let query = try TestZone.query("big.example.test.", .txt, edns: edns)
        let response = try #require(
            AnswerEngine().answer(query: query, zones: try TestZone.zones(), transport: transport))
        return (query, try DNSMessage.decode(ResponseEncoder.encode(response, query: query, transport: transport)))
    }

    @Test func sizeLimits() throws {
        let plain = try TestZone.query("example.test.", .a, edns: nil)
        #expect(ResponseEncoder.sizeLimit(for: plain, transport: .udp) == 512)
        #expect(ResponseEncoder.sizeLimit(for: nil, transport: .udp) == 512)
        let small = try TestZone.query("example.test.", .a, edns: EDNS(udpPayloadSize: 100))
        #expect(ResponseEncoder.sizeLimit(for: small, transport: .udp) == 512)
        let large = try TestZone.query("example.test.", .a, edns: EDNS(udpPayloadSize: 4096))
        #expect(ResponseEncoder.sizeLimit(for: large, transport: .udp) == 1232)
        #expect(ResponseEncoder.sizeLimit(for: large, transport: .tcp) == 65535)
    }

    @Test func withoutEDNSTruncatesAt512KeepingWhatFits() throws {
        let (_, response) = try bigTXT(edns: nil, transport: .udp)
        #expect(response.header.truncated)
        #expect(response.answers.count == 4)
        #expect(response.edns == nil)
    }

    @Test func withEDNSTruncationKeepsOnlyWholeRRsets() throws {
        let (_, response) = try bigTXT(edns: EDNS(udpPayloadSize: 600), transport: .udp)
        #expect(response.header.truncated)
        #expect(response.answers.isEmpty && response.authority.isEmpty && response.additional.isEmpty)
        #expect(response.edns != nil && response.questions.count == 1)
    }

    @Test func bigEnoughBufferIsNotTruncated() throws {
        let (_, response) = try bigTXT(edns: EDNS(udpPayloadSize: 1232), transport: .udp)
        #expect(!response.header.truncated && response.answers.count == 6)
        let (_, tcp) = try bigTXT(edns: nil, transport: .tcp)
        #expect(!tcp.header.truncated && tcp.answers.count == 6)
    }

    @Test func wholeRRsetTruncationKeepsEarlierRRsets() throws {
        // Three RRsets of about 215 bytes each: a 600-byte limit keeps the first two, whole.
        let text = [UInt8](repeating: 0x61, count: 200)
        let owners = try ["a.example.test.", "b.example.test.", "c.example.test."].map(TestZone.name)
        let records = owners.map { ResourceRecord(owner: $0, ttl: 60, data: .txt([text])) }
        let response = DNSMessage(
            header: DNSHeader(id: 1, isResponse: true), questions: [DNSQuestion(name: owners[0], type: .txt)],
            answers: records, authority: records, edns: EDNS())
        let trimmed = try DNSMessage.decode(ResponseEncoderProbe.wholeRRsets(response, limit: 600))
        #expect(trimmed.header.truncated && trimmed.answers.map(\.owner) == Array(owners.prefix(2)))
        #expect(trimmed.authority.isEmpty && trimmed.edns != nil)
        let roomy = try DNSMessage.decode(ResponseEncoderProbe.wholeRRsets(response, limit: 1000))
        #expect(roomy.header.truncated && roomy.answers.count == 3 && roomy.authority.count == 1)
    }

    @Test func slipKeepsOnlyTheQuestion() throws {
        let (query, response) = try bigTXT(edns: EDNS(), transport: .udp)
        let slipped = ResponseEncoder.slip(response)
        #expect(slipped.header.truncated && slipped.answers.isEmpty && slipped.questions == query.questions)
    }
}

/// Reaches the internal whole-RRset trimming through the public encoder by faking the size limit.
enum ResponseEncoderProbe {
    static func wholeRRsets(_ response: DNSMessage, limit: Int) -> [UInt8] {
        // A query advertising exactly `limit` (≥ 512) makes the encoder use it as the UDP limit.
        let query = DNSMessage(header: DNSHeader(id: 0), edns: EDNS(udpPayloadSize: UInt16(limit)))
        return ResponseEncoder.encode(response, query: query, transport: .udp)
    }
}
