import EdgeDNS
import NIOCore

/// Turns one received packet into the response to send, shared by the UDP and TCP listeners: decode,
/// FORMERR for undecodable messages with a readable header, drop anything else undecodable and every
/// response (QR=1), answer, encode for the transport.
struct DNSPacketResponder: Sendable {
    let engine: AnswerEngine

    /// The response message and the query it answers (nil when the query did not decode), or nil to
    /// send nothing.
    func response(to bytes: [UInt8], context: QueryContext, zones: AuthoritativeZoneSet)
        -> (query: DNSMessage?, response: DNSMessage)?
    {
        let query: DNSMessage
        do {
            query = try DNSMessage.decode(bytes)
        } catch {
            guard let header = DNSMessage.decodeHeader(bytes), let response = AnswerEngine.formatError(for: header)
            else { return nil }
            return (nil, response)
        }
        var context = context
        context.clientSubnet = query.edns?.clientSubnet
        return engine.answer(query: query, zones: zones, context: context).map { (query, $0) }
    }

    /// The client address of a NIO socket address (nil for Unix sockets).
    static func clientAddress(_ address: SocketAddress?) -> ClientAddress? {
        switch address {
        case .v4(let ipv4):
            let bytes = withUnsafeBytes(of: ipv4.address.sin_addr) { Array($0) }
            return IPv4Address(bytes: bytes).map(ClientAddress.v4)
        case .v6(let ipv6):
            let bytes = withUnsafeBytes(of: ipv6.address.sin6_addr) { Array($0) }
            return IPv6Address(bytes: bytes).map(ClientAddress.v6)
        default:
            return nil
        }
    }
}
