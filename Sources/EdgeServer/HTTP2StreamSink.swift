import NIOCore
import NIOHPACK
import NIOHTTP1
import NIOHTTP2

/// One HTTP/2 stream seen as a ``ResponseSink``: response parts become HEADERS and DATA frames on the
/// connection. Download backpressure counts DATA bytes written but not yet sent (their write promises
/// complete when NIOHTTP2Handler passes them on, i.e. when flow-control window and socket allow).
/// Event-loop bound, hence `@unchecked Sendable`.
final class HTTP2StreamSink: ResponseSink, @unchecked Sendable {
    static let highWatermark = 256 * 1024
    static let lowWatermark = 64 * 1024
    /// Headers that are meaningless (and forbidden) in HTTP/2 (RFC 9113 §8.2.2).
    static let connectionSpecific: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade",
    ]

    let streamID: HTTP2StreamID
    unowned let connection: HTTP2ConnectionHandler
    var exchange: RequestExchange?
    private var requestComplete = false
    private var responseComplete = false
    private var endedWithHeaders = false
    /// The last DATA frame carried END_STREAM (the body reached its announced length).
    private var endedWithData = false
    /// Body bytes still to come when the head announced a length.
    private var lengthLeft: Int?
    private var pendingBytes = 0
    /// Body bytes written without a promise (at most `untrackedLimit`), not counted in `pendingBytes`.
    private var untrackedBytes = 0
    static let untrackedLimit = 16 * 1024
    private var blocked = false
    private var bodyPaused = false
    private var unacknowledgedBody = 0
    private var reset = false

    /// Creates the sink of a new stream; `requestComplete` when its HEADERS frame ended the stream.
    init(streamID: HTTP2StreamID, connection: HTTP2ConnectionHandler, requestComplete: Bool) {
        self.streamID = streamID
        self.connection = connection
        self.requestComplete = requestComplete
    }

    var eventLoop: any EventLoop { connection.eventLoop }

    // MARK: - From the connection

    func requestBody(_ buffer: ByteBuffer) {
        unacknowledgedBody += buffer.readableBytes
        exchange?.requestBody(buffer)
        replenishIfPossible()
    }

    func requestEnded() {
        guard !requestComplete else { return }
        requestComplete = true
        exchange?.requestEnd()
        finishIfDone()
    }

    func viewerReset() {
        guard !reset else { return }
        reset = true
        let exchange = self.exchange
        self.exchange = nil
        exchange?.downstreamClosed()
    }

    func outboundWindowChanged() {
        if blocked && isWritable {
            blocked = false
            exchange?.sinkBecameWritable()
        }
    }

    private func replenishIfPossible() {
        guard !bodyPaused, !requestComplete, unacknowledgedBody >= HTTP2ConnectionHandler.streamWindow / 2 else {
            return
        }
        connection.write(
            HTTP2Frame(streamID: streamID, payload: .windowUpdate(windowSizeIncrement: unacknowledgedBody)))
        unacknowledgedBody = 0
        connection.flush()
    }

    // MARK: - ResponseSink

    var isWritable: Bool {
        let writable = pendingBytes < Self.highWatermark && connection.channelIsWritable
        if !writable { blocked = true }
        return writable
    }

    func sendContinue() {
        var headers = HPACKHeaders()
        headers.add(name: ":status", value: "100", indexing: .nonIndexable)
        connection.write(HTTP2Frame(streamID: streamID, payload: .headers(.init(headers: headers, endStream: false))))
        connection.flush()
    }

    func sendHead(status: HTTPResponseStatus, headers: HTTPHeaders, framing: ResponseBodyFraming) {
        guard !reset else { return }
        var block = HPACKHeaders()
        block.reserveCapacity(headers.count + 3)
        addStatus(status, to: &block)
        var hasDate = false
        for (name, value) in headers { add(name: name, value: value, to: &block, framing: framing, hasDate: &hasDate) }
        finishHead(&block, hasDate: hasDate, framing: framing)
    }

    func sendHead(status: HTTPResponseStatus, fields: consuming ResponseFieldLines, framing: ResponseBodyFraming) {
        guard !reset else { return }
        var block = HPACKHeaders()
        block.reserveCapacity(16)
        addStatus(status, to: &block)
        // The proxy path's lines carry no connection-specific field and no Content-Length unless
        // the response has no body (`ProxyResponseFields`), so they go in as they are.
        fields.forEach(lowercasingNames: true) { name, value in
            block.add(name: name, value: value, indexing: Self.indexing(forLowercaseName: name))
        }
        finishHead(&block, hasDate: fields.hasDate, framing: framing)
    }

    /// The status as text when the HPACK static table holds `:status` with it (then it is sent as
    /// one index and never enters the dynamic table).
    private static func staticStatus(_ status: HTTPResponseStatus) -> String? {
        switch status.code {
        case 200: "200"
        case 204: "204"
        case 206: "206"
        case 304: "304"
        case 400: "400"
        case 404: "404"
        case 500: "500"
        default: nil
        }
    }

    /// `:status`, indexed only when the static table holds it whole.
    private func addStatus(_ status: HTTPResponseStatus, to block: inout HPACKHeaders) {
        if let code = Self.staticStatus(status) {
            block.add(name: ":status", value: code, indexing: .indexable)
        } else {
            block.add(name: ":status", value: String(status.code), indexing: .nonIndexable)
        }
    }

    /// How a response field goes into HPACK. Fields whose values repeat from response to response
    /// are indexed: the next response sends them as one index, where a literal costs NIO's Huffman
    /// coder ~2.5k instructions. Values that change every time (`date` each second, the request id)
    /// stay out of the dynamic table, which NIO's encoder searches linearly for every field it sends,
    /// and `set-cookie` stays out of it as RFC 7541 §7.1.3 advises for secrets.
    static func indexing(forLowercaseName name: String) -> HPACKIndexing {
        switch name.utf8.count {
        case 3 where name == "age", 4 where name == "date", 10 where name == "set-cookie",
            17 where name == "x-edge-request-id":
            return .nonIndexable
        default:
            return .indexable
        }
    }

    /// One response field as HTTP/2 wants it: lowercase name, no connection-specific fields, no
    /// `Content-Length` unless the response has no body.
    private func add(
        name: String, value: String, to block: inout HPACKHeaders, framing: ResponseBodyFraming, hasDate: inout Bool
    ) {
        let lower = name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? name.lowercased() : name
        if Self.connectionSpecific.contains(lower) { return }
        if lower == "content-length", framing != .empty { return }
        if lower == "date" { hasDate = true }
        block.add(name: lower, value: value, indexing: Self.indexing(forLowercaseName: lower))
    }

    private func finishHead(_ block: inout HPACKHeaders, hasDate: Bool, framing: ResponseBodyFraming) {
        if !hasDate { block.add(name: "date", value: connection.httpDate(), indexing: .nonIndexable) }
        if case .length(let n) = framing {
            block.add(name: "content-length", value: String(n), indexing: .nonIndexable)
            lengthLeft = n
        }
        let endStream = framing == .empty
        endedWithHeaders = endStream
        connection.write(HTTP2Frame(streamID: streamID, payload: .headers(.init(headers: block, endStream: endStream))))
    }

    func sendBody(_ buffer: ByteBuffer) {
        guard !reset, !endedWithData, buffer.readableBytes > 0 else { return }
        let size = buffer.readableBytes
        // The piece that completes an announced length ends the stream itself (no empty DATA frame
        // at `sendEnd`), unless the request is still coming (then `sendEnd` must reset after it).
        var endStream = false
        if let left = lengthLeft {
            lengthLeft = left - size
            endStream = left == size && requestComplete
            endedWithData = endStream
        }
        // The first 16 KiB of a stream go out without a write promise (an allocation and a callback
        // per frame): bounded per stream, and so per connection by its concurrent-stream limit.
        if untrackedBytes + size <= Self.untrackedLimit {
            untrackedBytes += size
            connection.write(
                HTTP2Frame(streamID: streamID, payload: .data(.init(data: .byteBuffer(buffer), endStream: endStream))))
            return
        }
        pendingBytes += size
        let promise = eventLoop.makePromise(of: Void.self)
        // Strong capture: every write promise completes (written, or failed when the connection
        // closes), and a weak reference would put the sink's refcounts on the runtime's slow path.
        promise.futureResult.whenComplete { _ in
            self.pendingBytes -= size
            if self.blocked && self.pendingBytes <= Self.lowWatermark { self.outboundWindowChanged() }
        }
        connection.write(
            HTTP2Frame(streamID: streamID, payload: .data(.init(data: .byteBuffer(buffer), endStream: endStream))),
            promise: promise)
    }

    func flushBody() {
        connection.flush()
    }

    func sendEnd(closeConnection: Bool) {
        guard !reset else { return finishIfDone() }
        let stopUpload = !requestComplete
        var sent: EventLoopPromise<Void>?
        if stopUpload {
            // A complete response before the whole request: once the last DATA frame is really out,
            // ask the client to stop sending (RFC 9113 §8.1). Not before: a reset drops buffered data.
            let promise = eventLoop.makePromise(of: Void.self)
            let connection = self.connection
            let id = streamID
            promise.futureResult.whenSuccess {
                connection.write(HTTP2Frame(streamID: id, payload: .rstStream(.noError)))
                connection.flush()
            }
            sent = promise
            requestComplete = true
        }
        if !endedWithHeaders && !endedWithData {
            let empty = ByteBuffer()
            connection.write(
                HTTP2Frame(streamID: streamID, payload: .data(.init(data: .byteBuffer(empty), endStream: true))),
                promise: sent)
        } else {
            sent?.succeed(())
        }
        responseComplete = true
        connection.flush()
        finishIfDone()
    }

    func pauseRequestBody() {
        bodyPaused = true
    }

    func resumeRequestBody() {
        guard bodyPaused else { return }
        bodyPaused = false
        replenishIfPossible()
    }

    func abort() {
        guard !reset else { return }
        reset = true
        connection.write(HTTP2Frame(streamID: streamID, payload: .rstStream(.internalError)))
        connection.flush()
        exchange = nil
        connection.streamFinished(streamID)
    }

    private func finishIfDone() {
        if (responseComplete && requestComplete) || reset {
            exchange = nil
            connection.streamFinished(streamID)
        }
    }
}
