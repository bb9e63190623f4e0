import EdgeCore
import EdgeRouting
import NIOCore
import NIOHTTP1

/// The one handler of an HTTP/1.1 connection (after TLS and the idle check). It parses requests
/// itself (`ViewerRequestParser`, in place of NIO's decoder) and owns what NIO's response encoder and
/// pipelining handler would otherwise do: responses are encoded to bytes here,
/// pipelined requests wait their turn (their parts are queued; reads stop only when the queue holds
/// more than `queueLimitBytes`, so the socket keeps its read interest between requests and the event
/// loop does no `epoll_ctl` per request), and decoder errors become 400 / 431 followed by a close.
final class HTTP1ConnectionHandler: ChannelDuplexHandler, ResponseSink {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: ServerContext
    /// Told of every flush (it sees only reads by itself).
    private var idleHandler: ViewerIdleHandler?
    private let isHTTPS: Bool
    private let serverName: String?
    private var context: ChannelHandlerContext!
    private var clientAddress = "-"

    private var exchange: RequestExchange?
    private var requestComplete = true
    private var responseComplete = true
    private var keepAlive = true
    private var isHTTP10 = false
    private var chunked = false
    private var closeAfterBody = false
    private var queued = CircularBuffer<HTTPServerRequestPart>()
    /// Bytes held in `queued` (a head counts as `queuedHeadCost`).
    private var queuedBytes = 0
    /// A parse error that came after pipelined requests still waiting: answered once they are.
    private var deferredParserError: ViewerRequestParseError?
    private var parser: ViewerRequestParser
    /// Bytes of an incomplete head or chunk line, kept for the next read.
    private var cumulation: ByteBuffer?
    /// Set after a parse error: later bytes are not parsed.
    private var parsingStopped = false
    private var readPending = false
    private var bodyPaused = false
    private var closing = false
    private var requestIds = RequestIdGenerator()

    /// Reads stop while more than this many bytes of pipelined requests wait (bounded memory for a
    /// client that pipelines uploads).
    static let queueLimitBytes = 64 * 1024
    private static let queuedHeadCost = 1024

    init(server: ServerContext, isHTTPS: Bool, serverName: String?) {
        self.parser = ViewerRequestParser(maxHeadBytes: server.currentState().limits.maxRequestHeaderBytes)
        self.server = server
        self.isHTTPS = isHTTPS
        self.serverName = serverName
    }

    var eventLoop: any EventLoop { context.eventLoop }

    func handlerAdded(context: ChannelHandlerContext) {
        idleHandler = ViewerIdleHandler.find(in: context)
        self.context = context
        if let address = context.channel.remoteAddress?.ipAddress { clientAddress = address }
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if closing || parsingStopped { return }
        var buffer = unwrapInboundIn(data)
        if var pending = cumulation {
            cumulation = nil
            pending.writeBuffer(&buffer)
            buffer = pending
        }
        while !closing && !parsingStopped {
            let event: ViewerRequestParser.Event?
            do {
                event = try parser.next(&buffer)
            } catch {
                parsingStopped = true
                parseFailed(error)
                return
            }
            switch event {
            case nil:
                if buffer.readableBytes > 0 {
                    buffer.discardReadBytes()
                    cumulation = buffer
                }
                return
            case .head(let head): deliver(.head(head))
            case .body(let body): deliver(.body(body))
            case .end: deliver(.end(nil))
            }
        }
    }

    private func deliver(_ part: HTTPServerRequestPart) {
        if !queued.isEmpty || (exchange != nil && requestComplete) {
            queued.append(part)  // pipelined: waits for the current response
            queuedBytes += Self.cost(of: part)
            return
        }
        process(part)
    }

    private static func cost(of part: HTTPServerRequestPart) -> Int {
        switch part {
        case .head: return queuedHeadCost
        case .body(let buffer): return buffer.readableBytes
        case .end: return 0
        }
    }

    private func process(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            startRequest(head)
        case .body(let buffer):
            exchange?.requestBody(buffer)
        case .end:
            requestComplete = true
            exchange?.requestEnd()
            if responseComplete { completeExchange() }
        }
    }

    private func startRequest(_ head: HTTPRequestHead) {
        requestComplete = false
        responseComplete = false
        keepAlive = head.isKeepAlive
        isHTTP10 = head.version.major == 1 && head.version.minor == 0
        let state = server.currentState()
        var target = head.uri
        var host = ""
        // Absolute-form target (RFC 9112 §3.2.2): its authority replaces Host.
        if target.utf8.first != UInt8(ascii: "/"), target.hasPrefix("http://") || target.hasPrefix("https://") {
            let afterScheme = target[target.index(target.startIndex, offsetBy: target.hasPrefix("https") ? 8 : 7)...]
            let slash = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            host = String(afterScheme[..<slash])
            target = slash == afterScheme.endIndex ? "/" : String(afterScheme[slash...])
        }
        let summary = RequestHeaderSummary(head.headers)
        var malformed = summary.hostCount > 1 || summary.conflictingLengths
        if host.isEmpty, let h = summary.host { host = h }
        var contentLength: Int?
        if let text = summary.contentLength {
            contentLength = Int(text)
            if contentLength == nil || contentLength! < 0 { malformed = true }
        }
        let chunkedBody = summary.chunked
        var routed: RoutedBehavior?
        if !malformed, !chunkedBody, (contentLength ?? 0) == 0,
            serveFromHotCache(head, target: target, host: host, summary: summary, state: state, routed: &routed)
        {
            responseComplete = true
            return
        }
        let request = ViewerRequest(
            method: head.method, target: target, host: host, headers: head.headers,
            protocolName: isHTTP10 ? "HTTP/1.0" : "HTTP/1.1", isHTTPS: isHTTPS, clientAddress: clientAddress,
            serverName: serverName, contentLength: chunkedBody ? nil : contentLength,
            hasBody: chunkedBody || (contentLength ?? 0) > 0, requestId: requestIds.next(), summary: summary)
        let exchange = RequestExchange(sink: self, state: state, request: request, server: server)
        self.exchange = exchange
        if malformed || (host.isEmpty && !isHTTP10) {
            exchange.respondLocally(.badRequest, "400 Bad Request: invalid Host or Content-Length.\n", close: true)
        } else {
            exchange.start(route: routed)
        }
    }

    /// The hit path: a small directory file already encoded in `DirectoryHotCache`, answered without a
    /// `RequestExchange` when nothing about the request needs one (GET/HEAD, no body, no conditional or
    /// range header, no response-header policy or debug headers, viewer policy lets it through).
    /// - Returns: whether the response was written.
    private func serveFromHotCache(
        _ head: HTTPRequestHead, target: String, host: String, summary: RequestHeaderSummary, state: RuntimeState,
        routed: inout RoutedBehavior?
    ) -> Bool {
        let isHead = head.method.isHEAD
        guard head.method.isGET || isHead, summary.via == nil, summary.directory.isEmpty else { return false }
        let now = server.clock.now()
        guard
            let (hot, entry) = server.hotEntry(
                state: state, host: host, target: target, isHTTPS: isHTTPS, now: now, on: context.eventLoop,
                routed: &routed)
        else { return false }
        let requestId = requestIds.next()
        var buffer = context.channel.allocator.buffer(capacity: entry.head.readableBytes + 112)
        buffer.writeImmutableBuffer(entry.head)
        buffer.writeStaticString("date: ")
        buffer.writeString(server.httpDate())
        buffer.writeStaticString("\r\nx-edge-request-id: ")
        buffer.writeString(requestId)
        if !keepAlive {
            buffer.writeStaticString("\r\nconnection: close")
        } else if isHTTP10 {
            buffer.writeStaticString("\r\nconnection: keep-alive")
        }
        buffer.writeStaticString("\r\n\r\n")
        context.write(wrapOutboundOut(buffer), promise: nil)
        if !isHead && entry.body.readableBytes > 0 { context.write(wrapOutboundOut(entry.body), promise: nil) }
        idleHandler?.noteActivity()
        context.flush()
        server.logHotHit(
            state: state, start: now, hot: hot, requestId: requestId, clientAddress: clientAddress,
            serverName: serverName, host: host, method: head.method.rawValue, path: target,
            protocolName: isHTTP10 ? "HTTP/1.0" : "HTTP/1.1", bytesOut: isHead ? 0 : entry.body.readableBytes)
        return true
    }

    private func completeExchange() {
        exchange = nil
        if closing { return }
        if !keepAlive {
            closing = true
            context.close(promise: nil)
            return
        }
        // Serve pipelined requests in order.
        while exchange == nil || !requestComplete, let next = queued.popFirst() {
            queuedBytes -= Self.cost(of: next)
            process(next)
            if closing { return }
        }
        if queued.isEmpty, exchange == nil, let error = deferredParserError {
            deferredParserError = nil
            respondToParserError(error)
            return
        }
        if readPending && mayRead {
            readPending = false
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all {
            // Keep-alive connection with nothing in flight: close it. A request in progress is the
            // origin's business (its responseTimeout), not an idle viewer.
            if exchange == nil && queued.isEmpty && !closing {
                closing = true
                context.close(promise: nil)
            }
            return
        }
        if event is DrainEvent {
            keepAlive = false
            if exchange == nil && !closing {
                closing = true
                context.close(promise: nil)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        exchange?.downstreamClosed()
        exchange = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.sinkBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closing = true
        context.close(promise: nil)
    }

    private func parseFailed(_ error: ViewerRequestParseError) {
        if !queued.isEmpty || (exchange != nil && requestComplete) {
            // The error belongs to a later, pipelined request: earlier ones are answered first.
            deferredParserError = error
            return
        }
        if exchange == nil || responseComplete {
            respondToParserError(error)
            return
        }
        // A bad chunked body under a request in progress: nothing sane can follow.
        closing = true
        exchange?.downstreamClosed()
        context.close(promise: nil)
    }

    private func respondToParserError(_ parserError: ViewerRequestParseError) {
        let status = parserError.status
        let text: String =
            switch parserError {
            case .headTooLarge: "431 Request Header Fields Too Large.\n"
            case .uriTooLong: "414 URI Too Long: the request line exceeds the header limit.\n"
            default: "400 Bad Request: the request could not be parsed.\n"
            }
        keepAlive = false
        var buffer = context.channel.allocator.buffer(capacity: 256)
        encodeHead(
            into: &buffer, status: status, headers: ["content-type": "text/plain; charset=utf-8"],
            framing: .length(text.utf8.count), close: true)
        buffer.writeString(text)
        closing = true
        let channel = context.channel
        idleHandler?.noteActivity()
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        server.errorLog.debug("malformed request from \(clientAddress): \(parserError)")
    }

    // MARK: - Outbound read gating (pipelining and upload backpressure)

    /// Reads go on unless the request body is paused (upload backpressure), too many pipelined bytes
    /// wait, or a parse error is waiting for the requests before it.
    private var mayRead: Bool {
        !bodyPaused && queuedBytes <= Self.queueLimitBytes && deferredParserError == nil
    }

    func read(context: ChannelHandlerContext) {
        if !mayRead {
            readPending = true
            return
        }
        context.read()
    }

    func pauseRequestBody() {
        bodyPaused = true
    }

    func resumeRequestBody() {
        guard bodyPaused else { return }
        bodyPaused = false
        if readPending && mayRead {
            readPending = false
            context.read()
        }
    }

    // MARK: - ResponseSink

    var isWritable: Bool { context.channel.isWritable }

    func sendContinue() {
        var buffer = context.channel.allocator.buffer(capacity: 32)
        buffer.writeString("HTTP/1.1 100 Continue\r\n\r\n")
        idleHandler?.noteActivity()
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func sendHead(status: HTTPResponseStatus, headers: HTTPHeaders, framing: ResponseBodyFraming) {
        prepareFraming(framing)
        var buffer = context.channel.allocator.buffer(capacity: 512)
        encodeHead(into: &buffer, status: status, headers: headers, framing: framing, close: !keepAlive)
        pendingHead = buffer
    }

    func sendHead(status: HTTPResponseStatus, fields: consuming ResponseFieldLines, framing: ResponseBodyFraming) {
        prepareFraming(framing)
        let hasDate = fields.hasDate
        let hasServer = fields.hasServer
        let close = !keepAlive
        var (buffer, room) = fields.takeBuffer()
        // The status line goes into the free room before the lines, the rest after them: the head
        // is completed in the buffer the lines were built in.
        let placed = withUnsafeTemporaryAllocation(byteCount: ResponseFieldLines.statusLineRoom, alignment: 1) {
            scratch -> Bool in
            var w = ByteWriter(scratch)
            writeStatusLine(status, into: &w)
            guard !w.overflowed, w.wanted <= room else { return false }
            let start = buffer.readerIndex - w.wanted
            buffer.setBytes(UnsafeRawBufferPointer(rebasing: scratch[0..<w.wanted]), at: start)
            buffer.moveReaderIndex(to: start)
            return true
        }
        if !placed {
            // A status line longer than the room (an unusual reason phrase): a new buffer.
            let lines = buffer
            buffer = context.channel.allocator.buffer(capacity: lines.readableBytes + 256)
            buffer.writeHead(estimate: lines.readableBytes + 256) { w in
                writeStatusLine(status, into: &w)
                w.write(lines)
            }
        }
        buffer.writeHead(estimate: 192) { w in
            finishHead(into: &w, hasDate: hasDate, hasServer: hasServer, framing: framing, close: close)
        }
        pendingHead = buffer
    }

    /// A response head not written yet: the first small body piece (and the end of a chunked body)
    /// is appended to it, so a small response is one write (one TLS record) instead of two or three.
    private var pendingHead: ByteBuffer?
    /// The largest body piece copied behind a pending head.
    static let mergeLimit = 16 * 1024

    private func writePendingHead() {
        guard let head = pendingHead else { return }
        pendingHead = nil
        context.write(wrapOutboundOut(head), promise: nil)
    }

    /// Keep-alive and chunking for a response with this framing.
    private func prepareFraming(_ framing: ResponseBodyFraming) {
        if case .stream = framing, isHTTP10 {
            keepAlive = false  // close-delimited
        }
        if let exchange, exchange.closeAfterResponse { keepAlive = false }
        if case .stream = framing, !isHTTP10 { chunked = true } else { chunked = false }
    }

    func sendBody(_ buffer: ByteBuffer) {
        guard buffer.readableBytes > 0 else { return }
        if pendingHead != nil && buffer.readableBytes <= Self.mergeLimit {
            if chunked {
                pendingHead!.writeString(String(buffer.readableBytes, radix: 16))
                pendingHead!.writeStaticString("\r\n")
                pendingHead!.writeImmutableBuffer(buffer)
                pendingHead!.writeStaticString("\r\n")
            } else {
                pendingHead!.writeImmutableBuffer(buffer)
            }
            return
        }
        writePendingHead()
        if chunked {
            var prefix = context.channel.allocator.buffer(capacity: 12)
            prefix.writeString(String(buffer.readableBytes, radix: 16))
            prefix.writeStaticString("\r\n")
            context.write(wrapOutboundOut(prefix), promise: nil)
            context.write(wrapOutboundOut(buffer), promise: nil)
            context.write(wrapOutboundOut(ByteBuffer(staticString: "\r\n")), promise: nil)
        } else {
            context.write(wrapOutboundOut(buffer), promise: nil)
        }
    }

    func flushBody() {
        writePendingHead()
        idleHandler?.noteActivity()
        context.flush()
    }

    func sendEnd(closeConnection: Bool) {
        if chunked {
            if pendingHead != nil {
                pendingHead!.writeStaticString("0\r\n\r\n")
            } else {
                context.write(wrapOutboundOut(ByteBuffer(staticString: "0\r\n\r\n")), promise: nil)
            }
            chunked = false
        }
        writePendingHead()
        if closeConnection { keepAlive = false }
        idleHandler?.noteActivity()
        context.flush()
        responseComplete = true
        if requestComplete {
            completeExchange()
        } else if !keepAlive {
            closing = true
            context.close(promise: nil)
        }
        // Otherwise: keep reading (and discarding) the rest of the request body; `.end` completes it.
    }

    func abort() {
        pendingHead = nil
        closing = true
        context.close(promise: nil)
    }

    // MARK: - Encoding

    private func encodeHead(
        into buffer: inout ByteBuffer, status: HTTPResponseStatus, headers: HTTPHeaders, framing: ResponseBodyFraming,
        close: Bool
    ) {
        buffer.writeHead(estimate: 256 + headers.count * 64) { w in
            writeStatusLine(status, into: &w)
            var hasDate = false
            var hasServer = false
            for (name, value) in headers {
                switch framing {
                case .empty: break
                default:
                    if name.equalsLowercase("content-length") || name.equalsLowercase("transfer-encoding") { continue }
                }
                if name.equalsLowercase("date") { hasDate = true }
                if name.equalsLowercase("server") { hasServer = true }
                w.write(name)
                w.write(": ")
                w.write(value)
                w.write("\r\n")
            }
            finishHead(into: &w, hasDate: hasDate, hasServer: hasServer, framing: framing, close: close)
        }
    }

    private func writeStatusLine(_ status: HTTPResponseStatus, into buffer: inout ByteWriter) {
        let common: StaticString? =
            switch status.code {
            case 200: "HTTP/1.1 200 OK\r\n"
            case 204: "HTTP/1.1 204 No Content\r\n"
            case 206: "HTTP/1.1 206 Partial Content\r\n"
            case 301: "HTTP/1.1 301 Moved Permanently\r\n"
            case 302: "HTTP/1.1 302 Found\r\n"
            case 304: "HTTP/1.1 304 Not Modified\r\n"
            case 404: "HTTP/1.1 404 Not Found\r\n"
            default: nil
            }
        if let common {
            buffer.write(common)
            return
        }
        buffer.write("HTTP/1.1 ")
        buffer.writeDecimal(Int(status.code))
        buffer.write(" ")
        buffer.write(status.reasonPhrase)
        buffer.write("\r\n")
    }

    /// `Date` and `Server` when absent, the framing field, `Connection`, and the empty line.
    private func finishHead(
        into buffer: inout ByteWriter, hasDate: Bool, hasServer: Bool, framing: ResponseBodyFraming, close: Bool
    ) {
        if !hasDate {
            buffer.write("date: ")
            buffer.write(server.httpDate())
            buffer.write("\r\n")
        }
        if !hasServer { buffer.write("server: edge\r\n") }
        switch framing {
        case .length(let n):
            buffer.write("content-length: ")
            buffer.writeDecimal(n)
            buffer.write("\r\n")
        case .stream where !isHTTP10:
            buffer.write("transfer-encoding: chunked\r\n")
        default:
            break
        }
        if close {
            buffer.write("connection: close\r\n")
        } else if isHTTP10 {
            buffer.write("connection: keep-alive\r\n")
        }
        buffer.write("\r\n")
    }
}
