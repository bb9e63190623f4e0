import EdgeCore
import NIOCore

/// One keep-alive HTTP/1.1 connection to an origin. Event-loop bound: every method must be called on
/// `channel.eventLoop` (hence `@unchecked Sendable`: it is confined, not locked). A connection carries one request at a time; the pool hands it out and takes it back.
public final class OriginConnection: @unchecked Sendable {
    /// The underlying channel.
    public let channel: any Channel
    /// The endpoint this connection goes to.
    public let endpoint: HTTPOriginEndpoint
    /// Whether the connection has served a request before (a stale keep-alive connection may fail
    /// before answering; such a failure is safe to retry on a fresh connection).
    public internal(set) var reused = false
    let handler: OriginResponseHandler

    init(channel: any Channel, endpoint: HTTPOriginEndpoint, handler: OriginResponseHandler) {
        self.channel = channel
        self.endpoint = endpoint
        self.handler = handler
    }

    /// Whether the connection is still open and idle enough to reuse.
    public var isReusable: Bool { channel.isActive && handler.canBeReused }

    /// Whether the request body goes out with chunked framing (set by `start`).
    private var chunkedBody = false

    /// Starts a request: sends the head (already encoded, `\r\n\r\n` included) and arms the response
    /// timeout.
    /// - Parameters:
    ///   - head: the request head bytes (already filtered and rewritten).
    ///   - isHeadRequest: the method is HEAD (the response has no body whatever its headers say).
    ///   - chunkedBody: the body (if any) is sent with chunked framing (the head says so).
    ///   - delegate: receives the response; held strongly until the response ends or fails.
    ///   - responseTimeout: allowed silence before the first byte and between reads.
    public func start(
        head: ByteBuffer, isHeadRequest: Bool, chunkedBody: Bool, delegate: any OriginResponseDelegate,
        responseTimeout: TimeAmount
    ) {
        self.chunkedBody = chunkedBody
        handler.begin(delegate: delegate, timeout: responseTimeout, isHead: isHeadRequest)
        handler.write(head)
    }

    /// Sends a piece of the request body (chunk-framed when the request is chunked).
    public func writeBody(_ buffer: ByteBuffer) {
        guard buffer.readableBytes > 0 else { return }
        if chunkedBody {
            var prefix = channel.allocator.buffer(capacity: 20)
            prefix.writeString(String(buffer.readableBytes, radix: 16))
            prefix.writeStaticString("\r\n")
            handler.write(prefix)
            handler.write(buffer)
            handler.write(ByteBuffer(staticString: "\r\n"))
        } else {
            handler.write(buffer)
        }
    }

    /// Ends the request (the last chunk when chunked) and flushes.
    public func endRequest() {
        handler.requestEnded()
        if chunkedBody {
            chunkedBody = false
            handler.write(ByteBuffer(staticString: "0\r\n\r\n"))
        }
        handler.flush()
    }

    /// Flushes what was written.
    public func flush() {
        handler.flush()
    }

    /// Whether the request side can take more body without buffering.
    public var isWritable: Bool { channel.isWritable }

    /// Resumes reading after the delegate said it wanted no more for a while.
    public func resumeReading() {
        handler.resumeReading(context: nil)
    }

    /// Abandons the exchange and closes the connection (nothing more is delivered to the delegate).
    public func abort() {
        handler.detach()
        channel.close(promise: nil)
    }
}

/// The one handler of an origin connection: parses the response bytes (``OriginResponseParser``)
/// and hands the head, body slices and end to the current delegate, gates reads on the delegate's
/// demand, and enforces the response timeout. Requests are written as bytes straight to the socket.
final class OriginResponseHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var delegate: (any OriginResponseDelegate)?
    private var context: ChannelHandlerContext?

    /// Writes from this handler's place in the pipeline: straight to the head, without entering
    /// at the tail (`Channel.write` walks the pipeline and boxes the buffer once more).
    func write(_ buffer: ByteBuffer) {
        guard let context else { return }
        unflushed = true
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Flushes from this handler's place in the pipeline, when something was written since the last
    /// flush (a request without a body is flushed after its head, not again at its end).
    func flush() {
        guard unflushed, let context else { return }
        unflushed = false
        context.flush()
    }

    private var unflushed = false
    private var timeout: TimeAmount = .seconds(30)
    private var timer: Scheduled<Void>?
    private var receivedAnything = false
    private var requestDone = false
    private var responseDone = true
    private var keepAlive = true
    private var pendingRead = false
    private var parser = OriginResponseParser()
    /// Bytes received but not yet parsed (an incomplete head or chunk line).
    private var buffered: ByteBuffer?
    /// Called when the exchange completes and the connection may go back to the pool.
    var onIdle: (() -> Void)?

    var canBeReused: Bool { delegate == nil && responseDone && requestDone && keepAlive }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func begin(delegate: any OriginResponseDelegate, timeout: TimeAmount, isHead: Bool) {
        self.delegate = delegate
        self.timeout = timeout
        self.receivedAnything = false
        self.requestDone = false
        self.responseDone = false
        self.keepAlive = true
        self.buffered = nil
        parser.expectResponse(isHeadRequest: isHead)
        armTimer()
    }

    func requestEnded() {
        requestDone = true
        finishIfDone()
    }

    func detach() {
        delegate = nil
        timer?.cancel()
        timer = nil
        keepAlive = false
    }

    /// The response timeout without a timer per exchange: `begin` and every read only record the time;
    /// one scheduled check per connection, re-armed for the rest of the window when it fires during an
    /// exchange with recent activity, and left to lapse when the connection is idle. (Scheduling and
    /// cancelling a timer per request cost ~5k instructions and two allocations.)
    private var lastActivity = NIODeadline.now()

    /// When the pending check fires.
    private var timerDeadline = NIODeadline.distantPast

    private func armTimer() {
        let now = NIODeadline.now()
        lastActivity = now
        guard let context else { return }
        // A check left from an earlier exchange is kept unless it would fire after this exchange's
        // window (pooled connections are shared by origins with different timeouts).
        if timer != nil && timerDeadline <= now + timeout { return }
        timer?.cancel()
        scheduleTimer(context: context, in: timeout)
    }

    private func noteActivity() {
        lastActivity = .now()
    }

    private func scheduleTimer(context: ChannelHandlerContext, in amount: TimeAmount) {
        timerDeadline = .now() + amount
        // Strong capture (a weak one would give the handler a side table and slow every retain of
        // it); the check is cancelled when the channel closes, which releases the handler.
        timer = context.eventLoop.scheduleTask(in: amount) { () -> Void in
            self.timer = nil
            guard self.delegate != nil, let context = self.context else { return }
            let quiet = NIODeadline.now() - self.lastActivity
            if quiet < self.timeout {
                self.scheduleTimer(context: context, in: self.timeout - quiet)
            } else {
                self.fail(
                    EdgeError(
                        .responseTimedOut, source: .upstream, retryable: true,
                        context: "no response within \(self.timeout)"))
            }
        }
    }

    private func fail(_ error: EdgeError) {
        timer?.cancel()
        timer = nil
        keepAlive = false
        let delegate = self.delegate
        self.delegate = nil
        delegate?.originDidFail(error, receivedAnything: receivedAnything)
        context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard delegate != nil || !responseDone else {
            // Bytes nobody asked for (after a complete response): the connection is out of step.
            keepAlive = false
            context.close(promise: nil)
            return
        }
        receivedAnything = true
        noteActivity()
        if var earlier = buffered {
            earlier.writeImmutableBuffer(buffer)
            buffer = earlier
            buffered = nil
        }
        deliver(&buffer)
        if buffer.readableBytes > 0 && delegate != nil { buffered = buffer }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        delegate?.originReadComplete()
        context.fireChannelReadComplete()
    }

    /// Parses and delivers as many events as `buffer` holds, while someone is listening.
    private func deliver(_ buffer: inout ByteBuffer) {
        while delegate != nil {
            let event: OriginResponseParser.Event?
            do {
                event = try parser.next(&buffer)
            } catch {
                return fail(
                    EdgeError(.upstreamProtocol, source: .upstream, retryable: true, context: "origin sent \(error)"))
            }
            guard let event else { return }
            switch event {
            case .head(let head):
                if !head.keepAlive { keepAlive = false }
                delegate?.originResponseHead(head)
            case .body(let slice):
                delegate?.originResponseBody(slice)
            case .end:
                if buffer.readableBytes > 0 { keepAlive = false }  // more than the response: do not reuse
                complete()
                return
            }
        }
    }

    /// The response is complete: the delegate hears of it, and the connection goes idle (or closes).
    private func complete() {
        responseDone = true
        let delegate = self.delegate
        self.delegate = nil
        delegate?.originResponseEnd()
        finishIfDone()
    }

    private func finishIfDone() {
        if delegate == nil && responseDone && requestDone {
            if keepAlive { onIdle?() } else { context?.close(promise: nil) }
        }
    }

    func read(context: ChannelHandlerContext) {
        if let delegate, !delegate.wantsMoreResponseBody {
            pendingRead = true
            return
        }
        context.read()
    }

    func resumeReading(context: ChannelHandlerContext?) {
        guard pendingRead, let ctx = context ?? self.context else { return }
        pendingRead = false
        ctx.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { delegate?.originBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        keepAlive = false
        onIdle = nil
        timer?.cancel()
        timer = nil
        if delegate != nil {
            let closed: OriginResponseParser.Event?
            do {
                closed = try parser.inputClosed()
            } catch {
                closed = nil
            }
            if case .end = closed, receivedAnything {
                complete()
                context.fireChannelInactive()
                return
            }
            fail(
                EdgeError(
                    .upstreamProtocol, source: .upstream, retryable: true,
                    context: "origin closed the connection"))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        keepAlive = false
        if delegate != nil {
            fail(EdgeError(.upstreamProtocol, source: .upstream, retryable: true, context: "\(error)"))
        } else {
            context.close(promise: nil)
        }
    }
}
