import NIOCore

/// Why an origin response could not be parsed. The exchange answers 502 (or cuts a response that had
/// already started); the connection is closed.
public enum OriginResponseParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No end of the header section within the limit.
    case headTooLarge
    /// The status line is not `HTTP/1.x NNN [reason]`.
    case malformedStatusLine
    /// A field line has no colon, an invalid name, a control character in its value, or is an
    /// obsolete line folding (RFC 9112 §5.2 lets a proxy reject those with a 502).
    case malformedField
    /// `Content-Length` is not a number, or two of them disagree.
    case invalidContentLength
    /// A chunk-size line or the CRLF after chunk data is invalid.
    case invalidChunk
    /// The trailer section is too large or malformed.
    case invalidTrailers
    /// `101 Switching Protocols` although the edge never asks for an upgrade.
    case unexpectedSwitchingProtocols
    /// The connection closed before the body was complete.
    case truncatedBody

    /// A short description for logs.
    public var description: String {
        switch self {
        case .headTooLarge: "response header section too large"
        case .malformedStatusLine: "malformed status line"
        case .malformedField: "malformed header field"
        case .invalidContentLength: "invalid Content-Length"
        case .invalidChunk: "invalid chunked encoding"
        case .invalidTrailers: "invalid trailer section"
        case .unexpectedSwitchingProtocols: "unexpected 101 Switching Protocols"
        case .truncatedBody: "connection closed before the end of the body"
        }
    }
}

/// An incremental HTTP/1.1 response parser for origin connections (RFC 9112), working on the bytes
/// as they arrive: it finds and validates the header section in one pass, keeps it as a buffer slice
/// (``OriginResponseHead``), and then frames the body (Content-Length, chunked, or until close),
/// handing out body slices without copying. Interim 1xx responses are skipped.
///
/// Hand-written rather than NIO's `HTTPResponseDecoder`: that decoder turns every field into a
/// `String` pair of an `HTTPHeaders` and every part into a typed message between handlers, which
/// measured ~20k instructions per proxied response; this parser does none of that. Pure: no I/O.
public struct OriginResponseParser: Sendable {
    /// What the parser found.
    public enum Event: Sendable {
        /// The final (non-1xx) response head.
        case head(OriginResponseHead)
        /// A piece of the body (a slice of the input).
        case body(ByteBuffer)
        /// The response is complete.
        case end
    }

    enum State: Sendable, Equatable {
        /// No response expected.
        case idle
        /// Looking for the end of the head; `lineStart` is where the incomplete line begins.
        case head(lineStart: Int)
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(seen: Int)
        case untilClose
        /// The head said there is no body: `.end` comes next.
        case endPending
        case done
    }

    /// The largest header section accepted (status line and fields).
    public let maxHeadBytes: Int
    private(set) var state: State = .idle
    private var isHeadRequest = false
    static let maxChunkLine = 4096
    static let maxTrailerBytes = 16 * 1024

    /// Creates a parser; `maxHeadBytes` bounds the status line and header fields together.
    public init(maxHeadBytes: Int = 64 * 1024) {
        self.maxHeadBytes = maxHeadBytes
    }

    /// Prepares for the response to a new request. A HEAD request's response has no body whatever
    /// its headers say.
    public mutating func expectResponse(isHeadRequest: Bool) {
        self.isHeadRequest = isHeadRequest
        state = .head(lineStart: 0)
    }

    /// Whether the last response is complete (the connection may carry another exchange).
    public var isComplete: Bool { state == .done }

    /// Whether the body is delimited by the connection closing.
    public var readsUntilClose: Bool { state == .untilClose }

    /// The next event from `buffer` (consuming what it used), or nil when more bytes are needed.
    public mutating func next(_ buffer: inout ByteBuffer) throws(OriginResponseParseError) -> Event? {
        while true {
            switch state {
            case .idle, .done:
                return nil
            case .endPending:
                state = .done
                return .end
            case .head(let lineStart):
                guard let head = try parseHead(&buffer, from: lineStart) else { return nil }
                if head.status < 200 {
                    state = .head(lineStart: 0)  // interim response: skipped; the final one follows
                    continue
                }
                return .head(head)
            case .fixed(let remaining):
                return Self.slice(&buffer, remaining: remaining, then: .endPending, state: &state, next: State.fixed)
            case .chunkSize:
                guard let size = try parseChunkSize(&buffer) else { return nil }
                state = size == 0 ? .trailers(seen: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                return Self.slice(
                    &buffer, remaining: remaining, then: .chunkDataEnd, state: &state, next: State.chunkData)
            case .chunkDataEnd:
                guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
                if first == 0x0A {
                    buffer.moveReaderIndex(forwardBy: 1)
                } else if first == 0x0D {
                    guard let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else {
                        return nil
                    }
                    guard second == 0x0A else { throw .invalidChunk }
                    buffer.moveReaderIndex(forwardBy: 2)
                } else {
                    throw .invalidChunk
                }
                state = .chunkSize
            case .trailers(let seen):
                guard try skipTrailers(&buffer, seen: seen) else { return nil }
                state = .done
                return .end
            case .untilClose:
                guard buffer.readableBytes > 0 else { return nil }
                return .body(buffer.readSlice(length: buffer.readableBytes)!)
            }
        }
    }

    /// Up to `remaining` body bytes as one slice; `state` becomes `then` when they are all there.
    private static func slice(
        _ buffer: inout ByteBuffer, remaining: Int, then: State, state: inout State, next: (Int) -> State
    ) -> Event? {
        guard buffer.readableBytes > 0 else { return nil }
        let n = min(remaining, buffer.readableBytes)
        state = n == remaining ? then : next(remaining - n)
        return .body(buffer.readSlice(length: n)!)
    }

    /// The connection closed: `.end` when the body was delimited by the close, nil when nothing was
    /// in progress, and an error when a response was cut short.
    public mutating func inputClosed() throws(OriginResponseParseError) -> Event? {
        switch state {
        case .untilClose:
            state = .done
            return .end
        case .idle, .done:
            return nil
        case .endPending:
            state = .done
            return .end
        default:
            throw .truncatedBody
        }
    }

    // MARK: - Head

    /// Finds the empty line that ends the head; on success consumes the head and sets the body state.
    private mutating func parseHead(_ buffer: inout ByteBuffer, from lineStart: Int) throws(OriginResponseParseError)
        -> OriginResponseHead?
    {
        let head: OriginResponseHead
        if lineStart == 0 {
            // First look: one validating pass finds the end of the head too (the usual case: the
            // whole head arrived in one read).
            var scan = HeadScan()
            let outcome = buffer.withUnsafeReadableBytes { scan.run($0) }
            switch outcome {
            case .invalid(let error):
                throw error
            case .incomplete:
                return try awaitHead(&buffer, from: 0)
            case .complete(let headLength):
                if headLength > maxHeadBytes + 4 { throw .headTooLarge }
                head = try Self.head(from: scan, in: buffer, isHead: isHeadRequest)
                buffer.moveReaderIndex(forwardBy: headLength)
            }
        } else {
            // The head came in pieces: lines already seen are not scanned again until it is whole.
            guard let whole = try awaitHead(&buffer, from: lineStart) else { return nil }
            head = whole
        }
        if head.status < 200 { return head }
        if isHeadRequest || head.status == 204 || head.status == 304 {
            state = .endPending
        } else if head.chunked {
            state = .chunkSize
        } else if let length = head.contentLength {
            state = length == 0 ? .endPending : .fixed(remaining: length)
        } else {
            state = .untilClose
        }
        return head
    }

    /// Looks for the empty line from `lineStart` on; once it is there, validates the whole head.
    private mutating func awaitHead(_ buffer: inout ByteBuffer, from lineStart: Int) throws(OriginResponseParseError)
        -> OriginResponseHead?
    {
        let readable = buffer.readableBytes
        var headLength = -1
        var nextLineStart = lineStart
        buffer.withUnsafeReadableBytes { bytes in
            var start = lineStart
            while let lf = bytes.indexOfLF(from: start) {
                let emptyLine = lf == start || (lf == start + 1 && bytes[start] == 0x0D)
                if emptyLine && start > 0 {
                    headLength = lf + 1
                    return
                }
                start = lf + 1
            }
            nextLineStart = start
        }
        guard headLength > 0 else {
            if readable > maxHeadBytes { throw .headTooLarge }
            state = .head(lineStart: nextLineStart)
            return nil
        }
        if headLength > maxHeadBytes + 4 { throw .headTooLarge }
        let head = try Self.validate(
            buffer.getSlice(at: buffer.readerIndex, length: headLength)!, isHead: isHeadRequest)
        buffer.moveReaderIndex(forwardBy: headLength)
        return head
    }

    /// Validates a complete head (status line, fields, empty line).
    static func validate(_ head: ByteBuffer, isHead: Bool) throws(OriginResponseParseError) -> OriginResponseHead {
        var scan = HeadScan()
        switch head.withUnsafeReadableBytes({ scan.run($0) }) {
        case .invalid(let error): throw error
        case .incomplete: throw .malformedField
        case .complete: return try Self.head(from: scan, in: head, isHead: isHead)
        }
    }

    /// The head a successful scan of `buffer` (from its reader index) describes.
    private static func head(from scan: HeadScan, in buffer: ByteBuffer, isHead: Bool) throws(OriginResponseParseError)
        -> OriginResponseHead
    {
        if scan.status == 101 { throw .unexpectedSwitchingProtocols }
        let framedByClose = scan.hasTransferEncoding ? !scan.chunked : scan.contentLength == nil
        let bodyless = isHead || scan.status == 204 || scan.status == 304 || scan.status < 200
        var keepAlive = scan.minor >= 1 ? !scan.closeToken : (scan.keepAliveToken && !scan.closeToken)
        if framedByClose && !bodyless { keepAlive = false }
        let fields = buffer.getSlice(
            at: buffer.readerIndex + scan.fieldsStart, length: scan.fieldsEnd - scan.fieldsStart)!
        return OriginResponseHead(
            status: scan.status, minorVersion: scan.minor, keepAlive: keepAlive,
            contentLength: scan.hasTransferEncoding ? nil : scan.contentLength, chunked: scan.chunked,
            nominatesFields: scan.nominates, fields: fields)
    }

    // MARK: - Chunked body

    /// Parses `chunk-size [chunk-ext] CRLF`; nil when the line is incomplete.
    private func parseChunkSize(_ buffer: inout ByteBuffer) throws(OriginResponseParseError) -> Int? {
        let result: Result<(size: Int, length: Int)?, OriginResponseParseError> = buffer.withUnsafeReadableBytes {
            bytes in
            guard let lf = bytes.firstIndex(of: 0x0A) else {
                return bytes.count > Self.maxChunkLine ? .failure(.invalidChunk) : .success(nil)
            }
            guard lf <= Self.maxChunkLine else { return .failure(.invalidChunk) }
            var i = 0
            var size = 0
            while i < lf, let digit = hexValue(bytes[i]) {
                guard i < 15 else { return .failure(.invalidChunk) }  // more than 15 hex digits: overflow
                size = size << 4 | digit
                i += 1
            }
            guard i > 0 else { return .failure(.invalidChunk) }
            // Optional whitespace, then extensions (ignored), then CR LF.
            var end = lf
            if end > i && bytes[end - 1] == 0x0D { end -= 1 }
            while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            if i < end {
                guard bytes[i] == 0x3B else { return .failure(.invalidChunk) }
                for j in i..<end where bytes[j] < 0x20 && bytes[j] != 0x09 { return .failure(.invalidChunk) }
            }
            return .success((size, lf + 1))
        }
        switch result {
        case .failure(let error): throw error
        case .success(nil): return nil
        case .success(let parsed?):
            buffer.moveReaderIndex(forwardBy: parsed.length)
            return parsed.size
        }
    }

    /// Skips trailer fields up to the empty line; false when more bytes are needed.
    private mutating func skipTrailers(_ buffer: inout ByteBuffer, seen: Int) throws(OriginResponseParseError) -> Bool {
        var seen = seen
        while true {
            let line: Int? = buffer.withUnsafeReadableBytes { $0.firstIndex(of: 0x0A) }
            guard let lf = line else {
                if seen + buffer.readableBytes > Self.maxTrailerBytes { throw .invalidTrailers }
                state = .trailers(seen: seen)
                return false
            }
            let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
            let empty = lf == 0 || (lf == 1 && first == 0x0D)
            buffer.moveReaderIndex(forwardBy: lf + 1)
            if empty { return true }
            seen += lf + 1
            if seen > Self.maxTrailerBytes { throw .invalidTrailers }
        }
    }
}

/// The value of an ASCII hex digit.
@inline(__always)
private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case 0x30...0x39: Int(byte - 0x30)
    case 0x41...0x46: Int(byte - 0x41 + 10)
    case 0x61...0x66: Int(byte - 0x61 + 10)
    default: nil
    }
}
