import EdgeConfig
import EdgeDNSServer
import EdgeHealth
import NIOCore
import NIOHTTP1
import NIOPosix

extension EdgeServer: AdminBackend {
    /// Binds an admin listener: NIO's HTTP/1.1 server pipeline and `AdminHandler`.
    func bindAdmin(_ listener: ListenerConfig, address: ListenAddress) -> EventLoopFuture<any Channel> {
        let name = listener.name
        let threadPool = self.threadPool
        let api: @Sendable () -> AdminAPI? = { [self] in
            guard let token = context.currentState().adminTokens[name] else { return nil }
            return AdminAPI(token: token, backend: self)
        }
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [context] channel in
                let idle = TimeAmount(context.currentState().limits.viewerIdleTimeout)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ViewerIdleHandler(timeout: idle))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(api: api, threadPool: threadPool))
                }
            }
            .bind(host: address.host, port: address.port)
    }

    func healthReports() -> [HealthChecker.Report] { healthChecker.snapshot() }

    func metricsText() -> String { metrics.render(health: healthChecker.snapshot()) }

    func status() -> AdminStatus {
        let state = context.currentState()
        let config = state.configuration
        return AdminStatus(
            node: config.node.name, region: config.node.region, version: Self.version, configFile: configPath,
            configLoadedAt: HealthCheckView.iso8601(state.loadedAt),
            listeners: config.listeners.map { "\($0.name) \($0.protocol.rawValue) \($0.address)" },
            healthChecks: config.healthChecks.count)
    }
}

/// Routing policies read health from the checker: unknown (no result yet) is nil, treated as healthy.
struct CheckerHealthState: HealthStateProvider {
    let checker: HealthChecker

    func isHealthy(_ id: String) -> Bool? { checker.isHealthy(id) }
}

extension EdgeServer {
    /// The edge's own view of the zones it serves, asked from `node.region`; nil without zones.
    func servedZoneLookup(_ state: RuntimeState) -> ServedZoneLookup? {
        guard let zones = state.zones, let records = dnsRecords.withLockedValue({ $0 }) else { return nil }
        return ServedZoneLookup(
            zones: zones, engine: AnswerEngine(records: records),
            location: ClientNetworkLocation(region: state.configuration.node.region))
    }
}
