import EdgeOrigin
import EdgeProxy
import EdgeRouting
import NIOCore
import NIOHPACK
import NIOHTTP1
import NIOHTTP2

/// HTTP/2 at the frame level: one handler on the connection, after `NIOHTTP2Handler` (which keeps
/// its inbound header-block validation), with a small stream table instead of a child channel per
/// stream. Writes are flushed once per read burst. Inbound flow control is ours: the connection
/// window is opened wide at start and replenished as bodies are consumed; a stream's window is
/// replenished only while its exchange wants more body (upload backpressure). Event-loop bound,
/// hence `@unchecked Sendable`.
final class HTTP2ConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    static let streamWindow = 1 << 20
    static let connectionWindow = 16 << 20

    private let server: ServerContext
    /// Told of every flush (it sees only reads by itself).
    private var idleHandler: ViewerIdleHandler?
    private let serverName: String?
    private var context: ChannelHandlerContext!
    private var clientAddress = "-"
    private var streams: [HTTP2StreamID: HTTP2StreamSink] = [:]
    private var inReadBurst = false
    private var flushPending = false
    private var connectionConsumed = 0
    private var draining = false
    private var requestIds = RequestIdGenerator()

    init(server: ServerContext, serverName: String?) {
        self.server = server
        self.serverName = serverName
    }

    func handlerAdded(context: ChannelHandlerContext) {
        idleHandler = ViewerIdleHandler.find(in: context)
        self.context = context
        if let address = context.channel.remoteAddress?.ipAddress { clientAddress = address }
        let increment = Self.connectionWindow - 65_535
        idleHandler?.noteActivity()
        context.writeAndFlush(
            wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))),
            promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inReadBurst = true
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let headers):
            if let stream = streams[frame.streamID] {
                // Trailers: checked here (NIO's own header validation is off, see `configure`).
                var validator = HTTP2FieldValidator(isTrailers: true)
                for (name, value, _) in headers.headers where !validator.accept(name: name, value: value) { break }
                if let problem = validator.finish() {
                    refuse(frame.streamID, problem)
                    streams.removeValue(forKey: frame.streamID)?.viewerReset()
                } else if headers.endStream {
                    stream.requestEnded()
                }
            } else {
                startStream(frame.streamID, headers: headers.headers, endStream: headers.endStream)
            }
        case .data(let payload):
            guard case .byteBuffer(let buffer) = payload.data else { break }
            consumeConnectionWindow(buffer.readableBytes)
            if let stream = streams[frame.streamID] {
                stream.requestBody(buffer)
                if payload.endStream { stream.requestEnded() }
            }
        case .rstStream:
            streams.removeValue(forKey: frame.streamID)?.viewerReset()
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        inReadBurst = false
        if flushPending {
            flushPending = false
            idleHandler?.noteActivity()
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let closed = event as? StreamClosedEvent {
            streams.removeValue(forKey: closed.streamID)?.viewerReset()
        } else if let window = event as? NIOHTTP2WindowUpdatedEvent, window.streamID != .rootStream {
            streams[window.streamID]?.outboundWindowChanged()
        } else if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .all, streams.isEmpty {
            let goAway = HTTP2Frame(
                streamID: .rootStream, payload: .goAway(lastStreamID: .maxID, errorCode: .noError, opaqueData: nil))
            let channel = context.channel
            idleHandler?.noteActivity()
            context.writeAndFlush(wrapOutboundOut(goAway)).whenComplete { _ in channel.close(promise: nil) }
        } else if event is DrainEvent {
            draining = true
            let goAway = HTTP2Frame(
                streamID: .rootStream, payload: .goAway(lastStreamID: .maxID, errorCode: .noError, opaqueData: nil))
            idleHandler?.noteActivity()
            context.writeAndFlush(wrapOutboundOut(goAway), promise: nil)
            closeIfDrained()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            for stream in streams.values { stream.outboundWindowChanged() }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let all = streams.values
        streams = [:]
        for stream in all { stream.viewerReset() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // NIOHTTP2Handler has already answered protocol errors (RST_STREAM / GOAWAY).
        server.errorLog.debug("http2 error from \(clientAddress): \(error)")
    }

    // MARK: - Streams

    private func startStream(_ id: HTTP2StreamID, headers: HPACKHeaders, endStream: Bool) {
        // One pass validates the block and picks out what routing and the hit path need; the
        // `HTTPHeaders` copy for the full path is made only when the hit path does not answer.
        var method = ""
        var path = ""
        var authority = ""
        var hostHeader: String?
        var needsFullPath = !endStream
        var validator = HTTP2FieldValidator(isTrailers: false)
        for (name, value, _) in headers {
            guard validator.accept(name: name, value: value) else { break }
            if name.first == ":" {
                switch name {
                case ":method": method = value
                case ":path": path = value
                case ":authority": authority = value
                default: break
                }
            } else if name == "host" {
                if hostHeader == nil { hostHeader = value }
            } else if !needsFullPath, Self.hitPathExclusions.contains(name) {
                needsFullPath = true
            }
        }
        if let problem = validator.finish() {
            return refuse(id, problem)
        }
        if authority.isEmpty, let hostHeader { authority = hostHeader }
        let state = server.currentState()
        var routed: RoutedBehavior?
        if !needsFullPath, method == "GET" || method == "HEAD",
            serveFromHotCache(id, method: method, path: path, authority: authority, state: state, routed: &routed)
        {
            return
        }
        var plain = HTTPHeaders()
        plain.reserveCapacity(headers.count)
        var cookies: [String] = []
        for (name, value, _) in headers where name.first != ":" {
            if name == "cookie" { cookies.append(value) } else { plain.add(name: name, value: value) }
        }
        if !cookies.isEmpty { plain.add(name: "cookie", value: cookies.joined(separator: "; ")) }
        if !authority.isEmpty && hostHeader == nil { plain.add(name: "host", value: authority) }
        let summary = RequestHeaderSummary(plain)
        let contentLength = summary.contentLength.flatMap { Int($0) }
        let request = ViewerRequest(
            method: HTTPMethod(rawValue: method), target: path, host: authority, headers: plain, protocolName: "HTTP/2",
            isHTTPS: true, clientAddress: clientAddress, serverName: serverName, contentLength: contentLength,
            hasBody: !endStream, requestId: requestIds.next(), summary: summary)
        let sink = HTTP2StreamSink(streamID: id, connection: self, requestComplete: endStream)
        streams[id] = sink
        let exchange = RequestExchange(sink: sink, state: state, request: request, server: server)
        sink.exchange = exchange
        exchange.start(route: routed)
        if endStream { exchange.requestEnd() }
    }

    /// Request fields that send a GET/HEAD down the full path (conditional and range requests need the
    /// planner; `via` the loop check). HTTP/2 field names are lowercase (validated above).
    static let hitPathExclusions = Set(DirectoryRequestHeaders.fieldNames.map { $0.lowercased() } + ["via"])

    /// The hit path over HTTP/2 (see `HTTP1ConnectionHandler.serveFromHotCache`): HEADERS and DATA
    /// frames straight from the cached entry, no stream sink or exchange. NIOHTTP2Handler still applies
    /// flow control to the DATA frame.
    private func serveFromHotCache(
        _ id: HTTP2StreamID, method: String, path: String, authority: String, state: RuntimeState,
        routed: inout RoutedBehavior?
    ) -> Bool {
        let now = server.clock.now()
        guard
            let (hot, entry) = server.hotEntry(
                state: state, host: authority, target: path, isHTTPS: true, now: now, on: context.eventLoop,
                routed: &routed)
        else { return false }
        let isHead = method == "HEAD"
        let requestId = requestIds.next()
        var block = HPACKHeaders()
        block.reserveCapacity(entry.fields.count + 4)
        // Indexed as on the proxy path (`HTTP2StreamSink.indexing(forLowercaseName:)`).
        block.add(name: ":status", value: "200", indexing: .indexable)  // a static-table entry
        for (name, value) in entry.fields {
            block.add(name: name, value: value, indexing: HTTP2StreamSink.indexing(forLowercaseName: name))
        }
        block.add(name: "server", value: "edge", indexing: .indexable)
        block.add(name: "date", value: server.httpDate(), indexing: .nonIndexable)
        block.add(name: "x-edge-request-id", value: requestId, indexing: .nonIndexable)
        let bodyless = isHead || entry.body.readableBytes == 0
        write(HTTP2Frame(streamID: id, payload: .headers(.init(headers: block, endStream: bodyless))))
        if !bodyless {
            write(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(entry.body), endStream: true))))
        }
        flush()
        server.logHotHit(
            state: state, start: now, hot: hot, requestId: requestId, clientAddress: clientAddress,
            serverName: serverName, host: authority, method: method, path: path, protocolName: "HTTP/2",
            bytesOut: bodyless ? 0 : entry.body.readableBytes)
        return true
    }

    /// A malformed request (RFC 9113 §8.1.1): RST_STREAM with PROTOCOL_ERROR.
    private func refuse(_ id: HTTP2StreamID, _ problem: String) {
        server.errorLog.debug("http2 malformed request from \(clientAddress) on stream \(id): \(problem)")
        write(HTTP2Frame(streamID: id, payload: .rstStream(.protocolError)))
        flush()
    }

    private func consumeConnectionWindow(_ bytes: Int) {
        connectionConsumed += bytes
        if connectionConsumed >= Self.connectionWindow / 2 {
            write(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: connectionConsumed)))
            connectionConsumed = 0
        }
    }

    // MARK: - Used by stream sinks

    var eventLoop: any EventLoop { context.eventLoop }
    var channelIsWritable: Bool { context.channel.isWritable }

    /// The `date` value, formatted once a second.
    func httpDate() -> String { server.httpDate() }

    func write(_ frame: HTTP2Frame, promise: EventLoopPromise<Void>? = nil) {
        context.write(wrapOutboundOut(frame), promise: promise)
        if inReadBurst {
            flushPending = true
        }
    }

    static func configure(_ channel: any Channel, context: ServerContext, serverName: String?) -> EventLoopFuture<Void>
    {
        channel.eventLoop.makeCompletedFuture {
            let limits = context.currentState().limits
            var configuration = NIOHTTP2Handler.ConnectionConfiguration()
            // Inbound header blocks are validated by `HTTP2FieldValidator` in `startStream`; NIO's own
            // validation would also re-check every block we send (~24k instructions per response).
            configuration.headerBlockValidation = .disabled
            configuration.initialSettings = [
                HTTP2Setting(parameter: .maxConcurrentStreams, value: 128),
                HTTP2Setting(parameter: .maxHeaderListSize, value: limits.maxRequestHeaderBytes),
                HTTP2Setting(parameter: .initialWindowSize, value: streamWindow),
            ]
            try channel.pipeline.syncOperations.addHandler(
                NIOHTTP2Handler(mode: .server, connectionConfiguration: configuration))
            try channel.pipeline.syncOperations.addHandler(
                HTTP2ConnectionHandler(server: context, serverName: serverName))
        }
    }

    func flush() {
        if inReadBurst {
            flushPending = true
        } else {
            idleHandler?.noteActivity()
            context.flush()
        }
    }

    func streamFinished(_ id: HTTP2StreamID) {
        streams.removeValue(forKey: id)
        closeIfDrained()
    }

    private func closeIfDrained() {
        if draining && streams.isEmpty {
            idleHandler?.noteActivity()
            context.flush()
            context.close(promise: nil)
        }
    }
}
