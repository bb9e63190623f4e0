import EdgeDNS
import NIOCore

/// Completes a query's promise with the first datagram that answers it; everything else is dropped
/// (anti-spoofing: a wrong ID or question is not an answer).
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = ByteBuffer

    private let query: AddressQuery
    private let promise: EventLoopPromise<ExchangeOutcome>
    private let ignored: @Sendable () -> Void

    init(query: AddressQuery, promise: EventLoopPromise<ExchangeOutcome>, ignored: @escaping @Sendable () -> Void) {
        self.query = query
        self.promise = promise
        self.ignored = ignored
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let message = try? DNSMessage.decode(Array(envelope.data.readableBytesView)), query.accepts(message)
        else {
            ignored()
            return
        }
        promise.succeed(.response(message))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.succeed(.unreachable("\(error)"))
    }
}
