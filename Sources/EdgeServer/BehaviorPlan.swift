import EdgeConfig
import EdgeOrigin
import EdgeRouting
import NIOCore

/// One origin as a request uses it, built once per configuration: the resolved origin and, for HTTP
/// origins, the connect policy and response timeout already converted. Shared by every behavior
/// that targets the origin, so an exchange holds a reference instead of copying `OriginConfig`.
final class OriginPlan: Sendable {
    /// The origin's `id`.
    let id: String
    /// The origin itself; nil for an id that names nothing (validation prevents it).
    let resolved: ResolvedOrigin?
    /// How connections to an HTTP origin are made and kept.
    let connectPolicy: OriginConnectionPool.ConnectPolicy
    /// The origin's `responseTimeout`.
    let responseTimeout: TimeAmount
    /// The origin's `customHeaders`.
    let customHeaders: [HeaderPair]

    init(id: String, resolved: ResolvedOrigin?) {
        self.id = id
        self.resolved = resolved
        let config: OriginConfig? =
            switch resolved {
            case .http(_, let c), .directory(_, let c), .s3(let c): c
            case nil: nil
            }
        let defaults = OriginConfig(id: id, kind: .http(.init(url: "")))
        let origin = config ?? defaults
        connectPolicy = .init(
            connectionTimeout: .init(origin.connectionTimeout), connectionAttempts: origin.connectionAttempts,
            keepaliveTimeout: .init(origin.keepaliveTimeout), maxIdle: origin.maxIdleConnections)
        responseTimeout = .init(origin.responseTimeout)
        customHeaders = origin.customHeaders
    }
}

/// Everything a request needs from its matched behavior, built once per configuration (per compiled
/// behavior): the distribution and behavior settings, the origins to try in order, the statuses that
/// fail over and, for a directory behavior the hit path may serve, its `HotRoute`.
final class BehaviorPlan: Sendable {
    /// The behavior's distribution.
    let distribution: DistributionConfig
    /// The behavior.
    let behavior: CacheBehaviorConfig
    /// Origins to try in order: an origin group's members, or the one target origin.
    let targets: [OriginPlan]
    /// Origin statuses that move on to the next target (an origin group's failover criteria).
    let failoverStatuses: Set<Int>
    /// Set when the HTTP/1.1 and HTTP/2 hit paths may answer for this behavior.
    let hot: HotRoute?
    /// The behavior's `viewerProtocolPolicy`, or else the distribution's.
    let viewerProtocolPolicy: ViewerProtocolPolicy

    init(
        distribution: DistributionConfig, behavior: CacheBehaviorConfig, targets: [OriginPlan],
        failoverStatuses: Set<Int>, hot: HotRoute?
    ) {
        self.distribution = distribution
        self.behavior = behavior
        self.targets = targets
        self.failoverStatuses = failoverStatuses
        self.hot = hot
        self.viewerProtocolPolicy = behavior.viewerProtocolPolicy ?? distribution.viewerProtocolPolicy
    }

    /// The plans of a configuration, by behavior identity (`Route.behaviorIdentity`).
    static func table(
        routes: RouteTable, configuration: EdgeConfiguration, origins: [String: ResolvedOrigin],
        groups: [String: ResolvedGroup]
    ) -> [ObjectIdentifier: BehaviorPlan] {
        var originPlans: [String: OriginPlan] = [:]
        func originPlan(_ id: String) -> OriginPlan {
            if let plan = originPlans[id] { return plan }
            let plan = OriginPlan(id: id, resolved: origins[id])
            originPlans[id] = plan
            return plan
        }
        var table: [ObjectIdentifier: BehaviorPlan] = [:]
        for (index, distribution) in configuration.distributions.enumerated() {
            guard let matcher = routes.matcher(forDistribution: index) else { continue }
            let indices = (0..<matcher.count).map { BehaviorIndex.behavior($0) } + [.default]
            for behaviorIndex in indices {
                guard let match = matcher.behavior(at: behaviorIndex) else { continue }
                let behavior = match.behavior
                let target = behavior.targetOriginId
                let group = groups[target]
                table[match.identity] = BehaviorPlan(
                    distribution: distribution, behavior: behavior,
                    targets: (group?.members ?? [target]).map(originPlan),
                    failoverStatuses: group?.statusCodes ?? [],
                    hot: HotRoute(distribution: distribution, match: match, origins: origins))
            }
        }
        return table
    }
}

/// A routed request: the route table's answer and the plan of the behavior it matched.
struct RoutedBehavior {
    /// Distribution and behavior as matched.
    let route: Route
    /// The matched behavior's plan.
    let plan: BehaviorPlan
}
