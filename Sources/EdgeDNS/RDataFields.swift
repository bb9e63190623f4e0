/// Record data that reads and writes its own presentation and wire forms. `RData` delegates to it for
/// the types added after the RFC 1035 set, so each type's forms live beside its fields.
protocol RDataFields {
    /// Parses the fields from the record's tokens; the caller checks that no token is left over.
    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError)
    /// Decodes the fields from the whole of the record's data; `bad` builds the error for malformed data.
    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError)
    /// Writes the fields in uncompressed wire form.
    func encode(into writer: inout WireWriter)
    /// The fields in presentation form, names absolute.
    var presentation: String { get }
}

extension TokenCursor {
    /// A DNSSEC algorithm: a number or a mnemonic such as `RSASHA256` (RFC 4034 Appendix A.1).
    mutating func algorithm(_ what: String) throws(DNSTextError) -> UInt8 {
        let token = try next(what)
        if let first = token.raw.first, PresentationText.isDigit(first) {
            return UInt8(try PresentationText.number(token.raw, max: 255, what: what))
        }
        guard let code = DNSSECAlgorithm.code(token.text) else {
            throw DNSTextError(.badNumber, "unknown \(what) '\(token.text)'")
        }
        return code
    }

    /// Hex data in the remaining tokens (blanks between them are ignored); at least one byte.
    mutating func hexRest(_ what: String) throws(DNSTextError) -> [UInt8] {
        let bytes = try PresentationText.unhex(restConcatenated(what))
        guard !bytes.isEmpty else { throw DNSTextError(.missingField, "missing \(what)") }
        return bytes
    }

    /// Base64 data in the remaining tokens (blanks between them are ignored); at least one byte.
    mutating func base64Rest(_ what: String) throws(DNSTextError) -> [UInt8] {
        let bytes = try PresentationText.unbase64(restConcatenated(what))
        guard !bytes.isEmpty else { throw DNSTextError(.missingField, "missing \(what)") }
        return bytes
    }

    /// A hex string in one token, or `-` for none (NSEC3 salt), at most 255 bytes.
    mutating func salt(_ what: String) throws(DNSTextError) -> [UInt8] {
        let token = try next(what)
        if token.raw == [UInt8(ascii: "-")] { return [] }
        let bytes = try PresentationText.unhex(token.raw)
        guard bytes.count <= 255 else { throw DNSTextError(.badRData, "\(what) longer than 255 bytes") }
        return bytes
    }
}

extension WireReader {
    /// The rest of the record's data; `bad` reports it when empty (a field that cannot be empty).
    mutating func restNotEmpty(_ what: String, bad: (String) -> DNSWireError) throws(DNSWireError) -> [UInt8] {
        guard remaining > 0 else { throw bad("empty \(what)") }
        return try take(remaining)
    }
}

/// DNSSEC algorithm numbers and their mnemonics (RFC 4034 Appendix A.1, IANA registry), as BIND reads
/// them.
enum DNSSECAlgorithm {
    static let mnemonics: [(UInt8, String)] = [
        (1, "RSAMD5"), (2, "DH"), (3, "DSA"), (4, "ECC"), (5, "RSASHA1"), (6, "NSEC3DSA"), (7, "NSEC3RSASHA1"),
        (8, "RSASHA256"), (10, "RSASHA512"), (12, "ECCGOST"), (13, "ECDSAP256SHA256"), (14, "ECDSAP384SHA384"),
        (15, "ED25519"), (16, "ED448"), (252, "INDIRECT"), (253, "PRIVATEDNS"), (254, "PRIVATEOID"),
    ]

    /// The number for a mnemonic (case-insensitive; the RFC 5155 spellings `DSA-NSEC3-SHA1` and
    /// `RSASHA1-NSEC3-SHA1` too).
    static func code(_ text: String) -> UInt8? {
        let upper = text.uppercased()
        if upper == "DSA-NSEC3-SHA1" { return 6 }
        if upper == "RSASHA1-NSEC3-SHA1" { return 7 }
        return mnemonics.first { $0.1 == upper }?.0
    }

    /// The mnemonic, or the number when there is none.
    static func name(_ code: UInt8) -> String { mnemonics.first { $0.0 == code }?.1 ?? String(code) }
}

/// The signature times of RRSIG records: `YYYYMMDDHHmmSS` in UTC, or seconds since 1970 (RFC 4034 §3.2),
/// kept modulo 2^32 as on the wire.
enum DNSSECTime {
    /// Parses 14 digits as a UTC date and time, anything else as a number of seconds.
    static func parse(_ raw: [UInt8], what: String) throws(DNSTextError) -> UInt32 {
        guard raw.count == 14, raw.allSatisfy(PresentationText.isDigit) else {
            return UInt32(try PresentationText.number(raw, max: 0xFFFF_FFFF, what: what))
        }
        func field(_ from: Int, _ count: Int) -> Int {
            raw[from..<from + count].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        let (year, month, day) = (field(0, 4), field(4, 2), field(6, 2))
        let (hour, minute, second) = (field(8, 2), field(10, 2), field(12, 2))
        let monthDays = [
            31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31,
            30, 31, 30, 31,
        ]
        guard year >= 1970, (1...12).contains(month), (1...monthDays[month - 1]).contains(day), hour < 24,
            minute < 60, second < 60
        else {
            throw DNSTextError(.badNumber, "\(what) '\(String(decoding: raw, as: UTF8.self))' is not a valid time")
        }
        let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
        return UInt32(truncatingIfNeeded: seconds)
    }

    /// `YYYYMMDDHHmmSS` in UTC, taking the value as unsigned seconds since 1970.
    static func text(_ value: UInt32) -> String {
        let seconds = Int(value)
        let (year, month, day) = civilFromDays(seconds / 86400)
        let rest = seconds % 86400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return String(year) + two(month) + two(day) + two(rest / 3600) + two(rest / 60 % 60) + two(rest % 60)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = shifted / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The date of a day count since 1970-01-01 (not negative).
    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let shifted = days + 719468
        let era = shifted / 146097
        let dayOfEra = shifted - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The type bitmaps of NSEC, NSEC3 and CSYNC (RFC 4034 §4.1.2): window blocks of up to 32 bytes.
enum TypeBitmap {
    /// Parses the remaining tokens as type mnemonics (or `TYPEnnn`); sorted, repeats dropped.
    static func parse(_ cursor: inout TokenCursor) throws(DNSTextError) -> [RecordType] {
        var types: Set<UInt16> = []
        while !cursor.isAtEnd {
            let token = try cursor.next("type")
            guard !token.quoted, let type = RecordType(mnemonic: token.text) else {
                throw DNSTextError(.badType, "unknown type '\(token.text)' in the type list")
            }
            types.insert(type.rawValue)
        }
        return types.sorted().map(RecordType.init(rawValue:))
    }

    /// ` A NS …` (with a leading blank per type), or "" for no types.
    static func presentation(_ types: [RecordType]) -> String {
        types.map { " \($0)" }.joined()
    }

    /// Writes sorted, distinct types as window blocks.
    static func encode(_ types: [RecordType], into writer: inout WireWriter) {
        var index = 0
        while index < types.count {
            let window = types[index].rawValue >> 8
            var bitmap = [UInt8](repeating: 0, count: 32)
            var length = 0
            while index < types.count && types[index].rawValue >> 8 == window {
                let low = Int(types[index].rawValue & 0xFF)
                bitmap[low / 8] |= 0x80 >> UInt8(low % 8)
                length = low / 8 + 1
                index += 1
            }
            writer.u8(UInt8(window))
            writer.u8(UInt8(length))
            writer.append(Array(bitmap[0..<length]))
        }
    }

    /// Reads window blocks to the end of the data; windows must increase, be 1–32 bytes long and end in
    /// a non-zero byte, so the decoded list encodes back to the same bytes.
    static func decode(_ reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError)
        -> [RecordType]
    {
        var types: [RecordType] = []
        var lastWindow = -1
        while reader.remaining > 0 {
            let window = Int(try reader.u8())
            let length = Int(try reader.u8())
            guard window > lastWindow else { throw bad("type bitmap windows out of order") }
            guard (1...32).contains(length) else { throw bad("type bitmap window length \(length)") }
            lastWindow = window
            let bitmap = try reader.take(length)
            guard bitmap[length - 1] != 0 else { throw bad("type bitmap window with a trailing zero byte") }
            for (offset, byte) in bitmap.enumerated() {
                for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 {
                    types.append(RecordType(rawValue: UInt16(window << 8 | (offset * 8 + bit))))
                }
            }
        }
        return types
    }
}
