import EdgeConfig
import EdgeDNS
import EdgeDNSServer
import EdgeOrigin
import EdgeProxy
import EdgeRouting
import EdgeTLS
import Foundation
import Yams

/// An origin ready to use: parsed endpoint or opened directory root.
enum ResolvedOrigin: Sendable {
    /// An HTTP origin.
    case http(HTTPOriginEndpoint, OriginConfig)
    /// A local directory.
    case directory(DirectoryPathResolver, OriginConfig)
    /// An S3 origin (not served yet).
    case s3(OriginConfig)
}

/// An origin group ready to use.
struct ResolvedGroup: Sendable {
    /// Member origin ids, primary first.
    var members: [String]
    /// Statuses that fail over.
    var statusCodes: Set<Int>
}

/// One loaded configuration compiled for serving: routes, origins, TLS contexts. Immutable; a reload
/// builds a new one and swaps it in whole, so a request never sees half of each.
final class RuntimeState: Sendable {
    let loaded: LoadedConfiguration
    let configuration: EdgeConfiguration
    let routes: RouteTable
    let limits: LimitsConfig
    let httpsPort: Int?
    let nodeName: String
    /// This node's `Via` entries, built once: `1.1 NAME (edge)` and `2 NAME (edge)`.
    let viaHop11: String
    let viaHop2: String
    let accessLogEnabled: Bool
    /// TLS contexts per HTTPS listener name.
    let tlsByListener: [String: TLSContextStore]
    /// The zones `dns.zones` names, loaded and checked, with their routing-policy records applied;
    /// nil without a `dns` section.
    let zones: AuthoritativeZoneSet?
    /// The Route 53 routing policies and client networks the DNS answers are chosen with.
    let dnsPolicy: PolicyRecordSource.Configuration?
    /// Bearer tokens of the admin listeners, by listener name (read from their `tokenFile`).
    let adminTokens: [String: String]
    /// When this configuration was loaded (clock seconds).
    let loadedAt: Double
    /// Per-behavior plans, by behavior identity (`Route.behaviorIdentity`).
    let plans: [ObjectIdentifier: BehaviorPlan]
    /// Whether any behavior has a `HotRoute` (the hit paths skip their lookup otherwise).
    let hasHotRoutes: Bool

    /// Compiles a loaded configuration. Throws when a file it names cannot be used (a certificate,
    /// a directory root), so a reload can keep the old state.
    init(loaded: LoadedConfiguration, authority: LocalCertificateAuthority?, loadedAt: Double) throws {
        let config = loaded.configuration
        self.loaded = loaded
        self.loadedAt = loadedAt
        self.configuration = config
        self.routes = try RouteTable(config)
        var origins: [String: ResolvedOrigin] = [:]
        for origin in config.origins {
            switch origin.kind {
            case .http(let settings):
                guard let endpoint = HTTPOriginEndpoint(url: settings.url) else {
                    throw RuntimeStateError("origin '\(origin.id)': unusable url \(settings.url)")
                }
                origins[origin.id] = .http(endpoint, origin)
            case .directory(let settings):
                let resolver = try DirectoryPathResolver(
                    root: loaded.resolvePath(settings.path), indexDocument: settings.indexDocument)
                origins[origin.id] = .directory(resolver, origin)
            case .s3:
                origins[origin.id] = .s3(origin)
            }
        }
        var groups: [String: ResolvedGroup] = [:]
        for group in config.originGroups {
            groups[group.id] = ResolvedGroup(members: group.members, statusCodes: Set(group.failoverStatusCodes))
        }
        self.plans = BehaviorPlan.table(routes: routes, configuration: config, origins: origins, groups: groups)
        self.hasHotRoutes = plans.values.contains { $0.hot != nil }
        self.limits = config.limits
        self.nodeName = config.node.name
        self.viaHop11 = ForwardedHeaders.hop(protocolVersion: "1.1", nodeName: config.node.name)
        self.viaHop2 = ForwardedHeaders.hop(protocolVersion: "2", nodeName: config.node.name)
        self.accessLogEnabled = config.accessLog.enabled
        self.httpsPort = config.listeners.first { $0.protocol == .https }.flatMap { ListenAddress($0.address)?.port }
        if let dns = config.dns {
            let (zones, policy) = try Self.loadDNS(dns, loaded: loaded)
            self.zones = zones
            self.dnsPolicy = policy
        } else {
            self.zones = nil
            self.dnsPolicy = nil
        }
        // One context store per HTTPS listener: the version floor and ALPN list are per listener.
        // Leaves issued by the local CA are cached on disk, so listeners share them.
        var stores: [String: TLSContextStore] = [:]
        if !config.certificates.isEmpty {
            for listener in config.listeners where listener.protocol == .https {
                stores[listener.name] = try TLSContextStore(
                    certificates: config.certificates, resolvePath: { loaded.resolvePath($0) }, authority: authority,
                    minimumVersion: listener.minimumProtocolVersion,
                    alpn: listener.http2 ? ["h2", "http/1.1"] : ["http/1.1"])
            }
        }
        self.tlsByListener = stores
        self.adminTokens = try Self.loadAdminTokens(config, loaded: loaded)
    }
}

extension RuntimeState {
    /// Reads each admin listener's token file (surrounding whitespace trimmed); an unreadable or empty
    /// file fails the load, so a reload cannot leave the admin API open or locked out.
    static func loadAdminTokens(_ config: EdgeConfiguration, loaded: LoadedConfiguration) throws -> [String: String] {
        var tokens: [String: String] = [:]
        for listener in config.listeners where listener.protocol == .admin {
            let path = loaded.resolvePath(listener.tokenFile ?? "")
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else {
                throw RuntimeStateError("listener \(listener.name): cannot read tokenFile \(path)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw RuntimeStateError("listener \(listener.name): tokenFile \(path) is empty")
            }
            tokens[listener.name] = token
        }
        return tokens
    }

    /// Loads every zone file and its `policies` YAML; all-or-nothing, so a reload with a broken zone or
    /// policy keeps the last good set. Problems name the file (and line, for zone files).
    static func loadDNS(_ dns: DNSSettings, loaded: LoadedConfiguration) throws -> (
        AuthoritativeZoneSet, PolicyRecordSource.Configuration
    ) {
        var zones: [Zone] = []
        var specs: [PolicyRecordSpec] = []
        for ref in dns.zones {
            zones.append(try ZoneFileLoader.load(file: ref.file, baseDirectory: loaded.baseDirectory).zone)
            guard let policies = ref.policies, !policies.isEmpty else { continue }
            let path = loaded.resolvePath(policies)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw RuntimeStateError("\(path): cannot read the routing-policy file")
            }
            do {
                specs += try YAMLDecoder().decode(PolicyDocument.self, from: text).records
            } catch {
                throw RuntimeStateError("\(path): \(error)")
            }
        }
        do {
            let checks = Set(loaded.configuration.healthChecks.map(\.id))
            for spec in specs {
                if let id = spec.healthCheckId, !checks.contains(id) {
                    throw RuntimeStateError(
                        "record \(spec.name) \(spec.type) (\(spec.setIdentifier ?? "no setIdentifier")): healthCheckId '\(id)' is not in healthChecks"
                    )
                }
            }
            let policies = try PolicySet(records: specs)
            let networks = try ClientNetworkTable(
                networks: dns.clientNetworks)
            let set = try AuthoritativeZoneSet(policies.applied(to: zones))
            return (
                set,
                PolicyRecordSource.Configuration(
                    policies: policies, networks: networks,
                    regionProximity: PolicyRegionProximity(dns.latencyRegions))
            )
        } catch {
            throw RuntimeStateError("dns: \(error)")
        }
    }
}

/// A reason a configuration could not be compiled.
struct RuntimeStateError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `host:port` or `[v6]:port`, parsed.
struct ListenAddress: Hashable, Sendable {
    var host: String
    var port: Int

    init?(_ text: String) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { return nil }
            port = p
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let p = Int(text[text.index(after: colon)...]) else { return nil }
            port = p
        } else {
            return nil
        }
        guard (0...65535).contains(port) else { return nil }
    }
}

extension RuntimeState {
    /// Routes a request by host and target and finds the matched behavior's plan.
    func routed(host: String, target: String) -> RoutedBehavior? {
        guard let route = routes.route(host: host[...], path: target[...]),
            let plan = plans[route.behaviorIdentity]
        else { return nil }
        return RoutedBehavior(route: route, plan: plan)
    }
}
