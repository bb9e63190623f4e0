/// A DNS message (RFC 1035 §4.1) with its EDNS(0) OPT record lifted out of the additional section.
///
/// ```swift
/// let query = try DNSMessage.decode(packet)
/// var response = DNSMessage(header: DNSHeader(id: query.header.id, isResponse: true, authoritative: true),
///                           questions: query.questions)
/// let (bytes, truncated) = response.encode(maxSize: 1232)
/// ```
public struct DNSMessage: Hashable, Sendable {
    /// The header; `header.rcode` is the full (extended) response code.
    public var header: DNSHeader
    /// The question section.
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [ResourceRecord]
    /// The authority section.
    public var authority: [ResourceRecord]
    /// The additional section, without the OPT record.
    public var additional: [ResourceRecord]
    /// The OPT record, if the message has one.
    public var edns: EDNS?

    /// The most records a decoded message may hold across all sections.
    public static let maximumRecords = 4096

    /// Creates a message.
    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [ResourceRecord] = [],
        authority: [ResourceRecord] = [], additional: [ResourceRecord] = [], edns: EDNS? = nil
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.edns = edns
    }

    /// Reads just the header, e.g. to answer FORMERR to a message that fails to decode.
    /// - Returns: nil if there are fewer than 12 bytes.
    public static func decodeHeader(_ bytes: [UInt8]) -> DNSHeader? {
        guard bytes.count >= 12 else { return nil }
        return DNSHeader(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), flags: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
    }

    /// Decodes a message with strict bounds checks: truncated data, bad or looping compression pointers,
    /// over-long labels and names, impossible counts, malformed record data, misplaced or repeated OPT
    /// records, malformed Client Subnet options and trailing bytes all throw.
    /// - Throws: `DNSWireError`; never traps on any input.
    public static func decode(_ bytes: [UInt8]) throws(DNSWireError) -> DNSMessage {
        var reader = WireReader(bytes)
        let id = try reader.u16()
        let flags = try reader.u16()
        let questionCount = Int(try reader.u16())
        let answerCount = Int(try reader.u16())
        let authorityCount = Int(try reader.u16())
        let additionalCount = Int(try reader.u16())
        let recordCount = answerCount + authorityCount + additionalCount
        guard questionCount * 5 + recordCount * 11 <= reader.remaining,
            questionCount + recordCount <= maximumRecords
        else { throw .tooManyRecords }
        var message = DNSMessage(header: DNSHeader(id: id, flags: flags))
        message.questions.reserveCapacity(questionCount)
        for _ in 0..<questionCount {
            message.questions.append(
                DNSQuestion(
                    name: try reader.name(), type: RecordType(rawValue: try reader.u16()),
                    questionClass: RecordClass(rawValue: try reader.u16())))
        }
        for section in 1...3 {
            for _ in 0..<(section == 1 ? answerCount : section == 2 ? authorityCount : additionalCount) {
                let owner = try reader.name()
                let type = RecordType(rawValue: try reader.u16())
                let classValue = try reader.u16()
                let ttl = try reader.u32()
                let length = Int(try reader.u16())
                if type == .opt {
                    guard section == 3 else { throw .badOPT(reason: "OPT record outside the additional section") }
                    guard message.edns == nil else { throw .badOPT(reason: "more than one OPT record") }
                    guard owner.isRoot else { throw .badOPT(reason: "OPT owner is not the root") }
                    let data = try reader.take(length)
                    message.edns = try decodeOPT(payloadSize: classValue, ttl: ttl, data: data)
                    let extended = UInt16(ttl >> 24) << 4
                    message.header.rcode = DNSResponseCode(rawValue: extended | message.header.rcode.rawValue)
                    continue
                }
                let data = try RData.decode(type: type, from: &reader, length: length)
                let record = ResourceRecord(
                    owner: owner, type: type, recordClass: RecordClass(rawValue: classValue), ttl: ttl, data: data)
                switch section {
                case 1: message.answers.append(record)
                case 2: message.authority.append(record)
                default: message.additional.append(record)
                }
            }
        }
        guard reader.remaining == 0 else { throw .trailingBytes(count: reader.remaining) }
        return message
    }

    /// Decodes a message from raw memory (e.g. a NIO `ByteBuffer`'s readable bytes).
    /// - Throws: `DNSWireError`, as `decode(_:)`.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(DNSWireError) -> DNSMessage {
        try decode(Array(buffer))
    }

    private static func decodeOPT(payloadSize: UInt16, ttl: UInt32, data: [UInt8]) throws(DNSWireError) -> EDNS {
        var edns = EDNS(udpPayloadSize: payloadSize, version: UInt8(ttl >> 16 & 0xFF), dnssecOK: ttl & 0x8000 != 0)
        var reader = WireReader(data)
        while reader.remaining > 0 {
            guard reader.remaining >= 4 else { throw .badOPT(reason: "option header truncated") }
            let code = try reader.u16()
            let length = Int(try reader.u16())
            guard length <= reader.remaining else { throw .badOPT(reason: "option \(code) longer than the record") }
            let option = EDNSOption(code: code, data: try reader.take(length))
            if code == EDNSOption.clientSubnetCode { _ = try ClientSubnet(optionData: option.data) }
            edns.options.append(option)
        }
        return edns
    }
}
