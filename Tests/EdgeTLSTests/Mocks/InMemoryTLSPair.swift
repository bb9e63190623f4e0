import NIOCore
import NIOEmbedded
import NIOSSL

/// A client and a server `EmbeddedChannel` on one loop, whose outbound bytes are shuttled to each other
/// until both go quiet: a full TLS handshake without a socket (the pattern of swift-nio-ssl's
/// `BackToBackEmbeddedChannel`).
final class InMemoryTLSPair {
    let loop = EmbeddedEventLoop()
    let client: EmbeddedChannel
    let server: EmbeddedChannel

    init() {
        self.client = EmbeddedChannel(loop: self.loop)
        self.server = EmbeddedChannel(loop: self.loop)
    }

    /// Activates both channels, the server first so it is ready when the ClientHello arrives.
    func connect() throws {
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 443)
        try self.server.connect(to: address).wait()
        try self.client.connect(to: address).wait()
    }

    /// Moves bytes both ways until neither side has anything left to send; rethrows either side's errors.
    func interact() throws {
        var moved = true
        while moved {
            moved = false
            self.loop.run()
            let fromClient = try self.client.readOutbound(as: ByteBuffer.self)
            let fromServer = try self.server.readOutbound(as: ByteBuffer.self)
            try self.client.throwIfErrorCaught()
            try self.server.throwIfErrorCaught()
            if let fromClient, self.server.isActive {
                try self.server.writeInbound(fromClient)
                moved = true
            }
            if let fromServer, self.client.isActive {
                try self.client.writeInbound(fromServer)
                moved = true
            }
        }
    }

    /// The certificate the client was shown, once the handshake has completed.
    func serverCertificate() throws -> NIOSSLCertificate? {
        try self.client.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
    }

    /// The negotiated TLS version, seen from the client.
    func tlsVersion() throws -> TLSVersion? {
        try self.client.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).tlsVersion
    }

    /// Closes both channels without blocking: the client's close_notify is shuttled to the server and back,
    /// and the loop's clock is advanced past NIOSSL's shutdown timeout. (`EmbeddedChannel.finish()` would
    /// wait forever on a TLS close that needs the peer's answer.)
    func finish() {
        self.client.close(promise: nil)
        try? self.interact()
        self.server.close(promise: nil)
        try? self.interact()
        self.loop.advanceTime(by: .seconds(60))
    }
}

/// Records the user events that reach the end of a pipeline (the TLS handshake-completed event, which carries
/// the ALPN result).
final class UserEventRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private(set) var events: [String] = []

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        self.events.append(String(describing: event))
        context.fireUserInboundEventTriggered(event)
    }
}
