/// Reads the fields of one record's data from its tokens.
struct TokenCursor {
    let tokens: [ZoneToken]
    var index = 0

    init(_ tokens: [ZoneToken]) {
        self.tokens = tokens
    }

    var isAtEnd: Bool { index >= tokens.count }

    mutating func next(_ what: String) throws(DNSTextError) -> ZoneToken {
        guard index < tokens.count else { throw DNSTextError(.missingField, "missing \(what)") }
        defer { index += 1 }
        return tokens[index]
    }

    mutating func name(_ what: String, origin: DNSName?) throws(DNSTextError) -> DNSName {
        try DNSName(presentation: next(what).raw, origin: origin)
    }

    mutating func number(_ what: String, max: UInt64) throws(DNSTextError) -> UInt64 {
        try PresentationText.number(next(what).raw, max: max, what: what)
    }

    mutating func u8(_ what: String) throws(DNSTextError) -> UInt8 { UInt8(try number(what, max: 255)) }

    mutating func u16(_ what: String) throws(DNSTextError) -> UInt16 { UInt16(try number(what, max: 65535)) }

    mutating func u32(_ what: String) throws(DNSTextError) -> UInt32 { UInt32(try number(what, max: 0xFFFF_FFFF)) }

    /// A duration field (SOA timers): seconds or BIND units.
    mutating func duration(_ what: String) throws(DNSTextError) -> UInt32 {
        let token = try next(what)
        if let value = try? PresentationText.number(token.raw, max: 0xFFFF_FFFF, what: what) { return UInt32(value) }
        return try DNSTTL.parse(token.raw)
    }

    /// A character-string, escapes decoded; at most 255 bytes unless `unlimited`.
    mutating func characterString(_ what: String, unlimited: Bool = false) throws(DNSTextError) -> [UInt8] {
        let bytes = try PresentationText.unescapeAll(next(what).raw)
        guard unlimited || bytes.count <= 255 else {
            throw DNSTextError(.badRData, "\(what) longer than 255 bytes")
        }
        return bytes
    }

    /// All remaining tokens' raw text, concatenated (hex and base64 may be split by blanks).
    mutating func restConcatenated(_ what: String) throws(DNSTextError) -> [UInt8] {
        guard !isAtEnd else { throw DNSTextError(.missingField, "missing \(what)") }
        defer { index = tokens.count }
        return tokens[index...].flatMap(\.raw)
    }

    func finish() throws(DNSTextError) {
        guard isAtEnd else {
            throw DNSTextError(.extraField, "unexpected '\(tokens[index].text)' after the record data")
        }
    }
}
