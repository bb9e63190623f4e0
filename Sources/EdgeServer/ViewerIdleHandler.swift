import NIOCore

/// Fires `IdleStateHandler.IdleStateEvent.all` when a connection saw no read and no flush for about
/// `timeout` (between `timeout` and 1.25 × `timeout`), like NIO's `IdleStateHandler(allTimeout:)` but
/// without its per-write promise and callback (measured: ~12k instructions and 2 allocations per h1
/// response). The connection handlers decide what idle means (no request in flight) and close.
///
/// Inbound only: every outbound operation would otherwise pass through it (~5k instructions per
/// proxied request for writes and flushes). The connection handler that flushes tells it instead,
/// through ``noteActivity()`` (found with ``find(in:)``).
final class ViewerIdleHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    /// Ticks per timeout: the event fires after this many quiet ticks in a row.
    static let ticks: Int64 = 4

    private let timeout: TimeAmount
    private var task: RepeatedTask?
    private var active = false
    private var quietTicks: Int64 = 0

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        task?.cancel()
        task = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        task?.cancel()
        task = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        active = true
        context.fireChannelRead(data)
    }

    /// Something was sent: the connection is not idle.
    func noteActivity() {
        active = true
    }

    /// The idle handler of `context`'s channel, if it has one.
    static func find(in context: ChannelHandlerContext) -> ViewerIdleHandler? {
        try? context.pipeline.syncOperations.handler(type: ViewerIdleHandler.self)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard task == nil else { return }
        let tick = TimeAmount.nanoseconds(max(1, timeout.nanoseconds / Self.ticks))
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        task = context.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            let (handler, context) = bound.value
            handler.tick(context)
        }
    }

    private func tick(_ context: ChannelHandlerContext) {
        if active {
            active = false
            quietTicks = 0
            return
        }
        quietTicks += 1
        if quietTicks >= Self.ticks {
            quietTicks = 0
            context.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.all)
        }
    }
}
