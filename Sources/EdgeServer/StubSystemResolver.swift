import EdgeConfig
import EdgeCore
import EdgeResolver
import Logging
import NIOCore

/// The system resolver the edge uses for origin names outside its served zones: `StubResolver` set up
/// from `resolver:` over `/etc/resolv.conf` and `/etc/hosts` (see docs/resolver.md).
struct StubSystemResolver: SystemHostResolver {
    let stub: StubResolver

    init(
        group: any EventLoopGroup, loaded: LoadedConfiguration, clock: any EdgeClock, logger: Logger
    ) {
        stub = StubResolver(
            group: group, configuration: Self.configuration(loaded), clock: clock, logger: logger)
    }

    /// `resolver:` applied over the system's defaults.
    static func configuration(_ loaded: LoadedConfiguration) -> StubResolver.Configuration {
        let settings = loaded.configuration.resolver
        var configuration = StubResolver.Configuration.systemDefault()
        let nameservers = settings.nameservers.compactMap { text -> SocketAddress? in
            guard let address = ListenAddress(text) else { return nil }
            return try? SocketAddress(ipAddress: address.host, port: address.port)
        }
        if !nameservers.isEmpty { configuration.nameservers = nameservers }
        if let hosts = settings.hostsFile {
            configuration.hostsFile = hosts.isEmpty ? nil : loaded.resolvePath(hosts)
        }
        if let timeout = settings.timeout { configuration.timeout = TimeAmount(timeout) }
        if let attempts = settings.attempts { configuration.attempts = attempts }
        configuration.maximumTTL = TimeAmount(settings.maximumTTL)
        configuration.maximumNegativeTTL = TimeAmount(settings.maximumNegativeTTL)
        return configuration
    }

    func resolve(_ host: String, on eventLoop: any EventLoop) -> EventLoopFuture<ResolvedHost> {
        stub.resolve(host, on: eventLoop)
    }
}
