import EdgeCore
import NIOCore

/// The status line and header section of an origin's response, kept as the bytes that arrived (one
/// `ByteBuffer` slice, no `String` per field) plus what ``OriginResponseParser`` learnt while it
/// validated them: status, keep-alive, and body framing.
public struct OriginResponseHead: Sendable {
    /// The status code (100–999).
    public let status: Int
    /// `1` for HTTP/1.1, `0` for HTTP/1.0.
    public let minorVersion: Int
    /// Whether the connection may carry another request after this response (HTTP/1.1 without
    /// `Connection: close`, or HTTP/1.0 with `Connection: keep-alive`).
    public let keepAlive: Bool
    /// The `Content-Length` value, when the response had one that frames the body (not with chunked).
    public let contentLength: Int?
    /// Whether the body is chunked (`Transfer-Encoding` ends in `chunked`).
    public let chunked: Bool
    /// Whether a `Connection` header names tokens other than `close` / `keep-alive`, i.e. more
    /// hop-by-hop fields to drop (rare; see ``connectionTokens``).
    public let nominatesFields: Bool
    /// The field lines, each ending in LF (CRLF or a bare LF), up to but not including the empty line.
    let fields: ByteBuffer

    /// The size of the field lines in bytes.
    public var fieldBytes: Int { fields.readableBytes }

    init(
        status: Int, minorVersion: Int, keepAlive: Bool, contentLength: Int?, chunked: Bool, nominatesFields: Bool,
        fields: ByteBuffer
    ) {
        self.status = status
        self.minorVersion = minorVersion
        self.keepAlive = keepAlive
        self.contentLength = contentLength
        self.chunked = chunked
        self.nominatesFields = nominatesFields
        self.fields = fields
    }

    /// Calls `body` with each field line: its name, and the whole line (name, colon, value and its
    /// line ending, CRLF or bare LF) as a range of `fieldLines`. A caller that keeps most fields can
    /// copy runs of adjacent lines at once.
    public func forEachFieldLine(_ body: (_ name: UnsafeRawBufferPointer, _ line: Range<Int>, _ bareLF: Bool) -> Void) {
        fields.withUnsafeReadableBytes { bytes in
            var lineStart = 0
            let count = bytes.count
            while lineStart < count {
                // Validated: every line has a colon and ends with LF.
                let colon = bytes.index(of: 0x3A, from: lineStart, to: count)!
                let lineEnd = bytes.indexOfLF(from: colon)!
                body(
                    UnsafeRawBufferPointer(rebasing: bytes[lineStart..<colon]), lineStart..<(lineEnd + 1),
                    bytes[lineEnd - 1] != 0x0D)
                lineStart = lineEnd + 1
            }
        }
    }

    /// The field lines as received (each ending in CRLF or LF).
    public var fieldLines: ByteBuffer { fields }

    /// The value of the field line at `line` (a range from ``forEachFieldLine(_:)``), without the
    /// spaces and tabs around it.
    public func value(ofLine line: Range<Int>) -> String {
        fields.withUnsafeReadableBytes { bytes in
            let start = bytes.index(of: 0x3A, from: line.lowerBound, to: line.upperBound)! + 1
            var end = line.upperBound - 1  // the LF
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let value = bytes.trimmingWhitespace(start, end)
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[value]), as: UTF8.self)
        }
    }

    /// Every field as a (name, value) pair of Strings, in order (for tests and the slower paths).
    public var fieldPairs: [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        forEachFieldLine { name, line, _ in
            pairs.append((String(decoding: name, as: UTF8.self), value(ofLine: line)))
        }
        return pairs
    }

    /// The lowercased tokens of every `Connection` field (computed on demand; see ``nominatesFields``).
    public var connectionTokens: Set<String> {
        var tokens: Set<String> = []
        forEachFieldLine { name, line, _ in
            guard name.equalsLowercase("connection") else { return }
            for token in value(ofLine: line).split(separator: ",") {
                let trimmed = token.trimmingCharacters(in: [" ", "\t"]).lowercased()
                if !trimmed.isEmpty { tokens.insert(trimmed) }
            }
        }
        return tokens
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }
}
