import EdgeDNS
import EdgeDNSServer
import Logging
import NIOCore
import NIOPosix

/// Real nameservers for loopback tests: our authoritative `DNSServer` on 127.0.0.1 port 0, a socket that
/// reads and drops every query, and a server that answers each query with decoys before the answer.
enum TestNameservers {
    static let origin = "example.test."

    /// The zone the loopback tests resolve in; `host` is where tests put changing data.
    static func zoneText(host: String = "192.0.2.1", extra: String = "") -> String {
        let big = (0..<150).map { "big 60 IN A 10.0.\($0 / 256).\($0 % 256)" }.joined(separator: "\n")
        return """
            $ORIGIN example.test.
            $TTL 300
            @       IN SOA  ns1 hostmaster 1 1h 15m 1w 60
            @       IN NS   ns1
            ns1     IN A    127.0.0.1
            host    60 IN A    \(host)
            host    60 IN AAAA 2001:db8::1
            v4only  120 IN A   192.0.2.4
            alias   30 IN CNAME host
            \(big)
            \(extra)
            """
    }

    static func zones(_ text: String = zoneText()) throws -> AuthoritativeZoneSet {
        try AuthoritativeZoneSet([ZoneFileParser.parse(text: text, file: "example.test.zone", origin: DNSName(origin))])
    }

    /// Starts a `DNSServer` on 127.0.0.1 (UDP and TCP, same port), rate limiting off; shut down after `body`.
    static func withServer<T>(
        zones: AuthoritativeZoneSet, group: any EventLoopGroup, _ body: (DNSServer, SocketAddress) throws -> T
    ) throws -> T {
        var logger = Logger(label: "resolver-test-dns")
        logger.logLevel = .warning
        let server = DNSServer(group: group, zones: zones, rateLimit: .init(enabled: false), logger: logger)
        let bound = try server.start(listeners: ["127.0.0.1:0"]).wait()
        defer { try? server.shutdown().wait() }
        return try body(server, try requireAddress(bound.first))
    }

    /// A UDP socket on 127.0.0.1 that reads every query and never answers.
    static func withBlackHole<T>(group: any EventLoopGroup, _ body: (SocketAddress) throws -> T) throws -> T {
        let channel = try DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return try body(try requireAddress(channel.localAddress))
    }

    /// A UDP port on 127.0.0.1 where nothing listens (it was bound, then closed).
    static func closedPort(group: any EventLoopGroup) throws -> SocketAddress {
        let channel = try DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let address = try requireAddress(channel.localAddress)
        try channel.close().wait()
        return address
    }

    /// A UDP server on 127.0.0.1 that answers every query three times: with the wrong ID, with another
    /// question, and correctly (`host` → 192.0.2.66, TTL 60; AAAA NODATA).
    static func withDecoyServer<T>(group: any EventLoopGroup, _ body: (SocketAddress) throws -> T) throws -> T {
        let channel = try DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DecoyHandler()) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return try body(try requireAddress(channel.localAddress))
    }

    private static func requireAddress(_ address: SocketAddress?) throws -> SocketAddress {
        guard let address else { throw TestFailure(description: "no bound address") }
        return address
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
    }
}

/// Answers each query with two decoys, then the real answer.
private final class DecoyHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let query = try? DNSMessage.decode(Array(envelope.data.readableBytesView)),
            let question = query.questions.first
        else { return }
        var answer = DNSMessage(
            header: DNSHeader(id: query.header.id, isResponse: true, authoritative: true), questions: [question])
        if question.type == .a {
            answer.answers = [ResourceRecord(owner: question.name, ttl: 60, data: .a(IPv4Address("192.0.2.66")!))]
        }
        var wrongID = answer
        wrongID.header.id &+= 1
        wrongID.answers = [ResourceRecord(owner: question.name, ttl: 60, data: .a(IPv4Address("203.0.113.1")!))]
        var wrongQuestion = wrongID
        wrongQuestion.header.id = query.header.id
        wrongQuestion.questions = [DNSQuestion(name: try! DNSName("other.example.test."), type: question.type)]
        for message in [wrongID, wrongQuestion, answer] {
            let bytes = context.channel.allocator.buffer(bytes: message.encode().bytes)
            context.write(
                wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: bytes)), promise: nil)
        }
        context.flush()
    }
}
