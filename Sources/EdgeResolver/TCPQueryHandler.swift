import EdgeDNS
import NIOCore

/// Reads length-prefixed DNS messages (RFC 7766 §8) from a TCP connection and completes a query's
/// promise with the first one that answers it; other messages are dropped.
final class TCPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let query: AddressQuery
    private let promise: EventLoopPromise<ExchangeOutcome>
    private let ignored: @Sendable () -> Void
    private var received = ByteBuffer()

    init(query: AddressQuery, promise: EventLoopPromise<ExchangeOutcome>, ignored: @escaping @Sendable () -> Void) {
        self.query = query
        self.promise = promise
        self.ignored = ignored
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        while let length = received.getInteger(at: received.readerIndex, as: UInt16.self),
            received.readableBytes >= 2 + Int(length)
        {
            received.moveReaderIndex(forwardBy: 2)
            let frame = received.readBytes(length: Int(length)) ?? []
            if let message = try? DNSMessage.decode(frame), query.accepts(message) {
                promise.succeed(.response(message))
                return
            }
            ignored()
        }
        received.discardReadBytes()
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(.unreachable("connection closed before an answer"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.succeed(.unreachable("\(error)"))
        context.close(promise: nil)
    }
}
