/// One token of a zone file: its raw bytes with escapes still in place (so `\.` stays distinct from
/// `.`) and quotes removed.
struct ZoneToken: Hashable, Sendable {
    /// The token text, escapes undecoded.
    var raw: [UInt8]
    /// Whether the token began with a double quote.
    var quoted: Bool
    /// 1-based line the token starts on.
    var line: Int

    var text: String { String(decoding: raw, as: UTF8.self) }

    /// Whether this is the bare word `word` (unquoted, case-insensitive).
    func isWord(_ word: String) -> Bool { !quoted && text.uppercased() == word.uppercased() }
}

/// One logical zone-file line: its tokens, with parentheses joining physical lines.
struct ZoneEntry: Sendable {
    /// 1-based line the entry starts on.
    var line: Int
    /// Whether the line began with blank space (the owner is the previous record's).
    var blankOwner: Bool
    /// The tokens.
    var tokens: [ZoneToken]
    /// A syntax problem found while tokenising; the entry is then skipped.
    var error: String?
}

/// Splits zone-file text into entries (RFC 1035 §5.1): `;` comments, `( )` spanning lines, quoted
/// strings with escapes. Pure; never fails as a whole, problems are attached to entries.
enum ZoneTokenizer {
    static func entries(_ text: String) -> [ZoneEntry] {
        let bytes = Array(text.utf8)
        var entries: [ZoneEntry] = []
        var line = 1
        var index = 0
        var depth = 0
        var openLine = 0
        var entry = ZoneEntry(line: 1, blankOwner: false, tokens: [], error: nil)
        var atLineStart = true

        func finish() {
            if !entry.tokens.isEmpty || entry.error != nil { entries.append(entry) }
        }
        func fail(_ message: String) {
            if entry.error == nil { entry.error = message }
        }

        while index < bytes.count {
            if atLineStart && depth == 0 {
                entry = ZoneEntry(line: line, blankOwner: bytes[index] == 0x20 || bytes[index] == 0x09, tokens: [])
            }
            atLineStart = false
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                index += 1
                if depth == 0 {
                    finish()
                    atLineStart = true
                }
            case 0x20, 0x09, 0x0D:
                index += 1
            case UInt8(ascii: ";"):
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "("):
                if depth == 0 { openLine = line }
                depth += 1
                index += 1
            case UInt8(ascii: ")"):
                if depth == 0 { fail("unbalanced ')'") } else { depth -= 1 }
                index += 1
            default:
                let (token, next, problem) = readToken(bytes, from: index, line: line)
                entry.tokens.append(token)
                if let problem { fail(problem) }
                index = next
            }
        }
        if depth > 0 { fail("unbalanced '(' opened on line \(openLine)") }
        if !atLineStart { finish() }
        return entries
    }

    /// Reads one token starting at `start`; quotes may open anywhere in it (`alpn="h2,h3"`).
    private static func readToken(_ bytes: [UInt8], from start: Int, line: Int) -> (ZoneToken, Int, String?) {
        var raw: [UInt8] = []
        var index = start
        var inQuote = false
        let quoted = bytes[start] == UInt8(ascii: "\"")
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                raw.append(byte)
                if index + 1 < bytes.count && bytes[index + 1] != 0x0A {
                    raw.append(bytes[index + 1])
                    index += 2
                } else {
                    index += 1
                }
                continue
            }
            if inQuote {
                if byte == 0x0A {
                    return (ZoneToken(raw: raw, quoted: quoted, line: line), index, "unterminated quoted string")
                }
                if byte == UInt8(ascii: "\"") { inQuote = false } else { raw.append(byte) }
                index += 1
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"):
                return (ZoneToken(raw: raw, quoted: quoted, line: line), index, nil)
            case UInt8(ascii: "\""):
                inQuote = true
            default:
                raw.append(byte)
            }
            index += 1
        }
        return (ZoneToken(raw: raw, quoted: quoted, line: line), index, inQuote ? "unterminated quoted string" : nil)
    }
}
