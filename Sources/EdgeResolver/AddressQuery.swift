import EdgeDNS

/// One question sent to a nameserver (A or AAAA for a name), and the check its response must pass.
///
/// The query asks for recursion (RD) and offers EDNS(0) with a 1232-byte UDP payload (the DNS flag day
/// 2020 size, which avoids IP fragmentation). A response is accepted only if it is a response to this
/// query: same ID, opcode QUERY, and exactly this question back (name compared case-insensitively).
/// Anything else arriving on the query's socket is ignored, so a spoofer must guess the 16-bit ID and
/// the random source port, and answer the right question.
///
/// ```swift
/// let query = AddressQuery(name: try DNSName("example.com."), type: .a)
/// let bytes = query.encode()
/// if let message = try? DNSMessage.decode(reply), query.accepts(message) { ... }
/// ```
public struct AddressQuery: Sendable, Hashable {
    /// The UDP payload size offered with EDNS(0).
    public static let udpPayloadSize: UInt16 = 1232

    /// The question.
    public var question: DNSQuestion
    /// The message ID.
    public var id: UInt16

    /// Creates a query with a random ID.
    ///
    /// The ID comes from `SystemRandomNumberGenerator`, which reads the operating system's
    /// cryptographically secure source (`getrandom` on Linux, `arc4random` on Darwin).
    public init(name: DNSName, type: RecordType) {
        var generator = SystemRandomNumberGenerator()
        self.init(name: name, type: type, id: UInt16.random(in: 0...UInt16.max, using: &generator))
    }

    /// Creates a query with a given ID (tests).
    public init(name: DNSName, type: RecordType, id: UInt16) {
        self.question = DNSQuestion(name: name, type: type, questionClass: .in)
        self.id = id
    }

    /// The query message: RD set, EDNS(0) with `udpPayloadSize`.
    public var message: DNSMessage {
        DNSMessage(
            header: DNSHeader(id: id, recursionDesired: true), questions: [question],
            edns: EDNS(udpPayloadSize: Self.udpPayloadSize))
    }

    /// The query in wire form.
    public func encode() -> [UInt8] { message.encode().bytes }

    /// Whether `response` answers this query: QR set, same ID and opcode, and the same single question.
    ///
    /// A server that could not parse the query may send FORMERR, NOTIMP, SERVFAIL or REFUSED without a
    /// question section; such a response is accepted on its ID alone (it only ever makes the resolver
    /// move on to the next nameserver).
    public func accepts(_ response: DNSMessage) -> Bool {
        guard response.header.isResponse, response.header.id == id, response.header.opcode == .query else {
            return false
        }
        if response.questions.isEmpty {
            return ![DNSResponseCode.noError, .nameError].contains(response.header.rcode)
        }
        guard response.questions.count == 1, let echoed = response.questions.first else { return false }
        return echoed.name == question.name && echoed.type == question.type
            && echoed.questionClass == question.questionClass
    }
}
