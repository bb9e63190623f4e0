import EdgeCore
import NIOCore
import NIOPosix

/// Keep-alive connections to HTTP origins for ONE event loop. Requests from viewers on that loop use
/// connections on the same loop, so a proxied exchange never crosses threads.
///
/// Not thread-safe by design: every call must happen on `eventLoop` (checked in debug builds).
public final class OriginConnectionPool: @unchecked Sendable {
    /// The loop this pool belongs to.
    public let eventLoop: any EventLoop
    /// Resolves origins named by host names; nil leaves it to NIO's getaddrinfo.
    public let resolver: (any OriginAddressResolver)?
    /// Idle connections per endpoint. A short array searched linearly rather than a dictionary: a
    /// loop talks to a handful of endpoints, and hashing an endpoint (three strings) per request and
    /// copying its list back cost more than the scan.
    private var idle: [IdleSlot] = []

    private struct IdleSlot {
        var endpoint: HTTPOriginEndpoint
        var entries: [IdleEntry]
    }

    private func slotIndex(_ endpoint: HTTPOriginEndpoint) -> Int? {
        idle.firstIndex { $0.endpoint == endpoint }
    }

    private struct IdleEntry {
        var connection: OriginConnection
        /// When the connection stops being reusable (keep-alive timeout after it went idle).
        var expires: NIODeadline
        /// The peer address (nil if unknown).
        var address: SocketAddress?
    }

    /// Creates a pool for one event loop.
    public init(eventLoop: any EventLoop, resolver: (any OriginAddressResolver)? = nil) {
        self.eventLoop = eventLoop
        self.resolver = resolver
    }

    /// How to connect.
    public struct ConnectPolicy: Sendable {
        /// Per-attempt connect timeout.
        public var connectionTimeout: TimeAmount
        /// Attempts before failing (at least 1).
        public var connectionAttempts: Int
        /// How long an idle connection is kept.
        public var keepaliveTimeout: TimeAmount
        /// Most idle connections kept to the endpoint (0: none, every connection closes after use).
        public var maxIdle: Int

        /// Creates a connect policy.
        public init(
            connectionTimeout: TimeAmount, connectionAttempts: Int, keepaliveTimeout: TimeAmount, maxIdle: Int = 512
        ) {
            self.connectionTimeout = connectionTimeout
            self.connectionAttempts = max(1, connectionAttempts)
            self.keepaliveTimeout = keepaliveTimeout
            self.maxIdle = max(0, maxIdle)
        }
    }

    /// Hands out an idle connection to `endpoint`, or connects a new one (with retries).
    ///
    /// An origin named by a host name is resolved first (through `resolver`); idle connections are
    /// reused only while their address is still in the answer, so a DNS change (a failover record
    /// flipping, a weighted answer expiring) moves new requests at once. Attempts go round the
    /// addresses in answer order.
    /// - Parameters:
    ///   - endpoint: where to connect.
    ///   - policy: timeouts and attempts.
    ///   - fresh: skip idle connections (used to retry after a stale keep-alive connection failed).
    public func acquire(
        _ endpoint: HTTPOriginEndpoint, policy: ConnectPolicy, fresh: Bool = false
    ) -> EventLoopFuture<OriginConnection> {
        eventLoop.preconditionInEventLoop()
        guard !endpoint.isAddressLiteral, let resolver else {
            return acquire(endpoint, addresses: nil, policy: policy, fresh: fresh)
        }
        return resolver.addresses(forHost: endpoint.host, port: endpoint.port, on: eventLoop).flatMap { addresses in
            self.acquire(endpoint, addresses: addresses, policy: policy, fresh: fresh)
        }
    }

    /// An idle connection to `endpoint`, handed out at once without a future, when one is current:
    /// the endpoint is an address literal (or there is no resolver), or the resolver has the host's
    /// addresses cached. nil means "call ``acquire(_:policy:fresh:)``".
    public func takeIdle(_ endpoint: HTTPOriginEndpoint) -> OriginConnection? {
        eventLoop.preconditionInEventLoop()
        guard let slot = slotIndex(endpoint), !idle[slot].entries.isEmpty else { return nil }
        var addresses: [SocketAddress]?
        if !endpoint.isAddressLiteral, let resolver {
            guard let cached = resolver.cachedAddresses(forHost: endpoint.host, port: endpoint.port) else { return nil }
            addresses = cached
        }
        return takeIdle(slot: slot, addresses: addresses)
    }

    private func takeIdle(slot: Int, addresses: [SocketAddress]?) -> OriginConnection? {
        let now = NIODeadline.now()
        while let index = reusableIndex(in: idle[slot].entries, addresses: addresses) {
            let entry = idle[slot].entries.remove(at: index)
            if entry.connection.isReusable && entry.expires > now {
                entry.connection.reused = true
                return entry.connection
            }
            entry.connection.channel.close(promise: nil)
        }
        return nil
    }

    /// `addresses` nil: any idle connection is current, and new ones connect by host (an address
    /// literal, or a name left to NIO's getaddrinfo when there is no resolver).
    private func acquire(
        _ endpoint: HTTPOriginEndpoint, addresses: [SocketAddress]?, policy: ConnectPolicy, fresh: Bool
    ) -> EventLoopFuture<OriginConnection> {
        if !fresh, let slot = slotIndex(endpoint), let connection = takeIdle(slot: slot, addresses: addresses) {
            return eventLoop.makeSucceededFuture(connection)
        }
        let promise = eventLoop.makePromise(of: OriginConnection.self)
        connect(endpoint, addresses: addresses ?? [], policy: policy, attempt: 1, promise: promise)
        return promise.futureResult
    }

    /// The most recently idled connection whose address is still current.
    private func reusableIndex(in list: [IdleEntry], addresses: [SocketAddress]?) -> Int? {
        guard let addresses else { return list.isEmpty ? nil : list.count - 1 }
        return list.lastIndex { entry in addresses.contains { $0 == entry.address } }
    }

    /// One connection attempt; `addresses` empty connects by host name (a literal, or getaddrinfo).
    private func connect(
        _ endpoint: HTTPOriginEndpoint, addresses: [SocketAddress], policy: ConnectPolicy, attempt: Int,
        promise: EventLoopPromise<OriginConnection>
    ) {
        let keepalive = policy.keepaliveTimeout
        let maxIdle = policy.maxIdle
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(policy.connectionTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OriginResponseHandler())
                }
            }
        let connected =
            addresses.isEmpty
            ? bootstrap.connect(host: endpoint.host, port: endpoint.port)
            : bootstrap.connect(to: addresses[(attempt - 1) % addresses.count])
        connected
            .flatMapThrowing { channel -> OriginConnection in
                let handler = try channel.pipeline.syncOperations.handler(type: OriginResponseHandler.self)
                let connection = OriginConnection(channel: channel, endpoint: endpoint, handler: handler)
                // The handler keeps the connection alive while the channel is open (the cycle is
                // broken in `channelInactive`), so an idle connection needs no other owner. The pool
                // is captured strongly: a weak reference would give it a side table, and every
                // retain and release of it would take the runtime's slow path.
                handler.onIdle = {
                    self.release(connection, keepalive: keepalive, maxIdle: maxIdle)
                }
                return connection
            }
            .whenComplete { result in
                switch result {
                case .success(let connection):
                    promise.succeed(connection)
                case .failure(let error):
                    if attempt < policy.connectionAttempts {
                        self.connect(
                            endpoint, addresses: addresses, policy: policy, attempt: attempt + 1, promise: promise)
                    } else {
                        promise.fail(Self.classify(error, endpoint: endpoint, attempts: attempt))
                    }
                }
            }
    }

    /// Takes a connection back after a completed exchange. Expiry is a deadline checked on reuse and by
    /// one sweep task per pool (not a timer per connection: scheduling and cancelling one per request
    /// cost ~5k instructions and two allocations).
    func release(_ connection: OriginConnection, keepalive: TimeAmount, maxIdle: Int) {
        eventLoop.preconditionInEventLoop()
        guard connection.isReusable, maxIdle > 0 else {
            connection.channel.close(promise: nil)
            return
        }
        let entry = IdleEntry(
            connection: connection, expires: .now() + keepalive, address: connection.channel.remoteAddress)
        if let slot = slotIndex(connection.endpoint) {
            if idle[slot].entries.count >= maxIdle {
                connection.channel.close(promise: nil)
                return
            }
            idle[slot].entries.append(entry)
        } else {
            idle.append(IdleSlot(endpoint: connection.endpoint, entries: [entry]))
        }
        if sweep == nil {
            sweep = eventLoop.scheduleRepeatedTask(initialDelay: Self.sweepInterval, delay: Self.sweepInterval) {
                task in
                self.closeExpired()  // strong: the task ends once the pool has nothing idle
                if self.idle.isEmpty {
                    task.cancel()
                    self.sweep = nil
                }
            }
        }
    }

    /// How often idle connections past their keep-alive timeout are closed.
    static let sweepInterval: TimeAmount = .milliseconds(500)
    private var sweep: RepeatedTask?

    private func closeExpired() {
        let now = NIODeadline.now()
        for slot in idle.indices {
            var kept: [IdleEntry] = []
            for entry in idle[slot].entries {
                if entry.expires > now && entry.connection.isReusable {
                    kept.append(entry)
                } else {
                    entry.connection.channel.close(promise: nil)
                }
            }
            idle[slot].entries = kept
        }
        idle.removeAll { $0.entries.isEmpty }
    }

    /// Closes every idle connection (shutdown, or a reload that drops an origin).
    public func closeAll() {
        for slot in idle {
            for entry in slot.entries {
                entry.connection.channel.close(promise: nil)
            }
        }
        idle = []
        sweep?.cancel()
        sweep = nil
    }

    static func classify(_ error: any Error, endpoint: HTTPOriginEndpoint, attempts: Int) -> EdgeError {
        let where_ = "\(endpoint.host):\(endpoint.port) after \(attempts) attempt(s)"
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return EdgeError(
                .connectTimedOut, source: .upstream, retryable: true, context: "connect timeout to \(where_)")
        }
        if error is NIOConnectionError {
            let inner = (error as! NIOConnectionError)
            if inner.connectionErrors.contains(where: {
                ($0.error as? ChannelError).map { if case .connectTimeout = $0 { true } else { false } } ?? false
            }) {
                return EdgeError(
                    .connectTimedOut, source: .upstream, retryable: true,
                    context: "connect timeout to \(where_)")
            }
            if inner.dnsAError != nil && inner.dnsAAAAError != nil && inner.connectionErrors.isEmpty {
                return EdgeError(.dnsFailure, source: .upstream, retryable: true, context: "cannot resolve \(where_)")
            }
        }
        return EdgeError(.connectRefused, source: .upstream, retryable: true, context: "connect to \(where_): \(error)")
    }
}
