import EdgeCore
import EdgeDNS
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Resolves host names that are not in this edge's zones: address literals, the hosts file, then the
/// recursive nameservers of resolv.conf, with a cache that honours the answers' TTLs.
///
/// The order is: an address literal (`192.0.2.1`, `2001:db8::1`, `[2001:db8::1]`) → the hosts file →
/// the cache → A and AAAA queries in parallel to the nameservers. Concurrent resolves of one name share
/// one lookup. Negative answers are cached and fail fast while cached; failures are not cached.
///
/// ```swift
/// let resolver = StubResolver(group: group, configuration: .systemDefault(), logger: logger)
/// resolver.resolve("origin.example.com", on: channel.eventLoop).whenSuccess { host in
///     connect(to: host.ipv6.first ?? ..., until: host.expires)
/// }
/// ```
public final class StubResolver: Sendable {
    private struct State {
        var cache: ResolverCache
        var inflight: [String: EventLoopPromise<ResolvedHost>] = [:]
        var statistics = Statistics()
    }

    private enum Start {
        case cached(Result<ResolvedHost, ResolverError>)
        case joined(EventLoopFuture<ResolvedHost>)
        case started(EventLoopPromise<ResolvedHost>)
    }

    /// The configuration in force.
    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let clock: any EdgeClock
    private let logger: Logger
    private let hosts: HostsFileMonitor?
    private let state: NIOLockedValueBox<State>

    /// Creates a resolver; it holds no sockets between lookups, so there is nothing to shut down.
    /// - Parameters:
    ///   - group: Where queries run when `resolve` is given a loop that cannot run NIO sockets.
    ///   - configuration: Nameservers, timeouts and cache bounds (`.systemDefault()` for the system's).
    ///   - clock: The clock TTLs and hosts-file checks are measured on.
    ///   - logger: Failovers and timeouts are logged at debug level.
    public init(
        group: any EventLoopGroup, configuration: Configuration, clock: any EdgeClock = SystemClock(),
        logger: Logger
    ) {
        self.group = group
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.hosts = configuration.hostsFile.map {
            HostsFileMonitor(path: $0, checkInterval: Configuration.seconds(configuration.hostsCheckInterval))
        }
        self.state = NIOLockedValueBox(State(cache: ResolverCache(limits: configuration.cacheLimits)))
    }

    /// The counters so far.
    public var statistics: Statistics { state.withLockedValue { $0.statistics } }

    /// Forgets every cached answer (e.g. on reload).
    public func removeAllCached() {
        state.withLockedValue { $0.cache.removeAll() }
    }

    /// Resolves `host` to its addresses.
    /// - Parameters:
    ///   - host: A host name (case and a trailing dot do not matter) or an address literal.
    ///   - eventLoop: The loop the returned future completes on; queries run on it too.
    /// - Returns: the addresses with their expiry and source; fails with `ResolverError`.
    public func resolve(_ host: String, on eventLoop: any EventLoop) -> EventLoopFuture<ResolvedHost> {
        if let literal = ResolvedHost(literal: host) { return eventLoop.makeSucceededFuture(literal) }
        let name: HostName
        do {
            name = try HostName(host)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let now = clock.now()
        if let entry = hosts?.lookup(name.key, now: now) {
            state.withLockedValue { $0.statistics.hostsFileHits += 1 }
            let expires = now + Configuration.seconds(configuration.hostsTTL)
            return eventLoop.makeSucceededFuture(
                ResolvedHost(ipv4: entry.ipv4, ipv6: entry.ipv6, expires: expires, source: .hostsFile))
        }
        let start = state.withLockedValue { state -> Start in
            if let cached = state.cache.lookup(name.key, now: now) {
                state.statistics.cacheHits += 1
                return .cached(cached)
            }
            if let promise = state.inflight[name.key] {
                state.statistics.collapsed += 1
                return .joined(promise.futureResult)
            }
            let promise = eventLoop.makePromise(of: ResolvedHost.self)
            state.inflight[name.key] = promise
            state.statistics.lookups += 1
            return .started(promise)
        }
        switch start {
        case .cached(let result):
            return eventLoop.makeCompletedFuture(result.mapError { $0 as any Error })
        case .joined(let future):
            return future.hop(to: eventLoop)
        case .started(let promise):
            lookUp(name, completing: promise, on: eventLoop)
            return promise.futureResult
        }
    }

    // MARK: - Private Methods -

    /// Asks for A and AAAA in parallel, caches the combined outcome, and completes `promise`.
    private func lookUp(
        _ name: HostName, completing promise: EventLoopPromise<ResolvedHost>, on eventLoop: any EventLoop
    ) {
        let loop = DatagramBootstrap(validatingGroup: eventLoop) != nil ? eventLoop : group.next()
        let rotation = NameserverRotation(nameservers: configuration.nameservers, attempts: configuration.attempts)
        let ipv4 = ask(name, .a, rotation: rotation, on: loop)
        let ipv6 = ask(name, .aaaa, rotation: rotation, on: loop)
        ipv4.and(ipv6).whenComplete { [state, clock] outcome in
            let now = clock.now()
            let result = state.withLockedValue { state in
                state.inflight[name.key] = nil
                switch outcome {
                case .success(let (a, aaaa)):
                    return state.cache.record(host: name.text, ipv4: a, ipv6: aaaa, now: now)
                case .failure:
                    return .failure(ResolverError.timedOut(name.text, self.configuration.nameservers))
                }
            }
            promise.completeWith(result.mapError { $0 as any Error })
        }
    }

    /// Asks the nameservers one question, moving on after a timeout or a failure code, until one
    /// answers or every attempt is used. The future never fails: its value carries the error.
    private func ask(
        _ name: HostName, _ type: RecordType, rotation: NameserverRotation, on loop: any EventLoop
    ) -> EventLoopFuture<Result<AddressAnswer, ResolverError>> {
        var rotation = rotation
        guard let server = rotation.next() else {
            return loop.makeSucceededFuture(.failure(rotation.exhaustedError(for: name.text)))
        }
        let query = AddressQuery(name: name.dnsName, type: type)
        let advanced = rotation
        return exchange(query, with: server, on: loop).flatMap { outcome in
            var rotation = advanced
            switch outcome {
            case .response(let message):
                let answer = AddressAnswer(response: message, question: query.question)
                switch answer {
                case .addresses, .noData, .nameError:
                    return loop.makeSucceededFuture(.success(answer))
                case .failure(let rcode):
                    rotation.recordFailure(rcode)
                case .truncated:
                    rotation.recordFailure(.serverFailure)
                }
                self.logger.debug(
                    "nameserver failed",
                    metadata: [
                        "name": "\(name.text)", "type": "\(type)", "server": "\(server)",
                        "rcode": "\(message.header.rcode)",
                    ])
            case .timedOut, .unreachable:
                self.state.withLockedValue { $0.statistics.timeouts += 1 }
                self.logger.debug(
                    "nameserver did not answer",
                    metadata: [
                        "name": "\(name.text)", "type": "\(type)", "server": "\(server)",
                        "outcome": "\(outcome)",
                    ])
            }
            return self.ask(name, type, rotation: rotation, on: loop)
        }
    }

    /// One exchange with one server: UDP, then TCP to the same server if the answer was truncated.
    private func exchange(_ query: AddressQuery, with server: SocketAddress, on loop: any EventLoop)
        -> EventLoopFuture<ExchangeOutcome>
    {
        let timeout = configuration.timeout
        let ignored: @Sendable () -> Void = { [state] in state.withLockedValue { $0.statistics.ignoredResponses += 1 } }
        state.withLockedValue { $0.statistics.udpQueries += 1 }
        return DNSExchange.udp(query, to: server, timeout: timeout, on: loop, ignored: ignored).flatMap { outcome in
            guard case .response(let message) = outcome, message.header.truncated else {
                return loop.makeSucceededFuture(outcome)
            }
            self.state.withLockedValue { $0.statistics.tcpQueries += 1 }
            return DNSExchange.tcp(query, to: server, timeout: timeout, on: loop, ignored: ignored)
        }
    }
}
