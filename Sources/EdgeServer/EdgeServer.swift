import EdgeConfig
import EdgeCore
import EdgeDNSServer
import EdgeHealth
import EdgeTLS
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS

/// A running edge node: listeners, the current configuration snapshot, reload and graceful drain.
///
/// ```swift
/// let server = try EdgeServer(configPath: "edge-config/edge.yaml")
/// try server.start()
/// server.waitUntilStopped()
/// ```
public final class EdgeServer: Sendable {
    /// This build's version.
    public static let version = "0.2.0"
    /// The configuration file this server loads (and reloads).
    public let configPath: String
    let group: MultiThreadedEventLoopGroup
    let threadPool: NIOThreadPool
    let context: ServerContext
    private let listeners = NIOLockedValueBox<[String: any Channel]>([:])
    private let stopped: EventLoopPromise<Void>
    private let reloadLock = NIOLock()
    private let errorLog: Logger
    private let dnsServer = NIOLockedValueBox<DNSServer?>(nil)
    let dnsRecords = NIOLockedValueBox<PolicyRecordSource?>(nil)
    /// Runs the `healthChecks` and holds their states (routing policies and the admin API read them).
    let healthChecker: HealthChecker
    let metrics: EdgeMetrics
    /// Resolves origin host names: served zones first, then the system's nameservers.
    let originResolver: EdgeOriginResolver

    /// The bound address of each listener by name (useful with port 0).
    public var boundAddresses: [String: SocketAddress] {
        listeners.withLockedValue { $0.compactMapValues { $0.localAddress } }
    }

    /// The local CA certificate path, when a `selfSigned` certificate uses it.
    public let localCAPath: String?

    /// Loads the configuration and prepares everything but the sockets.
    /// - Parameters:
    ///   - configPath: the YAML file.
    ///   - threads: event loops (default: one per CPU this process may run on; see ``usableCPUCount``).
    /// - Throws: ``EdgeServerError`` with every configuration problem.
    public init(configPath: String, threads: Int = EdgeServer.usableCPUCount) throws {
        self.configPath = configPath
        var errorLog = Logger(label: "edge") { label in StreamLogHandler.standardError(label: label) }
        errorLog.logLevel = .info
        self.errorLog = errorLog
        var accessLog = Logger(label: "edge.access") { _ in JSONLineLogHandler() }
        accessLog.logLevel = .info
        let loaded = try Self.load(configPath)
        for warning in loaded.warnings { errorLog.warning("\(warning)") }
        let authority = try Self.authority(for: loaded)
        self.localCAPath = authority?.certificatePath
        let clock = SystemClock()
        let state = try RuntimeState(loaded: loaded, authority: authority, loadedAt: clock.now())
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let originResolver = EdgeOriginResolver(
            system: StubSystemResolver(group: group, loaded: loaded, clock: clock, logger: errorLog),
            clock: clock)
        self.originResolver = originResolver
        self.healthChecker = HealthChecker(group: group, clock: clock, logger: errorLog) { _, _ in
            originResolver.invalidate()
        }
        self.metrics = EdgeMetrics(
            node: state.configuration.node.name, region: state.configuration.node.region, version: Self.version)
        self.threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        self.context = ServerContext(
            group: group, state: state, clock: clock, accessLog: accessLog, errorLog: errorLog,
            threadPool: threadPool, resolver: originResolver)
        self.stopped = group.next().makePromise()
        if let policy = state.dnsPolicy {
            dnsRecords.withLockedValue {
                $0 = PolicyRecordSource(configuration: policy, health: CheckerHealthState(checker: healthChecker))
            }
        }
        originResolver.update(servedZoneLookup(state))
    }

    /// CPUs this process may run on: its affinity mask (so `taskset -c 0 edge serve` runs one event
    /// loop), bounded by NIO's cgroup-aware core count.
    public static var usableCPUCount: Int {
        // `Cpus_allowed:` in /proc/self/status is the affinity mask in hex (comma-separated words).
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return System.coreCount }
        let allowed = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, ch in
            count + (ch.hexDigitValue.map { $0.nonzeroBitCount } ?? 0)
        }
        return max(1, min(allowed == 0 ? System.coreCount : allowed, System.coreCount))
    }

    private static func load(_ path: String) throws -> LoadedConfiguration {
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            throw EdgeServerError(problems: error.problems.map(\.description))
        }
    }

    private static func authority(for loaded: LoadedConfiguration) throws -> LocalCertificateAuthority? {
        guard loaded.configuration.certificates.contains(where: \.selfSigned) else { return nil }
        let state = URL(fileURLWithPath: loaded.resolvePath(loaded.configuration.node.stateDirectory))
            .standardizedFileURL
        let directory = state.path + "/ca"
        return try LocalCertificateAuthority(directory: directory)
    }

    /// Binds every listener of the configuration.
    public func start() throws {
        let state = context.currentState()
        healthChecker.replace(state.configuration.healthChecks)
        for listener in state.configuration.listeners {
            guard let address = ListenAddress(listener.address) else {
                throw EdgeServerError(problems: ["listener \(listener.name): bad address \(listener.address)"])
            }
            let channel: any Channel
            do {
                channel = try bind(listener, address: address).wait()
            } catch {
                abandon()
                throw EdgeServerError(problems: [
                    "listener \(listener.name): cannot listen on \(listener.address): \(error)"
                ])
            }
            listeners.withLockedValue { $0[listener.name] = channel }
            errorLog.info(
                "listening",
                metadata: [
                    "listener": "\(listener.name)", "address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                    "protocol": "\(listener.protocol.rawValue)",
                ])
        }
        if let dns = state.configuration.dns, let zones = state.zones, let records = dnsRecords.withLockedValue({ $0 }),
            !dns.listeners.isEmpty
        {
            let server = DNSServer(
                group: group, zones: zones, engine: AnswerEngine(records: records),
                rateLimit: ResponseRateLimiter.Settings(dns.responseRateLimit),
                packetCacheCapacity: dns.packetCacheBytes ?? DNSServer.environmentPacketCacheCapacity,
                logger: errorLog)
            let bound: [SocketAddress]
            do {
                bound = try server.start(listeners: dns.listeners).wait()
            } catch {
                _ = try? server.shutdown().wait()
                abandon()
                throw EdgeServerError(problems: ["dns: cannot listen on \(dns.listeners): \(error)"])
            }
            dnsServer.withLockedValue { $0 = server }
            for address in bound {
                errorLog.info(
                    "listening", metadata: ["listener": "dns", "address": "\(address)", "protocol": "dns (udp+tcp)"])
            }
        }
    }

    private func bind(_ listener: ListenerConfig, address: ListenAddress) -> EventLoopFuture<any Channel> {
        if listener.protocol == .admin { return bindAdmin(listener, address: address) }
        let context = self.context
        let isHTTPS = listener.protocol == .https
        let name = listener.name
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                context.connections.add(channel)
                // Timeouts as configured when the connection arrives (a reload changes later ones).
                let limits = context.currentState().limits
                do {
                    try channel.pipeline.syncOperations.addHandler(
                        ViewerIdleHandler(timeout: .init(limits.viewerIdleTimeout)))
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                guard isHTTPS else {
                    return Self.configureHTTP1(channel, context: context, isHTTPS: false, serverName: nil)
                }
                guard let tls = context.currentState().tlsByListener[name] else {
                    return channel.close()
                }
                let handshakeDeadline = channel.eventLoop.scheduleTask(in: .init(limits.tlsHandshakeTimeout)) {
                    channel.close(promise: nil)
                }
                channel.closeFuture.whenComplete { _ in handshakeDeadline.cancel() }
                return tls.configureServerPipeline(channel) { channel, serverName in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ApplicationProtocolNegotiationHandler { result, channel in
                                handshakeDeadline.cancel()
                                switch result {
                                case .negotiated("h2"):
                                    return HTTP2ConnectionHandler.configure(
                                        channel, context: context, serverName: serverName)
                                default:
                                    return Self.configureHTTP1(
                                        channel, context: context, isHTTPS: true, serverName: serverName)
                                }
                            })
                    }
                }
            }
            .bind(host: address.host, port: address.port)
    }

    static func configureHTTP1(
        _ channel: any Channel, context: ServerContext, isHTTPS: Bool, serverName: String?
    ) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                HTTP1ConnectionHandler(server: context, isHTTPS: isHTTPS, serverName: serverName))
        }
    }

    /// Start failed: close what was bound and complete the stop promise, so `waitUntilStopped` returns.
    private func abandon() {
        let channels = listeners.withLockedValue { l in
            let all = Array(l.values)
            l = [:]
            return all
        }
        for channel in channels { try? channel.close().wait() }
        stopped.succeed(())
    }

    /// Reloads the configuration file. A bad configuration is reported and the old one keeps serving.
    /// - Returns: the problems, empty on success.
    @discardableResult
    public func reload() -> [String] {
        reloadLock.withLock {
            do {
                let loaded = try Self.load(configPath)
                let authority = try Self.authority(for: loaded)
                let state = try RuntimeState(loaded: loaded, authority: authority, loadedAt: context.clock.now())
                let old = context.currentState()
                if Self.socketShape(old.configuration) != Self.socketShape(state.configuration) {
                    errorLog.warning(
                        "reload: listener and dns.listeners changes take effect at the next restart")
                }
                context.replaceState(state)
                healthChecker.replace(state.configuration.healthChecks)
                metrics.recordReload(applied: true)
                if let zones = state.zones, let policy = state.dnsPolicy {
                    let checker = healthChecker
                    dnsRecords.withLockedValue { records in
                        if let records {
                            records.replaceConfiguration(policy)
                        } else {
                            records = PolicyRecordSource(
                                configuration: policy, health: CheckerHealthState(checker: checker))
                        }
                    }
                    dnsServer.withLockedValue { $0 }?.replaceZones(zones)
                }
                originResolver.update(
                    servedZoneLookup(state),
                    system: StubSystemResolver(group: group, loaded: loaded, clock: context.clock, logger: errorLog))
                for warning in loaded.warnings { errorLog.warning("\(warning)") }
                errorLog.info("reload: configuration applied", metadata: ["file": "\(configPath)"])
                return []
            } catch let error as EdgeServerError {
                metrics.recordReload(applied: false)
                for p in error.problems { errorLog.error("reload rejected: \(p)") }
                errorLog.error("reload: keeping the previous configuration")
                return error.problems
            } catch {
                metrics.recordReload(applied: false)
                errorLog.error("reload rejected: \(error)")
                errorLog.error("reload: keeping the previous configuration")
                return ["\(error)"]
            }
        }
    }

    /// What a reload cannot change without a restart: the sockets (a token file, a TLS version floor
    /// or certificates are picked up live).
    static func socketShape(_ config: EdgeConfiguration) -> [String] {
        config.listeners.map { "\($0.name) \($0.protocol.rawValue) \($0.address)" }
            + (config.dns?.listeners ?? []).map { "dns \($0)" }
    }

    /// Graceful stop: closes listeners, lets in-flight requests finish (up to the drain timeout),
    /// closes idle connections, then releases the event loops.
    public func shutdown() {
        let drain = context.currentState().configuration.node.drainTimeout
        let channels = listeners.withLockedValue { l in
            let all = Array(l.values)
            l = [:]
            return all
        }
        for channel in channels { try? channel.close().wait() }
        if let dns = dnsServer.withLockedValue({ $0 }) { try? dns.shutdown().wait() }
        healthChecker.shutdown()
        context.draining.withLockedValue { $0 = true }
        context.connections.drainAll()
        let deadline = Date().addingTimeInterval(
            Double(drain.components.seconds) + Double(drain.components.attoseconds) / 1e18)
        while context.connections.count > 0 && Date() < deadline {
            usleep(20_000)
        }
        errorLog.info("stopped", metadata: ["open-connections": "\(context.connections.count)"])
        stopped.succeed(())
    }

    /// Blocks until ``shutdown()`` finished, then frees the event loops.
    public func waitUntilStopped() {
        try? stopped.futureResult.wait()
        try? group.syncShutdownGracefully()
        try? threadPool.syncShutdownGracefully()
    }
}

/// Configuration problems that stop a server from starting or a reload from applying.
public struct EdgeServerError: Error, CustomStringConvertible {
    /// Every problem, one per line, as `file:line: key.path: message`.
    public var problems: [String]
    /// All problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
