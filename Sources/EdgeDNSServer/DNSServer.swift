import EdgeDNS
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The authoritative DNS server: UDP and TCP listeners answering from an `AuthoritativeZoneSet` that
/// can be swapped at any time (reload).
///
/// ```swift
/// let server = DNSServer(group: group, zones: zones, logger: logger)
/// let bound = try server.start(listeners: ["127.0.0.1:5353"]).wait()   // UDP and TCP on each
/// server.replaceZones(newZones)                                          // on SIGHUP
/// try server.shutdown().wait()
/// ```
public final class DNSServer: Sendable {
    /// How long a TCP connection may stay without a query before it is closed.
    public let tcpIdleTimeout: TimeAmount
    private let group: any EventLoopGroup
    private let responder: DNSPacketResponder
    private let rateLimit: ResponseRateLimiter.Settings
    private let packetCacheCapacity: Int
    private let logger: Logger
    private let current: NIOLockedValueBox<AuthoritativeZoneSet>
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    /// Creates a server; nothing is bound until `bind(udp:)`, `bind(tcp:)` or `start(listeners:)`.
    /// - Parameters:
    ///   - engine: The answer engine (give it a policy `RecordSource`).
    ///   - rateLimit: Response rate limiting for UDP, per listener; on by default, except for loopback
    ///     clients (`ResponseRateLimiter.Settings.serverDefault`).
    ///   - tcpIdleTimeout: Idle TCP connections are closed after this long.
    ///   - packetCacheCapacity: Bytes of cached UDP responses per UDP listener (`DNSPacketCache`; 0 = no
    ///     cache); by default `EDGE_DNS_PACKET_CACHE_BYTES` from the environment, else 8 MiB.
    public init(
        group: any EventLoopGroup, zones: AuthoritativeZoneSet, engine: AnswerEngine = AnswerEngine(),
        rateLimit: ResponseRateLimiter.Settings = .serverDefault,
        tcpIdleTimeout: TimeAmount = .seconds(10), packetCacheCapacity: Int = DNSServer.environmentPacketCacheCapacity,
        logger: Logger
    ) {
        self.packetCacheCapacity = max(0, packetCacheCapacity)
        self.group = group
        self.current = NIOLockedValueBox(zones)
        self.responder = DNSPacketResponder(engine: engine)
        self.rateLimit = rateLimit
        self.tcpIdleTimeout = tcpIdleTimeout
        self.logger = logger
    }

    /// The packet cache capacity named by `EDGE_DNS_PACKET_CACHE_BYTES` (a number of bytes, 0 turns the
    /// cache off), or the default (8 MiB) when it is unset or not a number.
    public static var environmentPacketCacheCapacity: Int {
        ProcessInfo.processInfo.environment["EDGE_DNS_PACKET_CACHE_BYTES"].flatMap { Int($0) }
            ?? DNSPacketCache.defaultCapacity
    }

    /// The zone set being served.
    public var zones: AuthoritativeZoneSet { current.withLockedValue { $0 } }

    /// Serves `zones` from now on; queries already being answered finish with the old set.
    public func replaceZones(_ zones: AuthoritativeZoneSet) {
        current.withLockedValue { $0 = zones }
    }

    /// Binds UDP and TCP on each `host:port` (`[v6]:port` for IPv6). With port 0, TCP binds the port
    /// UDP got.
    /// - Returns: the bound addresses, one per listener (the UDP one; TCP has the same port).
    public func start(listeners: [String]) -> EventLoopFuture<[SocketAddress]> {
        let loop = group.next()
        var future = loop.makeSucceededFuture([SocketAddress]())
        for listener in listeners {
            future = future.flatMap { bound in self.bindBoth(listener).map { bound + [$0] }.hop(to: loop) }
        }
        return future
    }

    /// Binds UDP, then TCP on the same port. With port 0 the port UDP got may be taken for TCP; then
    /// both are tried again on a new port (a few times).
    private func bindBoth(_ listener: String, attempts: Int = 8) -> EventLoopFuture<SocketAddress> {
        let loop = group.next()
        let host: String
        let port: Int
        let udpAddress: SocketAddress
        do {
            (host, port) = try DNSListenAddress.parse(listener)
            udpAddress = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            return loop.makeFailedFuture(error)
        }
        return udpChannel(udpAddress).flatMap { channel in
            guard let bound = channel.localAddress else {
                return loop.makeFailedFuture(DNSListenAddress.Error(listener: listener))
            }
            let tcp: EventLoopFuture<SocketAddress>
            do {
                tcp = self.bind(tcp: try SocketAddress.makeAddressResolvingHost(host, port: bound.port ?? 0))
            } catch {
                return loop.makeFailedFuture(error)
            }
            return tcp.map { _ in bound }.flatMapError { error in
                guard port == 0, attempts > 1 else { return loop.makeFailedFuture(error) }
                return channel.close().flatMap { self.bindBoth(listener, attempts: attempts - 1) }
            }
        }
    }

    /// Binds a UDP listener.
    /// - Returns: the bound address (with the real port when `address` had port 0).
    public func bind(udp address: SocketAddress) -> EventLoopFuture<SocketAddress> {
        udpChannel(address).flatMapThrowing { channel in
            guard let bound = channel.localAddress else { throw DNSListenAddress.Error(listener: "\(address)") }
            return bound
        }
    }

    private func udpChannel(_ address: SocketAddress) -> EventLoopFuture<any Channel> {
        let responder = self.responder
        let settings = rateLimit
        let cacheCapacity = packetCacheCapacity
        let logger = self.logger
        let zones: @Sendable () -> AuthoritativeZoneSet = { [current] in current.withLockedValue { $0 } }
        return DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // Up to `udpBatch` datagrams per recvmmsg, each in a 2 KiB slice of one receive buffer.
            .channelOption(.datagramVectorReadMessageCount, value: Self.udpBatch)
            .channelOption(
                .recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.udpBatch * 2048)
            )
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = DNSUDPHandler(
                        responder: responder, zones: zones, limiter: ResponseRateLimiter(settings: settings),
                        cache: DNSPacketCache(capacity: cacheCapacity), logger: logger)
                    try channel.pipeline.syncOperations.addHandler(UDPFlushCoalescer())
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(to: address)
            .map { channel in
                self.track(channel, kind: "udp")
                return channel
            }
    }

    /// The most datagrams read with one system call (their responses then go out with one as well).
    static let udpBatch = 16

    /// Binds a TCP listener.
    /// - Returns: the bound address (with the real port when `address` had port 0).
    public func bind(tcp address: SocketAddress) -> EventLoopFuture<SocketAddress> {
        let responder = self.responder
        let logger = self.logger
        let idle = tcpIdleTimeout
        let zones: @Sendable () -> AuthoritativeZoneSet = { [current] in current.withLockedValue { $0 } }
        return ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: idle))
                    try pipeline.addHandler(BackPressureHandler())
                    try pipeline.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                    try pipeline.addHandler(DNSTCPHandler(responder: responder, zones: zones, logger: logger))
                    self?.track(channel)
                }
            }
            .bind(to: address)
            .flatMapThrowing { channel in
                self.track(channel, kind: "tcp")
                guard let bound = channel.localAddress else { throw DNSListenAddress.Error(listener: "\(address)") }
                return bound
            }
    }

    /// Closes every listener and open TCP connection.
    public func shutdown() -> EventLoopFuture<Void> {
        let open = channels.withLockedValue { channels in
            defer { channels.removeAll() }
            return Array(channels.values)
        }
        let closes = open.map { channel in channel.close().recover { _ in } }
        return EventLoopFuture.andAllComplete(closes, on: group.next())
    }

    private func track(_ channel: any Channel, kind: String) {
        track(channel)
        logger.info(
            "DNS listening",
            metadata: ["transport": "\(kind)", "address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
    }

    private func track(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLockedValue { $0[key] = channel }
        channel.closeFuture.whenComplete { [channels] _ in _ = channels.withLockedValue { $0.removeValue(forKey: key) }
        }
    }
}

/// Holds back the flushes the UDP handler issues while a burst of datagrams is being read and flushes
/// once when the burst ends (`channelReadComplete`), so the burst's responses leave with one
/// `sendmmsg` rather than one `sendmsg` each. Flushes outside a read burst pass straight through.
private final class UDPFlushCoalescer: ChannelDuplexHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundIn = AddressedEnvelope<ByteBuffer>

    private var reading = false
    private var flushPending = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reading = true
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        if flushPending {
            flushPending = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func flush(context: ChannelHandlerContext) {
        if reading {
            flushPending = true
        } else {
            context.flush()
        }
    }
}
