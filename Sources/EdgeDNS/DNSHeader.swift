/// A DNS operation code (RFC 1035 §4.1.1).
public struct DNSOpcode: RawRepresentable, Hashable, Sendable {
    /// The 4-bit code.
    public var rawValue: UInt8

    /// Creates an opcode; only the low four bits are kept.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// A standard query.
    public static let query = DNSOpcode(rawValue: 0)
    /// A server status request.
    public static let status = DNSOpcode(rawValue: 2)
    /// A zone change notification (RFC 1996).
    public static let notify = DNSOpcode(rawValue: 4)
    /// A dynamic update (RFC 2136).
    public static let update = DNSOpcode(rawValue: 5)
}

/// A response code, 12 bits wide with EDNS(0) (RFC 6891 §6.1.3); values above 15 need an OPT record.
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code.
    public var rawValue: UInt16

    /// Creates a response code; only the low twelve bits are kept.
    public init(rawValue: UInt16) { self.rawValue = rawValue & 0x0FFF }

    /// No error.
    public static let noError = DNSResponseCode(rawValue: 0)
    /// The query was malformed.
    public static let formatError = DNSResponseCode(rawValue: 1)
    /// The server failed.
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    /// The name does not exist.
    public static let nameError = DNSResponseCode(rawValue: 3)
    /// The opcode is not implemented.
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    /// The server refuses (e.g. a name outside its zones).
    public static let refused = DNSResponseCode(rawValue: 5)
    /// A name that should not exist does (RFC 2136); also a DNAME substitution that would make a name
    /// longer than 255 octets (RFC 6672 §2.2).
    public static let yxDomain = DNSResponseCode(rawValue: 6)
    /// The EDNS version is not supported (needs OPT).
    public static let badVersion = DNSResponseCode(rawValue: 16)

    /// The conventional mnemonic, or the number.
    public var description: String {
        let names = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN"]
        if rawValue < names.count { return names[Int(rawValue)] }
        return rawValue == 16 ? "BADVERS" : "RCODE\(rawValue)"
    }
}

/// The fixed header of a DNS message, without its counts (those follow from the sections).
public struct DNSHeader: Hashable, Sendable {
    /// The query ID, echoed in the response.
    public var id: UInt16
    /// QR: this is a response.
    public var isResponse: Bool
    /// The operation.
    public var opcode: DNSOpcode
    /// AA: the answer comes from an authoritative server.
    public var authoritative: Bool
    /// TC: the message was truncated; retry over TCP.
    public var truncated: Bool
    /// RD: recursion desired (copied into responses).
    public var recursionDesired: Bool
    /// RA: recursion available.
    public var recursionAvailable: Bool
    /// AD: authentic data (RFC 4035).
    public var authenticData: Bool
    /// CD: checking disabled (RFC 4035).
    public var checkingDisabled: Bool
    /// The full response code; the bits above the low four travel in the OPT record.
    public var rcode: DNSResponseCode

    /// Creates a header; every flag defaults to clear.
    public init(
        id: UInt16, isResponse: Bool = false, opcode: DNSOpcode = .query, authoritative: Bool = false,
        truncated: Bool = false, recursionDesired: Bool = false, recursionAvailable: Bool = false,
        authenticData: Bool = false, checkingDisabled: Bool = false, rcode: DNSResponseCode = .noError
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.authoritative = authoritative
        self.truncated = truncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.rcode = rcode
    }

    /// Decodes the 16-bit flags word (the RCODE here is only its low four bits).
    init(id: UInt16, flags: UInt16) {
        self.init(
            id: id, isResponse: flags & 0x8000 != 0, opcode: DNSOpcode(rawValue: UInt8(flags >> 11 & 0x0F)),
            authoritative: flags & 0x0400 != 0, truncated: flags & 0x0200 != 0,
            recursionDesired: flags & 0x0100 != 0, recursionAvailable: flags & 0x0080 != 0,
            authenticData: flags & 0x0020 != 0, checkingDisabled: flags & 0x0010 != 0,
            rcode: DNSResponseCode(rawValue: flags & 0x000F))
    }

    /// The 16-bit flags word with the low four bits of the RCODE.
    var flags: UInt16 {
        var flags = UInt16(opcode.rawValue) << 11 | (rcode.rawValue & 0x000F)
        if isResponse { flags |= 0x8000 }
        if authoritative { flags |= 0x0400 }
        if truncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        if authenticData { flags |= 0x0020 }
        if checkingDisabled { flags |= 0x0010 }
        return flags
    }
}

/// One entry of the question section.
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked about, case as sent.
    public var name: DNSName
    /// The type asked for.
    public var type: RecordType
    /// The class asked for.
    public var questionClass: RecordClass

    /// Creates a question.
    public init(name: DNSName, type: RecordType, questionClass: RecordClass = .in) {
        self.name = name
        self.type = type
        self.questionClass = questionClass
    }
}
