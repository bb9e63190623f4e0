import NIOCore
import NIOPosix

/// A loopback TCP server that answers every connection's first read with fixed bytes (or never answers),
/// then closes; port 0, so tests run in parallel.
final class CannedServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    /// - Parameter response: bytes written after the first read; nil never answers.
    init(group: any EventLoopGroup, response: String?, port: Int = 0) throws {
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CannedHandler(response: response))
                }
            }
            .bind(host: "127.0.0.1", port: port).wait()
    }

    func close() throws { try channel.close().wait() }

    /// A port nothing listens on (bound, then closed).
    static func closedPort(group: any EventLoopGroup) throws -> Int {
        let server = try CannedServer(group: group, response: nil)
        let port = server.port
        try server.close()
        return port
    }
}

private final class CannedHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let response: String?

    init(response: String?) { self.response = response }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let response else { return }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
