import EdgeDNS
import NIOCore
import NIOPosix

/// How one exchange with one nameserver ended.
enum ExchangeOutcome: Sendable {
    /// A response that passed `AddressQuery.accepts(_:)`.
    case response(DNSMessage)
    /// Nothing acceptable arrived within the timeout.
    case timedOut
    /// The socket reported an error (ICMP port unreachable, connection refused or reset, ...).
    case unreachable(String)
}

/// Sends one query to one nameserver over UDP or TCP and waits, at most a timeout, for its response.
///
/// Each UDP query gets its own socket, connected to the nameserver: the kernel picks a random source
/// port, delivers only datagrams from that server's address and port, and reports ICMP errors, so a
/// closed port fails over at once instead of after the timeout.
enum DNSExchange {
    /// Largest datagram read; the query offers 1232 bytes, so anything bigger is a broken server.
    static let maximumDatagram = 4096

    /// Sends `query` over UDP and waits for an acceptable response.
    /// - Parameter ignored: Called for every datagram that is malformed or does not match the query.
    static func udp(
        _ query: AddressQuery, to server: SocketAddress, timeout: TimeAmount, on loop: any EventLoop,
        ignored: @escaping @Sendable () -> Void
    ) -> EventLoopFuture<ExchangeOutcome> {
        exchange(timeout: timeout, on: loop) { promise in
            DatagramBootstrap(group: loop)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: maximumDatagram))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = UDPQueryHandler(query: query, promise: promise, ignored: ignored)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(to: server)
        } message: { allocator in
            allocator.buffer(bytes: query.encode())
        }
    }

    /// Sends `query` over TCP (RFC 7766 length-prefixed) and waits for an acceptable response; the
    /// timeout covers connecting too.
    static func tcp(
        _ query: AddressQuery, to server: SocketAddress, timeout: TimeAmount, on loop: any EventLoop,
        ignored: @escaping @Sendable () -> Void
    ) -> EventLoopFuture<ExchangeOutcome> {
        exchange(timeout: timeout, on: loop) { promise in
            ClientBootstrap(group: loop)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = TCPQueryHandler(query: query, promise: promise, ignored: ignored)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(to: server)
        } message: { allocator in
            let bytes = query.encode()
            var buffer = allocator.buffer(capacity: bytes.count + 2)
            buffer.writeInteger(UInt16(bytes.count))
            buffer.writeBytes(bytes)
            return buffer
        }
    }

    /// The part both transports share: a promise completed by the handler `connect` installs, by the
    /// timeout, or by a failure to connect or send; the channel is closed when it completes.
    private static func exchange(
        timeout: TimeAmount, on loop: any EventLoop,
        connect: (EventLoopPromise<ExchangeOutcome>) -> EventLoopFuture<any Channel>,
        message: @escaping @Sendable (ByteBufferAllocator) -> ByteBuffer
    ) -> EventLoopFuture<ExchangeOutcome> {
        let promise = loop.makePromise(of: ExchangeOutcome.self)
        let timer = loop.scheduleTask(in: timeout) { promise.succeed(.timedOut) }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        connect(promise).whenComplete { result in
            switch result {
            case .success(let channel):
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                channel.writeAndFlush(message(channel.allocator)).whenFailure {
                    promise.succeed(.unreachable("\($0)"))
                }
            case .failure(let error):
                promise.succeed(.unreachable("\(error)"))
            }
        }
        return promise.futureResult
    }
}
