import NIOCore
import NIOSSL
import NIOTLS

extension TLSContextStore {
    /// A TLS record carrying the fatal alert `unrecognized_name` (RFC 6066 §3): content type 21, record
    /// version 3.1, length 2, level fatal (2), description 112. Sent instead of a certificate when a
    /// server name matches nothing and there is no default.
    public static let unrecognizedNameAlert: [UInt8] = [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x70]

    /// Prepares a freshly accepted connection for TLS with per-SNI certificates.
    ///
    /// Adds NIOTLS's `SNIHandler`, which reads the ClientHello without consuming it. Once the server name
    /// is known (phase `selectCertificate(serverName)`):
    /// - a context fits: a `NIOSSLServerHandler` is inserted right after the SNI handler, `onHandshake` runs
    ///   (add ALPN negotiation and HTTP handlers there, after the TLS handler), and when its future
    ///   succeeds the SNI handler removes itself and replays the buffered ClientHello into TLS (if it fails,
    ///   the channel is closed);
    /// - nothing fits: ``unrecognizedNameAlert`` is written, the channel is closed, no certificate is ever
    ///   presented, and `onRefused` (if given) is told, for logs and metrics.
    ///
    /// Call it from the child channel initializer of an HTTPS listener:
    /// ```swift
    /// .childChannelInitializer { channel in
    ///     store.configureServerPipeline(channel) { channel, serverName in
    ///         channel.configureHTTPHandlers(...)   // after the TLS handler
    ///     }
    /// }
    /// ```
    /// - Parameters:
    ///   - channel: The accepted channel; the SNI handler is appended to its pipeline.
    ///   - onRefused: Called on the event loop when a connection is refused, with the normalised server name
    ///     (`nil` when the client sent none).
    ///   - onHandshake: Called on the event loop once the TLS handler is in place, with the normalised
    ///     server name (`nil` when the client sent none and the default certificate was chosen).
    /// - Returns: A future that completes when the SNI handler has been added.
    public func configureServerPipeline(
        _ channel: any Channel,
        onRefused: (@Sendable (any Channel, _ serverName: String?) -> Void)? = nil,
        onHandshake: @escaping @Sendable (any Channel, _ serverName: String?) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<Void> {
        let store = self
        let add: @Sendable () throws -> Void = {
            try channel.pipeline.syncOperations.addHandler(
                store.makeSNIHandler(channel: channel, onRefused: onRefused, onHandshake: onHandshake))
        }
        if channel.eventLoop.inEventLoop {
            return channel.eventLoop.makeCompletedFuture(withResultOf: add)
        }
        return channel.eventLoop.submit(add)
    }

    /// The SNI handler ``configureServerPipeline(_:onRefused:onHandshake:)`` installs, for callers that
    /// place it themselves. It must be added to `channel`'s pipeline, before any handler that reads
    /// plaintext.
    /// - Parameters:
    ///   - channel: The channel the handler will be added to.
    ///   - onRefused: Called when a connection is refused (see ``configureServerPipeline(_:onRefused:onHandshake:)``).
    ///   - onHandshake: Called once the TLS handler is in place.
    /// - Returns: A `ByteToMessageHandler` wrapping NIOTLS's `SNIHandler`.
    public func makeSNIHandler(
        channel: any Channel,
        onRefused: (@Sendable (any Channel, _ serverName: String?) -> Void)? = nil,
        onHandshake: @escaping @Sendable (any Channel, _ serverName: String?) -> EventLoopFuture<Void>
    ) -> ByteToMessageHandler<SNIHandler> {
        let store = self
        return ByteToMessageHandler(
            SNIHandler { result in
                store.dispatch(result, channel: channel, onRefused: onRefused, onHandshake: onHandshake)
            })
    }

    /// Acts on the SNI result: inserts the TLS handler for the chosen context, or refuses the connection.
    private func dispatch(
        _ result: SNIResult,
        channel: any Channel,
        onRefused: (@Sendable (any Channel, String?) -> Void)?,
        onHandshake: @Sendable (any Channel, String?) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<Void> {
        let serverName: String?
        switch result {
        case .hostname(let name): serverName = CertificateSelector.normalize(name)
        case .fallback: serverName = nil
        }
        let pipeline = channel.pipeline.syncOperations
        let sniContext: ChannelHandlerContext
        do {
            sniContext = try pipeline.context(handlerType: ByteToMessageHandler<SNIHandler>.self)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        guard let sslContext = self.context(forServerName: serverName) else {
            Self.refuse(channel: channel, from: sniContext)
            onRefused?(channel, serverName)
            return channel.eventLoop.makeFailedFuture(
                EdgeTLSError(.unrecognizedName, detail: serverName ?? "no server name"))
        }
        do {
            try pipeline.addHandler(NIOSSLServerHandler(context: sslContext), position: .after(sniContext.handler))
        } catch {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
        // If the caller's setup fails, the SNI handler stays (holding the ClientHello): close instead of hanging.
        return onHandshake(channel, serverName).flatMapError { error in
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
    }

    /// Writes the `unrecognized_name` alert from the SNI handler's position (so no later handler sees it),
    /// then closes the channel once the write is done.
    private static func refuse(channel: any Channel, from context: ChannelHandlerContext) {
        var alert = context.channel.allocator.buffer(capacity: Self.unrecognizedNameAlert.count)
        alert.writeBytes(Self.unrecognizedNameAlert)
        context.writeAndFlush(NIOAny(alert)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
