import EdgeDNS
import Logging
import NIOCore

/// Answers the DNS messages of one TCP connection in order (several per connection, RFC 7766), each
/// response framed with its 2-byte length. A malformed message gets FORMERR (when its header is
/// readable) and the connection is closed; so is an idle one. TCP is never rate-limited.
final class DNSTCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let responder: DNSPacketResponder
    private let zones: @Sendable () -> AuthoritativeZoneSet
    private let logger: Logger

    init(responder: DNSPacketResponder, zones: @escaping @Sendable () -> AuthoritativeZoneSet, logger: Logger) {
        self.responder = responder
        self.zones = zones
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(unwrapInboundIn(data).readableBytesView)
        let client = DNSPacketResponder.clientAddress(context.channel.remoteAddress)
        let result = responder.response(
            to: bytes, context: QueryContext(transport: .tcp, client: client), zones: zones())
        if let result {
            let encoded = ResponseEncoder.encode(result.response, query: result.query, transport: .tcp)
            var buffer = context.channel.allocator.buffer(capacity: encoded.count + 2)
            buffer.writeInteger(UInt16(clamping: encoded.count))
            buffer.writeBytes(encoded)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
        if result?.query == nil {
            logger.debug(
                "closing a TCP connection after a malformed message",
                metadata: ["client": "\(client?.description ?? "?")"])
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("TCP connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
