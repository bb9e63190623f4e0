import EdgeCore
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
        /// A body framed by length or chunks, decoded by `body`.
        case body
        case untilClose
        /// The head said there is no body: `.end` comes next.
        case endPending
        case done
    }

    /// The largest header section accepted (status line and fields).
    public let maxHeadBytes: Int
    private(set) var state: State = .idle
    private var isHeadRequest = false
    /// The body decoder while `state` is `.body`.
    private var body = MessageBodyDecoder(.length(0))

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
            case .body:
                let event: ChunkedBodyDecoder.Event?
                do {
                    event = try body.next(&buffer)
                } catch {
                    throw error == .invalidChunk ? .invalidChunk : .invalidTrailers
                }
                switch event {
                case nil: return nil
                case .data(let data): return .body(data)
                case .end:
                    state = .done
                    return .end
                }
            case .untilClose:
                guard buffer.readableBytes > 0 else { return nil }
                return .body(buffer.readSlice(length: buffer.readableBytes)!)
            }
        }
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
            body = MessageBodyDecoder(.chunked)
            state = .body
        } else if let length = head.contentLength {
            body = MessageBodyDecoder(.length(length))
            state = .body
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
}
