import EdgeDNS
import NIOCore

/// Turns one received packet into the response to send, shared by the UDP and TCP listeners: decode,
/// FORMERR for undecodable messages with a readable header, drop anything else undecodable and every
/// response (QR=1), answer, encode for the transport.
struct DNSPacketResponder: Sendable {
    let engine: AnswerEngine

    /// The response message, the query it answers (nil when the query did not decode) and whether the
    /// response may be cached for these query bytes (`AnswerEngine.cacheableAnswer`), or nil to send
    /// nothing.
    /// `cacheable` is false unless `tracksCacheability` (working it out costs a little).
    func response(
        to bytes: [UInt8], context: QueryContext, zones: AuthoritativeZoneSet, tracksCacheability: Bool = false
    )
        -> (query: DNSMessage?, response: DNSMessage, cacheable: Bool)?
    {
        let query: DNSMessage
        do {
            query = try DNSMessage.decode(bytes)
        } catch {
            guard let header = DNSMessage.decodeHeader(bytes), let response = AnswerEngine.formatError(for: header)
            else { return nil }
            return (nil, response, false)
        }
        var context = context
        context.clientSubnet = query.edns?.clientSubnet
        guard tracksCacheability else {
            return engine.answer(query: query, zones: zones, context: context).map { (query, $0, false) }
        }
        return engine.cacheableAnswer(query: query, zones: zones, context: context).map {
            (query, $0.response, $0.cacheable)
        }
    }

    /// The client address of a NIO socket address (nil for Unix sockets).
    static func clientAddress(_ address: SocketAddress?) -> ClientAddress? {
        switch address {
        case .v4(let ipv4):
            // `s_addr` holds the address in network byte order: no byte array needed.
            return .v4(IPv4Address(UInt32(bigEndian: ipv4.address.sin_addr.s_addr)))
        case .v6(let ipv6):
            let bytes = withUnsafeBytes(of: ipv6.address.sin6_addr) { Array($0) }
            return IPv6Address(bytes: bytes).map(ClientAddress.v6)
        default:
            return nil
        }
    }
}
