import EdgeDNS
import Logging
import NIOCore

/// Answers DNS queries arriving on a UDP socket, one datagram each, with response rate limiting and a
/// packet cache (`DNSPacketCache`) of the responses built from fixed zone data.
final class DNSUDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: DNSPacketResponder
    private let zones: @Sendable () -> AuthoritativeZoneSet
    private var limiter: ResponseRateLimiter
    private var cache: DNSPacketCache
    private let logger: Logger

    init(
        responder: DNSPacketResponder, zones: @escaping @Sendable () -> AuthoritativeZoneSet,
        limiter: ResponseRateLimiter, cache: DNSPacketCache = DNSPacketCache(), logger: Logger
    ) {
        self.responder = responder
        self.zones = zones
        self.limiter = limiter
        self.cache = cache
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = DNSPacketResponder.clientAddress(envelope.remoteAddress)
        let zones = self.zones()
        // The rate limiter's decision, when a cached response was found but must be slipped.
        var decided: ResponseRateLimiter.Decision?
        if let cached = cache.response(to: envelope.data, zones: zones) {
            switch client.map({ limiter.decide(for: $0) }) ?? .send {
            case .send:
                send(cached, to: envelope.remoteAddress, context: context)
                return
            case .drop: return
            case .slip: decided = .slip
            }
        }
        let bytes = Array(envelope.data.readableBytesView)
        let queryContext = QueryContext(transport: .udp, client: client)
        guard
            let (query, answered, cacheable) = responder.response(
                to: bytes, context: queryContext, zones: zones, tracksCacheability: cache.isEnabled)
        else {
            logger.debug("dropped an undecodable or response packet", metadata: ["client": "\(envelope.remoteAddress)"])
            return
        }
        // Only a response sent as the engine built it may be cached (not a slipped one).
        var storable = cacheable && query != nil
        var response = answered
        if let client {
            switch decided ?? limiter.decide(for: client) {
            case .send: break
            case .slip:
                response = ResponseEncoder.slip(response)
                storable = false
            case .drop: return
            }
        }
        let encoded = ResponseEncoder.encode(response, query: query, transport: .udp)
        let buffer = context.channel.allocator.buffer(bytes: encoded)
        if storable { cache.store(buffer, for: envelope.data, zones: zones) }
        send(buffer, to: envelope.remoteAddress, context: context)
    }

    private func send(_ buffer: ByteBuffer, to address: SocketAddress, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: buffer)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A failed send (e.g. ICMP port unreachable surfacing as ECONNREFUSED) must not close the socket.
        logger.debug("UDP socket error", metadata: ["error": "\(error)"])
    }
}
