import Foundation

/// Helpers for presentation-format text: escapes, character-strings, numbers, hex and base64.
enum PresentationText {
    /// Decodes the escape starting with the backslash at `index`: `\DDD` (decimal, at most 255) or `\X`.
    /// - Returns: the byte and the index after the escape.
    static func unescape(_ raw: [UInt8], at index: Int) throws(DNSTextError) -> (UInt8, Int) {
        guard index + 1 < raw.count else { throw DNSTextError(.badEscape, "backslash at end of text") }
        let first = raw[index + 1]
        guard isDigit(first) else { return (first, index + 2) }
        guard index + 3 < raw.count, isDigit(raw[index + 2]), isDigit(raw[index + 3]) else {
            throw DNSTextError(.badEscape, "\\DDD escape needs three digits")
        }
        let value = Int(first - 48) * 100 + Int(raw[index + 2] - 48) * 10 + Int(raw[index + 3] - 48)
        guard value <= 255 else { throw DNSTextError(.badEscape, "\\\(value) is above 255") }
        return (UInt8(value), index + 4)
    }

    /// Decodes all escapes in raw text.
    static func unescapeAll(_ raw: [UInt8]) throws(DNSTextError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\") {
                let (value, next) = try unescape(raw, at: index)
                out.append(value)
                index = next
            } else {
                out.append(raw[index])
                index += 1
            }
        }
        return out
    }

    /// Appends `byte` in escaped presentation form: `\DDD` for non-printable bytes and space, `\X` for
    /// characters special in zone files (names also escape `.`, `@`, `$`).
    static func appendEscaped(_ byte: UInt8, to out: inout [UInt8], inName: Bool) {
        if byte <= 0x20 || byte >= 0x7F {
            if !inName && byte == 0x20 {
                out.append(byte)
                return
            }
            out.append(UInt8(ascii: "\\"))
            out.append(48 + byte / 100)
            out.append(48 + (byte / 10) % 10)
            out.append(48 + byte % 10)
            return
        }
        let special: [UInt8] = inName ? Array("\".\\();@$".utf8) : Array("\"\\".utf8)
        if special.contains(byte) { out.append(UInt8(ascii: "\\")) }
        out.append(byte)
    }

    /// A character-string in quoted presentation form.
    static func quoted(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes { appendEscaped(byte, to: &out, inName: false) }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Parses an unsigned decimal integer no larger than `max`.
    static func number(_ raw: [UInt8], max: UInt64, what: String) throws(DNSTextError) -> UInt64 {
        guard !raw.isEmpty, raw.count <= 20, raw.allSatisfy(isDigit) else {
            throw DNSTextError(.badNumber, "\(what) '\(String(decoding: raw, as: UTF8.self))' is not a number")
        }
        var value: UInt64 = 0
        for byte in raw {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 48))
            guard !overflow1, !overflow2, sum <= max else {
                throw DNSTextError(.badNumber, "\(what) \(String(decoding: raw, as: UTF8.self)) is above \(max)")
            }
            value = sum
        }
        return value
    }

    /// Lower-case hex.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex digits (either case); the count must be even.
    static func unhex(_ raw: [UInt8]) throws(DNSTextError) -> [UInt8] {
        guard raw.count % 2 == 0 else { throw DNSTextError(.badEncoding, "odd number of hex digits") }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count / 2)
        var index = 0
        while index < raw.count {
            guard let high = hexValue(raw[index]), let low = hexValue(raw[index + 1]) else {
                throw DNSTextError(.badEncoding, "bad hex digit in '\(String(decoding: raw, as: UTF8.self))'")
            }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    /// Base32 with the extended hex alphabet (RFC 4648 §7), upper case, without padding (NSEC3 names).
    static func base32hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUV".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(digits[Int(buffer >> UInt32(bits) & 0x1F)])
            }
        }
        if bits > 0 { out.append(digits[Int(buffer << UInt32(5 - bits) & 0x1F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded base32hex (either case); leftover bits must be zero and the length one a byte
    /// string can have.
    static func unbase32hex(_ raw: [UInt8]) throws(DNSTextError) -> [UInt8] {
        let shown = String(decoding: raw, as: UTF8.self)
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in raw {
            let value: UInt8
            switch byte {
            case 48...57: value = byte - 48
            case 65...86: value = byte - 55
            case 97...118: value = byte - 87
            default: throw DNSTextError(.badEncoding, "bad base32hex digit in '\(shown)'")
            }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(buffer >> UInt32(bits) & 0xFF))
            }
        }
        guard [0, 2, 4, 5, 7].contains(raw.count % 8), buffer & ((1 << UInt32(bits)) - 1) == 0 else {
            throw DNSTextError(.badEncoding, "bad base32hex length or padding bits in '\(shown)'")
        }
        return out
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes standard base64.
    static func unbase64(_ raw: [UInt8]) throws(DNSTextError) -> [UInt8] {
        guard let data = Data(base64Encoded: String(decoding: raw, as: UTF8.self)) else {
            throw DNSTextError(.badEncoding, "bad base64 '\(String(decoding: raw, as: UTF8.self))'")
        }
        return [UInt8](data)
    }
}
