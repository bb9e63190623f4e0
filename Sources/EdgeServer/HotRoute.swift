import EdgeConfig
import EdgeOrigin
import EdgeRouting

/// What the HTTP/1.1 hit path needs of a behavior whose target is a `directory` origin, computed once
/// per configuration so that a request copies no configuration struct: the origin, and whether the
/// behavior lets a plain GET/HEAD through unchanged (no response-header policy, no debug headers).
final class HotRoute: Sendable {
    let originId: String
    let resolver: DirectoryPathResolver
    let distributionId: String
    let pathPattern: String
    /// `viewerProtocolPolicy` is allow-all (GET and HEAD are always allowed methods).
    let servesPlainHTTP: Bool

    init(
        originId: String, resolver: DirectoryPathResolver, distributionId: String, pathPattern: String,
        servesPlainHTTP: Bool
    ) {
        self.originId = originId
        self.resolver = resolver
        self.distributionId = distributionId
        self.pathPattern = pathPattern
        self.servesPlainHTTP = servesPlainHTTP
    }

    /// The hot routes of a configuration, by behavior identity.
    static func table(routes: RouteTable, configuration: EdgeConfiguration, origins: [String: ResolvedOrigin])
        -> [ObjectIdentifier: HotRoute]
    {
        var table: [ObjectIdentifier: HotRoute] = [:]
        for (index, distribution) in configuration.distributions.enumerated() where !distribution.debugHeaders {
            guard let matcher = routes.matcher(forDistribution: index) else { continue }
            let indices = (0..<matcher.count).map { BehaviorIndex.behavior($0) } + [.default]
            for behaviorIndex in indices {
                guard let match = matcher.behavior(at: behaviorIndex) else { continue }
                let behavior = match.behavior
                guard behavior.responseHeadersPolicy.isEmpty,
                    case .directory(let resolver, _)? = origins[behavior.targetOriginId]
                else { continue }
                let policy = behavior.viewerProtocolPolicy ?? distribution.viewerProtocolPolicy
                table[match.identity] = HotRoute(
                    originId: behavior.targetOriginId, resolver: resolver, distributionId: distribution.id,
                    pathPattern: match.pathPattern, servesPlainHTTP: policy == .allowAll)
            }
        }
        return table
    }
}
