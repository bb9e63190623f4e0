import EdgeCore
import EdgeOrigin
import NIOCore
import NIOHTTP1

/// Why a viewer request was refused before it reached a `RequestExchange`.
enum ViewerRequestParseError: Error, Sendable, Equatable {
    /// Not `method SP request-target SP HTTP/1.x`.
    case malformedRequestLine
    /// A field line that is not `token ":" OWS value OWS`, has control characters, or is folded.
    case malformedField
    /// The request line alone is longer than the header limit (414).
    case uriTooLong
    /// Request line and fields are longer than the header limit (431).
    case headTooLarge
    /// A `Content-Length` that is not a number, or several that disagree.
    case invalidContentLength
    /// `Transfer-Encoding` whose last coding is not `chunked`, together with `Content-Length`, or in
    /// an HTTP/1.0 request (RFC 9112 §6.1, §6.3: the body length cannot be trusted).
    case invalidTransferEncoding
    /// A malformed chunked body.
    case invalidChunk

    /// The status the viewer gets.
    var status: HTTPResponseStatus {
        switch self {
        case .uriTooLong: .uriTooLong
        case .headTooLarge: .requestHeaderFieldsTooLarge
        default: .badRequest
        }
    }
}

/// Our own HTTP/1.1 request parser (RFC 9112), in place of NIO's `HTTPRequestDecoder`: one pass over
/// a complete head with `memchr` for line ends, field values checked eight bytes at a time, no
/// callbacks per field and no extra handler in the pipeline. It yields the same `HTTPRequestHead`
/// (fields as `HTTPHeaders`) and body slices (no copy), so the rest of the request path is unchanged.
/// Pure: bytes in, events out.
///
/// Accepted as RFC 9112 allows: bare LF as a line end, up to four empty lines before the request line.
/// Refused with 400: obs-fold, whitespace before a colon, control characters in values, a request
/// target with spaces or control characters, a version other than HTTP/1.x, conflicting
/// `Content-Length`s, `Transfer-Encoding` not ending in `chunked`, or with `Content-Length`, or in
/// HTTP/1.0. A request line over the header limit gets 414, a longer head 431.
struct ViewerRequestParser {
    /// What the parser produced.
    enum Event {
        case head(HTTPRequestHead)
        case body(ByteBuffer)
        case end
    }

    private enum State {
        /// Looking for the end of a head; `scanned` bytes from the reader index hold no empty line.
        case head(scanned: Int)
        /// In a body (possibly empty), decoded by `body`.
        case body
    }

    /// The limit for request line plus fields.
    let maxHeadBytes: Int
    private var state: State = .head(scanned: 0)
    private var body = MessageBodyDecoder(.length(0))

    /// Creates a parser with this header limit.
    init(maxHeadBytes: Int) {
        self.maxHeadBytes = maxHeadBytes
    }

    /// The next event from `buffer` (consumed as it is parsed), or nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws(ViewerRequestParseError) -> Event? {
        switch state {
        case .head(let scanned):
            return try parseHead(&buffer, scanned: scanned)
        case .body:
            let event: ChunkedBodyDecoder.Event?
            do {
                event = try body.next(&buffer)
            } catch {
                throw .invalidChunk
            }
            switch event {
            case nil: return nil
            case .data(let data): return .body(data)
            case .end:
                state = .head(scanned: 0)
                return .end
            }
        }
    }

    // MARK: - Head

    private mutating func parseHead(_ buffer: inout ByteBuffer, scanned: Int) throws(ViewerRequestParseError)
        -> Event?
    {
        // Empty lines before a request line are skipped (RFC 9112 §2.2), a few at most.
        if scanned == 0 { skipLeadingEmptyLines(&buffer) }
        var headLength = 0
        var nextScanned = scanned
        buffer.withUnsafeReadableBytes { bytes in
            var start = scanned
            while let lf = bytes.indexOfLF(from: start) {
                if start > 0 && (lf == start || (lf == start + 1 && bytes[start] == 0x0D)) {
                    headLength = lf + 1
                    return
                }
                start = lf + 1
            }
            nextScanned = start
        }
        guard headLength > 0 else {
            if buffer.readableBytes > maxHeadBytes { throw tooLarge(buffer) }
            state = .head(scanned: nextScanned)
            return nil
        }
        if headLength > maxHeadBytes + 4 { throw tooLarge(buffer) }
        let parsed = try buffer.withUnsafeReadableBytes { bytes throws(ViewerRequestParseError) in
            try Self.parse(UnsafeRawBufferPointer(rebasing: bytes[0..<headLength]))
        }
        buffer.moveReaderIndex(forwardBy: headLength)
        body = MessageBodyDecoder(parsed.chunked ? .chunked : .length(parsed.contentLength))
        state = .body
        return .head(parsed.head)
    }

    /// 414 when the request line alone is over the limit (or not even complete), 431 otherwise.
    private func tooLarge(_ buffer: ByteBuffer) -> ViewerRequestParseError {
        let requestLineEnd = buffer.withUnsafeReadableBytes { $0.indexOfLF(from: 0) }
        if let requestLineEnd, requestLineEnd <= maxHeadBytes { return .headTooLarge }
        return .uriTooLong
    }

    private func skipLeadingEmptyLines(_ buffer: inout ByteBuffer) {
        for _ in 0..<4 {
            let view = buffer.readableBytesView
            if view.first == 0x0A {
                buffer.moveReaderIndex(forwardBy: 1)
            } else if view.count >= 2 && view.first == 0x0D && view[view.startIndex + 1] == 0x0A {
                buffer.moveReaderIndex(forwardBy: 2)
            } else {
                return
            }
        }
    }

    private struct ParsedHead {
        var head: HTTPRequestHead
        var contentLength: Int
        var chunked: Bool
    }

    /// Parses a complete head (request line, fields, empty line).
    private static func parse(_ bytes: UnsafeRawBufferPointer) throws(ViewerRequestParseError) -> ParsedHead {
        let firstLF = bytes.indexOfLF(from: 0)!
        let (method, uri, minor) = try requestLine(bytes, end: firstLF)
        // Pairs collected first: `HTTPHeaders.add` checks every name for ASCII and for `connection`.
        var fields: [(String, String)] = []
        fields.reserveCapacity(min(64, bytes.count / 24 + 1))
        var contentLength: Int?
        var transferEncodings = 0
        var chunked = false
        try httpTokenBytes.withUnsafeBufferPointer { tokens throws(ViewerRequestParseError) in
            var lineStart = firstLF + 1
            while let lf = bytes.indexOfLF(from: lineStart) {
                var end = lf
                if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
                if end == lineStart { break }  // the empty line
                // Name: a token right up to the colon (rejects obs-fold and "name :").
                var colon = lineStart
                while colon < end && bytes[colon] != 0x3A {
                    guard tokens[Int(bytes[colon])] else { throw .malformedField }
                    colon += 1
                }
                guard colon < end, colon > lineStart else { throw .malformedField }
                if bytes.containsControlBytes(from: colon + 1, to: end) { throw .malformedField }
                let valueRange = bytes.trimmingWhitespace(colon + 1, end)
                let name = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<colon])
                let value = UnsafeRawBufferPointer(rebasing: bytes[valueRange])
                switch name.count {
                case 14 where name.equalsLowercase("content-length"):
                    guard let length = value.contentLength(from: 0, to: value.count, existing: contentLength) else {
                        throw .invalidContentLength
                    }
                    contentLength = length
                case 17 where name.equalsLowercase("transfer-encoding"):
                    transferEncodings += 1
                    var last: Range<Int>?
                    value.forEachListElement(from: 0, to: value.count) { last = $0 }
                    guard let last else { throw .invalidTransferEncoding }
                    chunked = UnsafeRawBufferPointer(rebasing: value[last]).equalsLowercase("chunked")
                default:
                    break
                }
                fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
                lineStart = lf + 1
            }
        }
        if transferEncodings > 0 {
            // RFC 9112 §6.1 / §6.3: with Content-Length, in HTTP/1.0, or not ending in chunked, the
            // body length is unknowable: refused rather than guessed (request smuggling).
            guard chunked, contentLength == nil, minor >= 1 else { throw .invalidTransferEncoding }
        }
        let head = HTTPRequestHead(
            version: HTTPVersion(major: 1, minor: minor), method: method, uri: uri, headers: HTTPHeaders(fields))
        return ParsedHead(head: head, contentLength: contentLength ?? 0, chunked: chunked)
    }

    /// `method SP request-target SP HTTP/1.x`.
    private static func requestLine(_ bytes: UnsafeRawBufferPointer, end lf: Int) throws(ViewerRequestParseError)
        -> (HTTPMethod, String, Int)
    {
        var end = lf
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        guard let firstSpace = bytes.index(of: 0x20, from: 0, to: end), firstSpace > 0 else {
            throw .malformedRequestLine
        }
        for i in 0..<firstSpace where !isTokenByte(bytes[i]) { throw .malformedRequestLine }
        // "HTTP/1.x" is the last 8 bytes, after one space.
        guard end - firstSpace >= 11, bytes[end - 9] == 0x20 else { throw .malformedRequestLine }
        let v = end - 8
        guard bytes[v] == 0x48, bytes[v + 1] == 0x54, bytes[v + 2] == 0x54, bytes[v + 3] == 0x50,
            bytes[v + 4] == 0x2F, bytes[v + 5] == 0x31, bytes[v + 6] == 0x2E, (0x30...0x39).contains(bytes[v + 7])
        else { throw .malformedRequestLine }
        let targetStart = firstSpace + 1
        let targetEnd = end - 9
        guard targetEnd > targetStart else { throw .malformedRequestLine }
        for i in targetStart..<targetEnd where bytes[i] <= 0x20 || bytes[i] == 0x7F { throw .malformedRequestLine }
        let method = Self.method(UnsafeRawBufferPointer(rebasing: bytes[0..<firstSpace]))
        let uri = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[targetStart..<targetEnd]), as: UTF8.self)
        // A later 1.x minor version is served as 1.1 (RFC 9110 §2.5).
        return (method, uri, min(Int(bytes[v + 7] - 0x30), 1))
    }

    /// The method; the common ones without building a string first.
    private static func method(_ name: UnsafeRawBufferPointer) -> HTTPMethod {
        func equals(_ literal: StaticString) -> Bool {
            name.elementsEqual(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        switch name.count {
        case 3 where equals("GET"): return .GET
        case 3 where equals("PUT"): return .PUT
        case 4 where equals("HEAD"): return .HEAD
        case 4 where equals("POST"): return .POST
        case 5 where equals("PATCH"): return .PATCH
        case 6 where equals("DELETE"): return .DELETE
        case 7 where equals("OPTIONS"): return .OPTIONS
        default: return HTTPMethod(rawValue: String(decoding: name, as: UTF8.self))
        }
    }
}
