/// Time-to-live values in zone files: plain seconds or BIND units (`1h30m`, `2d`, `1w`).
public enum DNSTTL {
    /// The largest TTL a zone may use (RFC 2181 §8).
    public static let maximum: UInt32 = 2_147_483_647

    /// Parses a TTL: digits, optionally followed by a unit `s`, `m`, `h`, `d` or `w` (any case), repeated.
    /// A final number without a unit counts as seconds.
    /// - Throws: `DNSTextError(.badTTL)` when malformed or above `maximum`.
    public static func parse(_ text: String) throws(DNSTextError) -> UInt32 {
        try parse(Array(text.utf8))
    }

    static func parse(_ raw: [UInt8]) throws(DNSTextError) -> UInt32 {
        let shown = String(decoding: raw, as: UTF8.self)
        guard let first = raw.first, PresentationText.isDigit(first) else {
            throw DNSTextError(.badTTL, "bad TTL '\(shown)'")
        }
        var total: UInt64 = 0
        var current: UInt64 = 0
        var digits = 0
        for byte in raw {
            if PresentationText.isDigit(byte) {
                current = current * 10 + UInt64(byte - 48)
                digits += 1
                guard current <= UInt64(maximum) else { throw DNSTextError(.badTTL, "TTL '\(shown)' too large") }
                continue
            }
            let unit: UInt64
            switch byte | 0x20 {
            case UInt8(ascii: "s"): unit = 1
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "h"): unit = 3600
            case UInt8(ascii: "d"): unit = 86400
            case UInt8(ascii: "w"): unit = 604_800
            default: throw DNSTextError(.badTTL, "bad TTL unit in '\(shown)'")
            }
            guard digits > 0 else { throw DNSTextError(.badTTL, "TTL unit without a number in '\(shown)'") }
            total += current * unit
            current = 0
            digits = 0
            guard total <= UInt64(maximum) else { throw DNSTextError(.badTTL, "TTL '\(shown)' too large") }
        }
        total += current
        guard total <= UInt64(maximum) else { throw DNSTextError(.badTTL, "TTL '\(shown)' too large") }
        return UInt32(total)
    }

    /// Whether raw text looks like a TTL (starts with a digit); used to tell TTLs from classes and types.
    static func looksLikeTTL(_ raw: [UInt8]) -> Bool {
        guard let first = raw.first else { return false }
        return PresentationText.isDigit(first)
    }
}
