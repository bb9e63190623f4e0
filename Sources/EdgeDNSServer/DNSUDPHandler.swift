import EdgeDNS
import Logging
import NIOCore

/// Answers DNS queries arriving on a UDP socket, one datagram each, with response rate limiting.
final class DNSUDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: DNSPacketResponder
    private let zones: @Sendable () -> AuthoritativeZoneSet
    private var limiter: ResponseRateLimiter
    private let logger: Logger

    init(
        responder: DNSPacketResponder, zones: @escaping @Sendable () -> AuthoritativeZoneSet,
        limiter: ResponseRateLimiter, logger: Logger
    ) {
        self.responder = responder
        self.zones = zones
        self.limiter = limiter
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        let client = DNSPacketResponder.clientAddress(envelope.remoteAddress)
        let queryContext = QueryContext(transport: .udp, client: client)
        guard let result = responder.response(to: bytes, context: queryContext, zones: zones()) else {
            logger.debug("dropped an undecodable or response packet", metadata: ["client": "\(envelope.remoteAddress)"])
            return
        }
        var response = result.response
        if let client {
            switch limiter.decide(for: client) {
            case .send: break
            case .slip: response = ResponseEncoder.slip(response)
            case .drop: return
            }
        }
        let encoded = ResponseEncoder.encode(response, query: result.query, transport: .udp)
        let buffer = context.channel.allocator.buffer(bytes: encoded)
        context.writeAndFlush(
            wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A failed send (e.g. ICMP port unreachable surfacing as ECONNREFUSED) must not close the socket.
        logger.debug("UDP socket error", metadata: ["error": "\(error)"])
    }
}
